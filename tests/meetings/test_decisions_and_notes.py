"""record_decision and take_note: decisions numbered per team; a note becomes an action item or
a decision in one step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.history import history_for
from secretariat.core.models import Visibility
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.meetings.services import record_decision, take_note
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import user_of
from tests.factories import make_agenda, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(team: Team) -> Meeting:
    meeting = make_call(team, 111, starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC))
    make_agenda(meeting, ["Work plan and timeline", "AOB"])
    return meeting


def test_decisions_are_numbered_per_team_and_dated_by_their_meeting(
    team: Team, other_team: Team, meeting: Meeting, staff: Person
) -> None:
    first = record_decision(
        team=team, by=user_of(staff), text="Adopt the work plan as circulated.", meeting=meeting
    )
    second = record_decision(
        team=team, by=user_of(staff), text="Hold the face-to-face at ICANN59.",
        source=Decision.Source.EMAIL, source_text="List post of 12 June", decided_on=dt.date(2017, 6, 12),
    )  # fmt: skip
    elsewhere = record_decision(
        team=other_team, by=None, text="Elect co-chairs.", source=Decision.Source.OTHER
    )

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.decided_on == dt.date(2017, 6, 8)
    assert history_for(first).get().action == "meetings.decision.recorded"


def test_a_decision_needs_text_and_a_known_source(team: Team, staff: Person) -> None:
    with pytest.raises(ValidationError) as error:
        record_decision(team=team, by=user_of(staff), text="  ", source="rumour")
    assert set(error.value.message_dict) >= {"text", "source"}
    assert not Decision.objects.exists()


def test_a_decision_is_never_more_open_than_its_meeting(team: Team, staff: Person) -> None:
    closed = make_call(team, 7, "Co-chairs call", visibility=Visibility.TEAM)
    decision = record_decision(team=team, by=user_of(staff), text="Invite the CTO.", meeting=closed)
    assert decision.visibility == Visibility.TEAM


def test_members_may_not_record_decisions(team: Team, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        record_decision(team=team, by=user_of(member), text="Adopt.", source=Decision.Source.OTHER)


def test_a_note_stays_a_note_under_its_agenda_item(meeting: Meeting, staff: Person) -> None:
    item = AgendaItem.objects.get(title="Work plan and timeline")

    created = take_note(
        agenda_item=item, by=user_of(staff), text="Co-chairs to share a draft timeline."
    )

    item.refresh_from_db()
    assert created is None
    assert item.notes == "- Co-chairs to share a draft timeline."
    assert item.reached


def test_a_note_made_an_action_item_is_raised_at_the_meeting(
    meeting: Meeting, staff: Person, co_chairs: Group
) -> None:
    item = AgendaItem.objects.get(title="Work plan and timeline")

    action = take_note(
        agenda_item=item, by=user_of(staff), text="Draft SSR2 work plan with key dates.",
        make="action_item", owners=[co_chairs], due_on=dt.date(2017, 6, 14),
    )  # fmt: skip

    assert isinstance(action, ActionItem)
    assert action.source_meeting == meeting
    assert action.requested_on == dt.date(2017, 6, 8)
    assert [str(o) for o in action.owners.all()] == ["Co-Chairs"]
    item.refresh_from_db()
    assert f"Action item #{action.number}: Draft SSR2 work plan with key dates." in item.notes


def test_a_note_made_a_decision_is_reached_at_the_meeting(meeting: Meeting, chair: Person) -> None:
    item = AgendaItem.objects.get(title="AOB")

    decision = take_note(
        agenda_item=item, by=user_of(chair), text="Next call on 15 June.", make="decision"
    )

    assert isinstance(decision, Decision)
    assert decision.meeting == meeting
    item.refresh_from_db()
    assert item.notes == f"- Decision #{decision.number}: Next call on 15 June."


def test_a_failed_conversion_leaves_no_note(meeting: Meeting, staff: Person) -> None:
    item = AgendaItem.objects.get(title="AOB")

    with pytest.raises(ValidationError):
        take_note(agenda_item=item, by=user_of(staff), text="Send minutes.", make="minutes")

    item.refresh_from_db()
    assert item.notes == ""
    assert not ActionItem.objects.exists()


def test_members_may_not_take_notes(meeting: Meeting, member: Person) -> None:
    item = AgendaItem.objects.get(title="AOB")
    with pytest.raises(PermissionDenied):
        take_note(agenda_item=item, by=user_of(member), text="My note")
    item.refresh_from_db()
    assert item.notes == ""
