"""Cursor pagination: every row once, in the list's own order, whatever the sort."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from secretariat.api.tracker import ORDERINGS
from secretariat.core.visibility import access_for
from secretariat.teams.models import Team
from secretariat.tracker import queries
from secretariat.tracker.models import ActionItem
from tests.api.conftest import ApiClient
from tests.factories import make_item


@pytest.fixture
def many_items(team: Team) -> list[ActionItem]:
    """23 items with repeated and missing due dates, categories and statuses."""
    items = []
    for n in range(23):
        items.append(
            make_item(
                team,
                f"SSR2 item {n}: follow up on the SSR1 recommendation {n % 7}",
                due_on=None if n % 4 == 0 else dt.date(2017, 6, 1 + n % 5),
                requested_on=None if n % 6 == 0 else dt.date(2017, 5, 1 + n % 3),
                category=["Workplan", "Outreach", "General"][n % 3],
                status=["open", "in_progress", "dropped"][n % 3],
            )
        )
    return items


def _all_pages(client: ApiClient, path: str, **params: Any) -> tuple[list[int], int]:
    numbers: list[int] = []
    pages = 0
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, query).json()
        numbers.extend(row["number"] for row in body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return numbers, pages


def test_the_api_orderings_are_the_screens_sorts() -> None:
    assert set(ORDERINGS) == set(queries.SORTS)


@pytest.mark.parametrize("sort", sorted(queries.SORTS))
def test_pages_hold_every_item_once_in_the_screens_order(
    sort: str, many_items: list[ActionItem], team: Team, anonymous: ApiClient
) -> None:
    numbers, pages = _all_pages(anonymous, "teams/ssr2/actions", sort=sort, limit=5)
    screen = queries.filter_action_items(
        queries.visible_action_items(viewer=None, team=team),
        filters=queries.TrackerFilters(sort=sort),
        access=access_for(None, team),
    )
    assert numbers == [item.number for item in screen]
    assert len(numbers) == len(set(numbers)) == 23
    assert pages == 5


def test_an_item_created_while_paging_neither_repeats_nor_hides_others(
    many_items: list[ActionItem], team: Team, anonymous: ApiClient
) -> None:
    first = anonymous.get("teams/ssr2/actions", {"sort": "number", "limit": 10}).json()
    make_item(team, "Created while someone was paging")
    rest, _pages = _all_pages(
        anonymous, "teams/ssr2/actions", sort="number", limit=10, cursor=first["next_cursor"]
    )
    seen = [row["number"] for row in first["items"]] + rest
    assert seen == list(range(1, 25))


def test_filters_combine_with_paging(many_items: list[ActionItem], anonymous: ApiClient) -> None:
    numbers, _pages = _all_pages(
        anonymous, "teams/ssr2/actions", status="active", category="Outreach", limit=2
    )
    expected = sorted(
        (
            i.number
            for i in many_items
            if i.category == "Outreach" and i.status in ("open", "in_progress")
        ),
        reverse=True,
    )
    assert numbers == expected


def test_a_forged_cursor_is_a_422_on_cursor(
    many_items: list[ActionItem], anonymous: ApiClient
) -> None:
    answer = anonymous.get("teams/ssr2/actions", {"cursor": "eyJvIjoiLW51bWJlciJ9:forged:sig"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "cursor", "message": "Not a valid cursor."}]


def test_a_cursor_from_another_sort_is_refused(
    many_items: list[ActionItem], anonymous: ApiClient
) -> None:
    cursor = anonymous.get("teams/ssr2/actions", {"sort": "due", "limit": 3}).json()["next_cursor"]
    answer = anonymous.get("teams/ssr2/actions", {"sort": "number", "cursor": cursor})
    assert answer.status_code == 422


@pytest.mark.parametrize(("limit", "status"), [(0, 422), (1, 200), (500, 200), (501, 422)])
def test_page_size_is_capped_at_500(
    limit: int, status: int, many_items: list[ActionItem], anonymous: ApiClient
) -> None:
    answer = anonymous.get("teams/ssr2/actions", {"limit": limit})
    assert answer.status_code == status
    if status == 422:
        assert answer.json()["errors"][0]["field"] == "limit"


def test_the_default_page_is_100(team: Team, anonymous: ApiClient) -> None:
    ActionItem.objects.bulk_create(
        ActionItem(team=team, number=n, text=f"Bulk item {n}") for n in range(1, 131)
    )
    body = anonymous.get("teams/ssr2/actions").json()
    assert len(body["items"]) == 100
    assert body["next_cursor"]


def test_notes_and_history_page_too(public_item: ActionItem, staff: Any) -> None:
    from secretariat.tracker.services import add_progress_note
    from tests.api.conftest import token_for

    for day in range(1, 8):
        add_progress_note(
            item=public_item, by=None, text=f"Follow-up {day}", noted_on=dt.date(2017, 6, day)
        )
    client = ApiClient(token_for(staff))
    path = f"teams/ssr2/actions/{public_item.number}"
    texts: list[str] = []
    cursor = None
    while True:
        body = client.get(
            f"{path}/notes", {"limit": 3, **({"cursor": cursor} if cursor else {})}
        ).json()
        texts += [n["text"] for n in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert texts == [f"Follow-up {day}" for day in range(1, 8)]
    history = client.get(f"{path}/history", {"limit": 100}).json()["items"]
    assert [h["action"] for h in history] == ["tracker.item.created"] + ["tracker.note.added"] * 7
