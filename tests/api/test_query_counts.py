"""The list endpoints run the same number of queries for 10 items as for 1,000."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_group


def _fill(team: Team, count: int, owners: list[Person | Group]) -> None:
    start = ActionItem.objects.filter(team=team).count()
    items = ActionItem.objects.bulk_create(
        ActionItem(
            team=team, number=start + n, text=f"Review SSR1 recommendation {n}", category="Workplan"
        )
        for n in range(1, count + 1)
    )
    ActionItemOwner.objects.bulk_create(
        ActionItemOwner(
            item=item,
            position=position,
            person=owner if isinstance(owner, Person) else None,
            group=owner if isinstance(owner, Group) else None,
        )
        for item in items
        for position, owner in enumerate(owners)
    )


def _queries(client: ApiClient, path: str, params: dict[str, Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path, params)
    assert answer.status_code == 200
    return len(captured.captured_queries), len(answer.json()["items"])


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_listing_items_is_constant_in_queries(
    who: str, team: Team, member: Person, staff: Person
) -> None:
    group = make_group(team, "SSR2-RT", [member])
    client = ApiClient(token_for(member) if who == "member" else None)
    params = {"limit": 500, "status": "active", "mine": "true" if who == "member" else "false"}
    _fill(team, 10, [member, group])
    client.get("teams/ssr2/actions", params)  # warm caches (content types, sessions)
    small, small_rows = _queries(client, "teams/ssr2/actions", params)
    _fill(team, 990, [staff, group, member])
    large, large_rows = _queries(client, "teams/ssr2/actions", params)
    assert (small_rows, large_rows) == (10, 500)
    assert small == large


def test_listing_people_and_groups_is_constant_in_queries(team: Team, member: Person) -> None:
    from tests.factories import make_member

    client = ApiClient(token_for(member))
    for n in range(5):
        make_member(team, f"Reviewer Number{n}")
    make_group(team, "Co-Chairs", list(Person.objects.all()[:3]))
    client.get("teams/ssr2/people")  # warm up: the token's first use is noted once
    counts_small = [
        _queries(client, f"teams/ssr2/{kind}", {})[0]
        for kind in ("people", "groups", "memberships")
    ]
    for n in range(40):
        make_member(team, f"Later Reviewer{n}")
    for n in range(10):
        make_group(team, f"Sub-group {n}", list(Person.objects.all()[:n]))
    counts_large = [
        _queries(client, f"teams/ssr2/{kind}", {})[0]
        for kind in ("people", "groups", "memberships")
    ]
    assert counts_small == counts_large
