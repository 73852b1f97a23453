"""Meetings and decisions lists: cursor pagination in a stable order, and a constant number of
queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.meetings.models import Attendance, Decision, Meeting
from secretariat.teams.models import Person, Team
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_call


def _fill_meetings(team: Team, count: int, people: list[Person]) -> None:
    start = Meeting.objects.filter(team=team).count()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            team=team,
            number=start + n,
            title=f"SSR2 Plenary Call #{start + n}",
            # Several meetings share a start, so the order must fall back to the number.
            starts_at=dt.datetime(2017, 1, 1, 14, tzinfo=dt.UTC)
            + dt.timedelta(days=(start + n) // 3),
            visibility=Visibility.TEAM if n % 5 == 0 else Visibility.PUBLIC,
        )
        for n in range(1, count + 1)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=p, role="member") for m in meetings for p in people
    )


def _fill_decisions(team: Team, count: int) -> None:
    start = Decision.objects.filter(team=team).count()
    Decision.objects.bulk_create(
        Decision(
            team=team,
            number=start + n,
            text=f"Decision {start + n} of the SSR2 review team",
            decided_on=dt.date(2017, 1, 1) + dt.timedelta(days=(start + n) // 4),
            source=Decision.Source.EMAIL,
        )
        for n in range(1, count + 1)
    )


def _queries(client: ApiClient, path: str, params: dict[str, Any]) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path, params)
    assert answer.status_code == 200, answer.content
    return len(captured.captured_queries), len(answer.json()["items"])


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_listing_meetings_and_decisions_is_constant_in_queries(
    who: str, team: Team, member: Person, staff: Person
) -> None:
    client = ApiClient(token_for(member) if who == "member" else None)
    _fill_meetings(team, 10, [member])
    _fill_decisions(team, 10)
    client.get("teams/ssr2/meetings")  # warm up: the token's first use is noted once
    small = [
        _queries(client, f"teams/ssr2/{kind}", {"limit": 100}) for kind in ("meetings", "decisions")
    ]
    _fill_meetings(team, 600, [member, staff])
    _fill_decisions(team, 600)
    large = [
        _queries(client, f"teams/ssr2/{kind}", {"limit": 100}) for kind in ("meetings", "decisions")
    ]
    assert [rows for _, rows in small] == [10 if who == "member" else 8, 10]
    assert [rows for _, rows in large] == [100, 100]
    assert [count for count, _ in small] == [count for count, _ in large]


def test_a_meeting_with_a_large_agenda_reads_in_constant_queries(team: Team, staff: Person) -> None:
    from tests.factories import make_agenda

    client = ApiClient(token_for(staff))
    small = make_call(team, 1)
    large = make_call(team, 2)
    make_agenda(small, ["Roll call", ("Work plan", ["Dates"])])
    make_agenda(large, [(f"Item {n}", [f"Sub-item {n}.{m}" for m in range(5)]) for n in range(30)])
    client.get("teams/ssr2/meetings/1")
    counts = []
    for number in (1, 2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"teams/ssr2/meetings/{number}").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def _walk(client: ApiClient, path: str, key: str, limit: int, between: Any = None) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        body = client.get(path, params).json()
        seen.extend(i[key] for i in body["items"])
        cursor = body["next_cursor"]
        if between is not None:
            between()
            between = None
        if not cursor:
            return seen


def test_paging_meetings_is_stable_while_meetings_are_added(team: Team, staff: Person) -> None:
    client = ApiClient(token_for(staff))
    _fill_meetings(team, 25, [])
    everything = [
        m["number"] for m in client.get("teams/ssr2/meetings", {"limit": 500}).json()["items"]
    ]
    assert len(everything) == 25

    # Meetings added while paging (a later one, and one in the middle of the order) never make
    # a meeting of the original list repeat or vanish.
    def add() -> None:
        make_call(team, 900, starts_at=dt.datetime(2018, 1, 1, tzinfo=dt.UTC))
        make_call(team, 901, starts_at=dt.datetime(2017, 1, 5, 14, tzinfo=dt.UTC))

    walked = _walk(client, "teams/ssr2/meetings", "number", 4, between=add)
    assert [n for n in walked if n < 900] == everything
    assert len(walked) == len(set(walked))


def test_paging_decisions_is_stable(team: Team, staff: Person) -> None:
    client = ApiClient(token_for(staff))
    _fill_decisions(team, 23)
    walked = _walk(client, "teams/ssr2/decisions", "number", 5)
    assert walked == sorted(walked, reverse=True)
    assert walked == list(range(23, 0, -1))


def test_a_cursor_of_another_list_is_a_422_on_cursor(team: Team, staff: Person) -> None:
    client = ApiClient(token_for(staff))
    _fill_decisions(team, 3)
    cursor = client.get("teams/ssr2/decisions", {"limit": 1}).json()["next_cursor"]
    answer = client.get("teams/ssr2/meetings", {"cursor": cursor})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "cursor"
