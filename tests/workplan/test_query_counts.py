from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.services import save_baseline
from tests.conftest import client_for
from tests.factories import make_call, make_item
from tests.workplan.helpers import make_milestone

D = dt.date


def _add(team: Team, start: int, count: int, owners: list[Person | Group]) -> None:
    for n in range(start, start + count):
        item = make_item(team, f"Briefing follow-up {n}")
        call = make_call(team, 200 + n, starts_at=dt.datetime(2017, 5, 1, 14, tzinfo=dt.UTC))
        previous = make_milestone(
            team, f"Findings draft {n}", workstream=f"Sub-group {n % 3}", owners=owners,
            start_on=D(2017, 5, 1) + dt.timedelta(days=n), end_on=D(2017, 7, 1) + dt.timedelta(days=n),
            action_items=[item], meetings=[call],
        )  # fmt: skip
        make_milestone(team, f"Key date {n}", start_on=None, depends_on=[previous])


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_workplan_page_runs_the_same_number_of_queries_at_two_sizes(
    team: Team, staff: Person, member: Person, co_chairs: Group
) -> None:
    _add(team, 0, 3, [co_chairs, member])
    save_baseline(team=team, by=None)
    small = {who: _queries(client, "/ssr2/workplan/") for who, client in
             (("public", Client()), ("member", client_for(member)), ("staff", client_for(staff)))}  # fmt: skip

    _add(team, 3, 12, [member])
    save_baseline(team=team, by=None)
    large = {who: _queries(client, "/ssr2/workplan/") for who, client in
             (("public", Client()), ("member", client_for(member)), ("staff", client_for(staff)))}  # fmt: skip

    assert small == large


def test_the_progress_page_runs_the_same_number_of_queries_at_two_sizes(
    team: Team, staff: Person
) -> None:
    for n in range(3):
        make_item(team, f"Item {n}", owners=[staff], due_on=D(2017, 5, 1))
    small = _queries(Client(), "/ssr2/progress/")
    for n in range(3, 20):
        make_item(team, f"Item {n}", owners=[staff], due_on=D(2017, 5, 1))
    assert _queries(Client(), "/ssr2/progress/") == small
