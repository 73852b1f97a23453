"""meetings.services.create_meeting_from_previous: what is carried to the next call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.queries import agenda_tree, flatten, unreached_items
from secretariat.meetings.services import create_meeting_from_previous, update_agenda_item
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import user_of
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db

NEXT_WEEK = dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def previous(team: Team) -> Meeting:
    meeting = make_call(team, 111, "SSR2 Plenary Call", status=Meeting.Status.HELD)
    make_agenda(meeting, [
        ("*Welcome, roll call, SOI updates", ["*Approval of last minutes"]),
        "Briefing: DNS Abuse study interim results",
        "Work plan and timeline",
        "*AOB",
        "*Confirm action items, decisions reached",
    ])  # fmt: skip
    update_agenda_item(
        item=AgendaItem.objects.get(title="Work plan and timeline"),
        by=None,
        changes={"reached": True},
    )
    return meeting


def titles(meeting: Meeting) -> list[str]:
    return [("  " * n.depth) + n.item.title for n in flatten(agenda_tree(meeting))]


def test_standing_items_are_carried_with_their_sub_items(previous: Meeting, staff: Person) -> None:
    meeting = create_meeting_from_previous(
        previous=previous, by=user_of(staff), starts_at=NEXT_WEEK
    )

    assert meeting.number == 112
    assert meeting.kind == previous.kind
    assert meeting.previous == previous
    assert titles(meeting) == [
        "Welcome, roll call, SOI updates",
        "  Approval of last minutes",
        "AOB",
        "Confirm action items, decisions reached",
    ]


def test_chosen_unreached_items_and_open_action_items_are_added(
    team: Team, previous: Meeting, staff: Person
) -> None:
    still_open = make_item(team, "Draft SSR2 progress report for SO/ACs.", source_meeting=previous)
    make_item(
        team,
        "Circulate the call recording.",
        source_meeting=previous,
        status=ActionItem.Status.DROPPED,
    )
    offered = unreached_items(previous)
    assert [i.title for i in offered] == ["Briefing: DNS Abuse study interim results"]

    meeting = create_meeting_from_previous(
        previous=previous, by=user_of(staff), starts_at=NEXT_WEEK,
        carry_items=offered, carry_action_items=[still_open],
    )  # fmt: skip

    assert titles(meeting) == [
        "Welcome, roll call, SOI updates",
        "  Approval of last minutes",
        "Briefing: DNS Abuse study interim results",
        "AOB",
        "Confirm action items, decisions reached",
        "Open action items from SSR2 Plenary Call #111",
        f"  #{still_open.number}: Draft SSR2 progress report for SO/ACs.",
    ]
    assert not AgendaItem.objects.filter(meeting=meeting, reached=True).exists()


def test_an_item_of_another_agenda_is_refused_and_nothing_is_created(
    team: Team, previous: Meeting, staff: Person
) -> None:
    other = make_call(team, 5, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP)
    [foreign] = make_agenda(other, ["Update on requested tools"])

    with pytest.raises(ValidationError) as error:
        create_meeting_from_previous(
            previous=previous, by=user_of(staff), starts_at=NEXT_WEEK, carry_items=[foreign]
        )

    assert "Update on requested tools" in error.value.message_dict["carry_items"][0]
    assert Meeting.objects.count() == 2
