"""Placeholders for meetings and decisions: number, level and stated reason, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.archive.withheld import withheld_decisions, withheld_meetings
from secretariat.core.models import Visibility
from secretariat.meetings.services import record_decision
from secretariat.teams.models import Person, Team
from secretariat.tracker.queries import Withheld
from tests.conftest import client_for, user_of
from tests.factories import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(team: Team) -> None:
    open_call = make_call(team, 111)
    closed = make_call(
        team,
        112,
        "Legal briefing on the NDA",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    make_call(team, 113, "Leadership call", visibility=Visibility.TEAM)
    record_decision(team=team, by=None, text="Adopt the work plan.", meeting=open_call)
    record_decision(team=team, by=None, text="Sign the NDA.", meeting=closed)
    record_decision(
        team=team,
        by=None,
        text="Keep the draft confidential.",
        source="email",
        decided_on=dt.date(2017, 6, 8),
        visibility=Visibility.TEAM,
        visibility_reason="Draft",
    )


def test_the_public_sees_placeholders_for_every_closed_meeting(team: Team, record: None) -> None:
    assert withheld_meetings(viewer=None, team=team) == [
        Withheld(112, "restricted", "Under legal review"),
        Withheld(113, "team", ""),
    ]


def test_a_decision_hidden_with_its_meeting_takes_the_meetings_reason(
    team: Team, record: None
) -> None:
    assert withheld_decisions(viewer=None, team=team) == [
        Withheld(2, "restricted", "Under legal review"),
        Withheld(3, "team", "Draft"),
    ]


def test_members_see_placeholders_only_for_restricted_records(
    team: Team, record: None, member: Person
) -> None:
    assert [w.number for w in withheld_meetings(viewer=user_of(member), team=team)] == [112]
    assert [w.number for w in withheld_decisions(viewer=user_of(member), team=team)] == [2]


def test_staff_see_everything_so_nothing_is_withheld(
    team: Team, record: None, staff: Person
) -> None:
    assert withheld_meetings(viewer=user_of(staff), team=team) == []
    assert withheld_decisions(viewer=user_of(staff), team=team) == []


def test_the_public_pages_of_meetings_and_decisions_say_what_is_withheld_and_why(
    team: Team, record: None, client: Client
) -> None:
    meetings = client.get("/ssr2/meetings/").content.decode()
    decisions = client.get("/ssr2/decisions/").content.decode()
    closed = client.get("/ssr2/meetings/112/")

    assert 'href="/ssr2/meetings/112/"' in meetings
    assert "Under legal review" in meetings
    assert "Legal briefing on the NDA" not in meetings
    assert "D2" in decisions
    assert "Under legal review" in decisions
    assert "Sign the NDA." not in decisions
    assert closed.status_code == 403
    assert "Meeting #112 is withheld" in closed.content.decode()
    assert "Reason given: Under legal review" in closed.content.decode()
    assert "Legal briefing on the NDA" not in closed.content.decode()
    assert client.get("/ssr2/meetings/999/").status_code == 404


def test_requests_and_questions_say_what_is_withheld_and_why(
    team: Team, client: Client, staff: Person
) -> None:
    from secretariat.requests.services import create_question, create_request

    create_request(team=team, by=None, kind="tool", title="Jira for the review team")
    create_request(
        team=team,
        by=None,
        kind="document",
        title="Non-disclosure form, draft of 2 June",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    create_question(team=team, by=None, text="Who signs the NDA?", visibility=Visibility.TEAM)

    requests = client.get("/ssr2/requests/").content.decode()
    closed = client.get("/ssr2/requests/2/")
    questions = client.get("/ssr2/questions/").content.decode()
    question = client.get("/ssr2/questions/1/")

    assert 'href="/ssr2/requests/2/"' in requests
    assert "Under legal review" in requests
    assert "Non-disclosure form" not in requests
    assert closed.status_code == 403
    assert "Request R2 is withheld" in closed.content.decode()
    assert "Non-disclosure form" not in closed.content.decode()
    assert 'href="/ssr2/questions/1/"' in questions
    assert question.status_code == 403
    assert "Only the team's members can read it." in question.content.decode()
    assert "Who signs the NDA?" not in question.content.decode()
    # Staff read everything: no placeholders.
    assert "Withheld from you" not in client_for(staff).get("/ssr2/requests/").content.decode()
