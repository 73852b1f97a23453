"""The meeting pages as each visitor sees them: list, meeting page, decisions, attendance record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.services import (
    add_agenda_item,
    record_attendance,
    record_decision,
    save_minutes_draft,
)
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(team: Team, staff: Person, member: Person, other_member: Person) -> Meeting:
    meeting = make_call(team, 111, "SSR2 Plenary Call", status=Meeting.Status.HELD,
                        starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC))  # fmt: skip
    make_agenda(meeting, [("Welcome, roll call, SOI updates", ["Approval of last minutes"]), "AOB"])
    record_attendance(
        meeting=meeting,
        by=None,
        roles={member: "member", staff: "staff", other_member: "apologies"},
    )
    record_decision(team=team, by=None, text="Adopt the work plan as circulated.", meeting=meeting)
    make_item(
        team, "Draft SSR2 progress report for SO/ACs.", owners=[staff], source_meeting=meeting
    )
    return meeting


def test_anonymous_visitors_read_public_meetings_only(
    team: Team, call: Meeting, client: Client
) -> None:
    make_call(
        team,
        112,
        "Co-chairs and ICANN Legal",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Legal",
    )

    listing = client.get("/ssr2/meetings/").content.decode()

    assert 'href="/ssr2/meetings/111/"' in listing
    assert "ICANN Legal" not in listing
    # The closed meeting's number is a placeholder that says why (archive.withheld).
    closed = client.get("/ssr2/meetings/112/")
    assert closed.status_code == 403
    assert "ICANN Legal" not in closed.content.decode()
    assert "Reason given: Legal" in closed.content.decode()
    assert client.get("/ssr2/meetings/111/").status_code == 200


def test_the_meeting_page_shows_agenda_attendance_decisions_and_action_items(
    call: Meeting, client: Client
) -> None:
    body = client.get("/ssr2/meetings/111/").content.decode()

    assert "1.1." in body
    assert "Approval of last minutes" in body
    assert "Boban Krsic" in body
    assert "Kerry-Ann Barrett" in body
    assert "Apologies (1)" in body
    assert "Adopt the work plan as circulated." in body
    assert 'href="/ssr2/actions/1/"' in body
    assert "Thursday 8 June 2017, 14:00 UTC" in body
    assert "Europe/Berlin" in body
    assert "16:00" in body
    assert "Take a note" not in body  # no write controls for the public


def test_staff_see_the_in_place_controls(call: Meeting, staff: Person) -> None:
    body = client_for(staff).get("/ssr2/meetings/111/").content.decode()

    assert "Make it an action item" in body
    assert "Make it a decision" in body
    assert "Record the decision" in body
    assert 'href="/ssr2/meetings/111/attendance/"' in body
    # Staff see times in their own zone too.
    assert "07:00 (America/Los_Angeles)" in body


def test_members_read_but_get_no_controls(call: Meeting, member: Person) -> None:
    body = client_for(member).get("/ssr2/meetings/111/").content.decode()
    assert "Adopt the work plan" in body
    assert "Make it an action item" not in body


def test_the_decisions_page_lists_newest_first_and_filters_by_source(
    team: Team, call: Meeting, client: Client
) -> None:
    record_decision(team=team, by=None, text="Hold the face-to-face at ICANN59.", source=Decision.Source.EMAIL,
                    source_text="List post", decided_on=dt.date(2017, 6, 12))  # fmt: skip

    body = client.get("/ssr2/decisions/").content.decode()
    by_email = client.get("/ssr2/decisions/?source=email").content.decode()
    early = client.get("/ssr2/decisions/?until=2017-06-10").content.decode()

    assert body.index("Hold the face-to-face") < body.index("Adopt the work plan")
    assert "Adopt the work plan" not in by_email
    assert "Hold the face-to-face" in by_email
    assert "Hold the face-to-face" not in early
    assert "Adopt the work plan" in early


def test_the_attendance_record_page_counts_per_member(call: Meeting, client: Client) -> None:
    body = client.get("/ssr2/meetings/attendance/").content.decode()
    assert "<td>Boban Krsic</td><td>1</td><td>0</td><td>0</td>" in body
    assert "<td>Kerry-Ann Barrett</td><td>0</td><td>1</td><td>0</td>" in body


def test_the_minutes_page_links_the_approving_meeting(
    team: Team, call: Meeting, client: Client
) -> None:
    save_minutes_draft(meeting=call, by=None, text="The RT adopted the work plan.")
    assert (
        "The RT adopted the work plan."
        in client.get("/ssr2/meetings/111/minutes/").content.decode()
    )


def test_the_approval_of_last_minutes_item_links_the_previous_minutes(
    team: Team, call: Meeting, client: Client
) -> None:
    save_minutes_draft(meeting=call, by=None, text="The RT adopted the work plan.")
    nxt = make_call(team, 112, "SSR2 Plenary Call", status=Meeting.Status.PLANNED,
                    starts_at=dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC))  # fmt: skip
    make_agenda(nxt, [("Welcome, roll call, SOI updates", ["Approval of last minutes"]), "AOB"])

    body = client.get("/ssr2/meetings/112/").content.decode()

    item = body[body.index("Approval of last minutes") :].split("</li>")[0]
    assert 'href="/ssr2/meetings/111/minutes/"' in item
    aob = body[body.index("AOB") :].split("</li>")[0]
    assert "/minutes/" not in aob


@pytest.mark.parametrize("count", [3, 15])
def test_the_list_page_runs_a_constant_number_of_queries(
    count: int, team: Team, member: Person, django_assert_max_num_queries: object
) -> None:
    for n in range(count):
        make_call(team, 100 + n, starts_at=dt.datetime(2017, 5, 1 + n, 14, 0, tzinfo=dt.UTC))
    client = client_for(member)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get("/ssr2/meetings/")
    assert response.content.decode().count('href="/ssr2/meetings/1') == count


def test_agenda_links_that_are_not_web_addresses_are_not_linked(team: Team, client: Client) -> None:
    meeting = make_call(team, 120)
    add_agenda_item(meeting=meeting, by=None, title="Briefing: IANA functions",
                    links="https://community.icann.org/x/ssr2\njavascript:alert(1)")  # fmt: skip

    body = client.get("/ssr2/meetings/120/").content.decode()

    assert 'href="https://community.icann.org/x/ssr2"' in body
    assert "javascript:" not in body
