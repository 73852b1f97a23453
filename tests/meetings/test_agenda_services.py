"""The agenda tree: adding, moving, nesting, indenting, removing; and the refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.queries import agenda_tree, flatten
from secretariat.meetings.services import (
    add_agenda_item,
    indent_agenda_item,
    move_agenda_item,
    nest_agenda_item,
    outdent_agenda_item,
    remove_agenda_item,
    update_agenda_item,
)
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_agenda, make_call, make_person

pytestmark = pytest.mark.django_db

OUTLINE = [
    ("ICANN59 Johannesburg share thoughts on agenda", [
        "Proposed priorities: scope, work plan and timeline",
        "Determine if RT would like briefings on DNS Abuse interim results",
    ]),
    "Update on requested tools",
    "Review open action items/requests",
    "*AOB",
]  # fmt: skip


@pytest.fixture
def meeting(team: Team) -> Meeting:
    meeting = make_call(
        team, 12, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP
    )
    make_agenda(meeting, OUTLINE)
    return meeting


def outline(meeting: Meeting) -> list[str]:
    return [f"{n.label} {n.item.title}" for n in flatten(agenda_tree(meeting))]


def item(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title__startswith=title, removed=False)


def test_items_and_sub_items_come_back_in_order(meeting: Meeting) -> None:
    assert outline(meeting) == [
        "1 ICANN59 Johannesburg share thoughts on agenda",
        "1.1 Proposed priorities: scope, work plan and timeline",
        "1.2 Determine if RT would like briefings on DNS Abuse interim results",
        "2 Update on requested tools",
        "3 Review open action items/requests",
        "4 AOB",
    ]


def test_moving_up_swaps_with_the_sibling_above(meeting: Meeting, staff: Person) -> None:
    move_agenda_item(item=item(meeting, "Review open"), by=user_of(staff), direction="up")

    assert outline(meeting)[3:5] == [
        "2 Review open action items/requests",
        "3 Update on requested tools",
    ]


def test_moving_the_first_item_up_changes_nothing(meeting: Meeting, staff: Person) -> None:
    before = outline(meeting)
    move_agenda_item(item=item(meeting, "ICANN59"), by=user_of(staff), direction="up")
    assert outline(meeting) == before


def test_indent_makes_an_item_the_last_sub_item_of_the_one_above(
    meeting: Meeting, staff: Person
) -> None:
    indent_agenda_item(item=item(meeting, "Update on requested"), by=user_of(staff))

    assert outline(meeting)[1:4] == [
        "1.1 Proposed priorities: scope, work plan and timeline",
        "1.2 Determine if RT would like briefings on DNS Abuse interim results",
        "1.3 Update on requested tools",
    ]
    assert outline(meeting)[4:] == ["2 Review open action items/requests", "3 AOB"]


def test_outdent_puts_a_sub_item_just_after_its_parent(meeting: Meeting, staff: Person) -> None:
    outdent_agenda_item(item=item(meeting, "Proposed priorities"), by=user_of(staff))

    assert outline(meeting)[:4] == [
        "1 ICANN59 Johannesburg share thoughts on agenda",
        "1.1 Determine if RT would like briefings on DNS Abuse interim results",
        "2 Proposed priorities: scope, work plan and timeline",
        "3 Update on requested tools",
    ]


def test_an_item_cannot_be_nested_under_itself(meeting: Meeting, staff: Person) -> None:
    tools = item(meeting, "Update on requested")
    before = outline(meeting)

    with pytest.raises(ValidationError) as error:
        nest_agenda_item(item=tools, by=user_of(staff), parent=tools)

    assert "cannot be nested under itself" in error.value.message_dict["parent"][0]
    assert outline(meeting) == before


def test_an_item_cannot_be_nested_under_its_own_sub_item(meeting: Meeting, staff: Person) -> None:
    before = outline(meeting)

    with pytest.raises(ValidationError) as error:
        nest_agenda_item(
            item=item(meeting, "ICANN59"), by=user_of(staff), parent=item(meeting, "Determine")
        )

    assert "its own sub-item" in error.value.message_dict["parent"][0]
    assert outline(meeting) == before


def test_an_item_cannot_be_nested_under_another_meetings_item(
    team: Team, meeting: Meeting, staff: Person
) -> None:
    other = make_call(team, 13)
    [elsewhere] = make_agenda(other, ["Welcome, roll call, SOI updates"])

    with pytest.raises(ValidationError):
        nest_agenda_item(item=item(meeting, "AOB"), by=user_of(staff), parent=elsewhere)


def test_removing_keeps_the_item_but_takes_it_and_its_sub_items_off(
    meeting: Meeting, staff: Person
) -> None:
    remove_agenda_item(item=item(meeting, "ICANN59"), by=user_of(staff))

    assert outline(meeting) == [
        "1 Update on requested tools",
        "2 Review open action items/requests",
        "3 AOB",
    ]
    assert AgendaItem.objects.filter(meeting=meeting, removed=True).count() == 3


def test_a_presenter_must_be_on_the_roster(meeting: Meeting, staff: Person) -> None:
    stranger = make_person("Kim Davies")

    with pytest.raises(ValidationError) as error:
        add_agenda_item(
            meeting=meeting, by=user_of(staff), title="IANA briefing", presenter=stranger
        )

    assert "Kim Davies" in error.value.message_dict["presenter"][0]
    assert not AgendaItem.objects.filter(title="IANA briefing").exists()


def test_members_may_not_change_the_agenda(meeting: Meeting, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        add_agenda_item(meeting=meeting, by=user_of(member), title="My item")
    with pytest.raises(PermissionDenied):
        update_agenda_item(item=item(meeting, "AOB"), by=user_of(member), changes={"reached": True})
