"""Placeholders for meetings and decisions: number, level and stated reason, nothing else."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.archive.withheld import withheld_decisions, withheld_meetings
from secretariat.core.models import Visibility
from secretariat.meetings.services import record_decision
from secretariat.teams.models import Person, Team
from secretariat.tracker.queries import Withheld
from tests.conftest import user_of
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
