"""A team's home: what is open and overdue by owner, the next and last meetings, the latest
decisions and recently completed items, as the viewer may read them, in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.meetings.services import record_decision
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.services import complete_action_item
from tests.conftest import client_for
from tests.factories import make_call, make_item

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2017, 6, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today() -> object:
    with time_machine.travel(TODAY, tick=False):
        yield


def test_it_shows_overdue_items_under_each_owner(
    team: Team, staff: Person, co_chairs: Group, client: Client
) -> None:
    make_item(team, "Draft the work plan.", owners=[staff], due_on=dt.date(2017, 6, 9))
    make_item(team, "Approve the agenda.", owners=[co_chairs, staff], due_on=dt.date(2017, 6, 1))
    make_item(team, "Circulate the survey.", due_on=dt.date(2017, 6, 30))  # not overdue yet
    make_item(team, "Unowned and late.", due_on=dt.date(2017, 6, 2))

    body = client.get("/ssr2/").content.decode()

    assert "2 overdue" not in body
    assert "3 overdue" in body
    co_chairs_at = body.index("<dt>Co-Chairs</dt>")
    staff_at = body.index("<dt>Jennifer Bryce</dt>")
    unassigned_at = body.index("<dt>Unassigned</dt>")
    assert co_chairs_at < staff_at < unassigned_at
    assert body.count('href="/ssr2/actions/2/"') == 2  # under both of its owners
    assert "Circulate the survey." not in body


def test_it_shows_the_next_and_last_meetings_and_latest_decisions(
    team: Team, client: Client
) -> None:
    last = make_call(team, 111, starts_at=dt.datetime(2017, 6, 13, 14, 0, tzinfo=dt.UTC))
    make_call(team, 112, starts_at=dt.datetime(2017, 6, 27, 14, 0, tzinfo=dt.UTC))
    make_call(team, 110, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    record_decision(team=team, by=None, text="Adopt the terms of reference.", meeting=last)

    body = client.get("/ssr2/").content.decode()

    next_at = body.index("Next meeting")
    assert body.index('href="/ssr2/meetings/112/"') > next_at
    assert body.index('href="/ssr2/meetings/111/"') > body.index("Last meeting")
    assert 'href="/ssr2/meetings/110/"' not in body
    assert "Adopt the terms of reference." in body


def test_recently_completed_items_are_listed(team: Team, client: Client) -> None:
    done = make_item(team, "Distribute draft Johannesburg agenda to email list.")
    complete_action_item(item=done, by=None, expected_version=1, response="Sent on 30 May.")

    body = client.get("/ssr2/").content.decode()

    assert "Recently completed" in body
    assert "Distribute draft Johannesburg agenda" in body


def test_restricted_records_are_counted_as_withheld_never_shown(
    team: Team, staff: Person, member: Person, client: Client
) -> None:
    make_item(
        team,
        "Review NDA CANARY-HOME-1.",
        due_on=dt.date(2017, 6, 1),
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    make_call(
        team,
        112,
        "Legal briefing CANARY-HOME-2",
        starts_at=dt.datetime(2017, 6, 27, 14, 0, tzinfo=dt.UTC),
        visibility=Visibility.RESTRICTED,
    )
    record_decision(
        team=team,
        by=None,
        text="CANARY-HOME-3",
        source="email",
        decided_on=dt.date(2017, 6, 8),
        visibility=Visibility.RESTRICTED,
    )

    public = client.get("/ssr2/").content.decode()
    as_member = client_for(member).get("/ssr2/").content.decode()
    as_staff = client_for(staff).get("/ssr2/").content.decode()

    for body in (public, as_member):
        assert "CANARY-HOME" not in body
        assert "1 action items, 1 meetings and 1 decisions are not public" in body
    assert "CANARY-HOME-1" in as_staff
    assert "CANARY-HOME-2" in as_staff
    assert "Withheld from you" not in as_staff


def test_the_team_list_links_to_each_team_home(team: Team, client: Client) -> None:
    body = client.get("/").content.decode()

    assert 'href="/ssr2/"' in body


def test_team_pages_show_the_sections_that_exist(team: Team, client: Client) -> None:
    body = client.get("/ssr2/actions/").content.decode()

    assert '<nav class="team-sections"' in body
    for path in ("/ssr2/", "/ssr2/actions/", "/ssr2/meetings/", "/ssr2/decisions/"):
        assert f'href="{path}"' in body
    assert 'href="/ssr2/actions/" aria-current="page"' in body


def test_an_unknown_team_is_a_404(db: None, client: Client) -> None:
    assert client.get("/atrt3/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_it_runs_the_same_number_of_queries_whatever_the_size(
    team: Team,
    staff: Person,
    co_chairs: Group,
    client: Client,
    size: int,
    django_assert_num_queries: object,
) -> None:
    for n in range(size):
        meeting = make_call(
            team, 100 + n, starts_at=dt.datetime(2017, 6, 1 + n % 28, tzinfo=dt.UTC)
        )
        item = make_item(
            team,
            f"Item {n}",
            owners=[staff, co_chairs],
            due_on=dt.date(2017, 6, 1),
            source_meeting=meeting,
        )
        record_decision(team=team, by=None, text=f"Decision {n}", meeting=meeting)
        if n % 2:
            complete_action_item(item=item, by=None, expected_version=1, response="Done.")

    with django_assert_num_queries(QUERIES):  # type: ignore[operator]
        assert client.get("/ssr2/").status_code == 200


# 11 for the page, 5 for the progress pictures (workplan tag progress_pictures): the team's
# latest history entry, which keys the public's copy, then 4 to count them afresh.
QUERIES = 16
