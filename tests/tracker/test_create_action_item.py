"""tracker.services.create_action_item: numbering, validation, permission and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Group, Person, Team, TeamCounter
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import create_action_item
from tests.conftest import user_of
from tests.factories import make_group, make_item, make_meeting

WORK_PLAN = "Draft SSR2 Review Team work plan with key dates"


def test_staff_create_an_item_with_the_next_number_and_its_owners_in_order(
    team: Team, staff: Person, co_chairs: Group, icann_org: Group, james_gannon: Person
) -> None:
    make_item(team, "Circulate the ICANN59 Johannesburg schedule")

    item = create_action_item(
        team=team,
        by=user_of(staff),
        text=f"  {WORK_PLAN}, circulate to RT for input.  ",
        owners=[icann_org, james_gannon, co_chairs],
        category="Workplan",
        due_on=dt.date(2017, 8, 4),
    )

    item.refresh_from_db()
    assert item.number == 2
    assert item.text == f"{WORK_PLAN}, circulate to RT for input."
    assert [str(o) for o in item.owners.all()] == ["ICANN Org", "James Gannon", "Co-Chairs"]
    assert item.status == ActionItem.Status.OPEN
    assert item.visibility == Visibility.PUBLIC
    assert item.requested_on == timezone.localdate()
    assert item.created_by == user_of(staff)
    assert item.version == 1


def test_it_records_the_creation_with_actor_and_every_value_set(
    team: Team, staff: Person, co_chairs: Group
) -> None:
    meeting = make_meeting(team, 111, "SSR2 Plenary Call")

    item = create_action_item(
        team=team,
        by=user_of(staff),
        text=WORK_PLAN,
        owners=[co_chairs],
        source_meeting=meeting,
        requested_on=dt.date(2017, 7, 20),
        due_text="TBD",
        visibility=Visibility.TEAM,
    )

    [entry] = history_for(item)
    assert entry.action == "tracker.item.created"
    assert entry.actor == user_of(staff)
    assert entry.actor_name == "Jennifer Bryce"
    assert entry.version == 1
    assert entry.visibility == Visibility.TEAM
    assert entry.team_id == team.pk
    assert entry.changes == {
        "text": [None, WORK_PLAN],
        "source_meeting": [None, "SSR2 Plenary Call #111"],
        "requested_on": [None, "2017-07-20"],
        "due_text": [None, "TBD"],
        "status": [None, "open"],
        "visibility": [None, "team"],
        "owners": [None, ["Co-Chairs"]],
    }


def test_numbers_are_per_team(team: Team, other_team: Team) -> None:
    first = make_item(team)
    elsewhere = make_item(other_team, "Publish the RDS-WHOIS2 terms of reference")
    second = make_item(team, "Circulate the ICANN59 Johannesburg schedule")

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


def test_an_explicit_number_bumps_the_counter(team: Team) -> None:
    imported = make_item(team, "Follow up on the SSR1 implementation briefing", number=365)
    following = make_item(team)

    assert imported.number == 365
    assert following.number == 366


def test_a_free_lower_number_is_accepted_without_lowering_the_counter(team: Team) -> None:
    make_item(team, number=365)
    older = make_item(team, "Send the DNS SSR briefing questions to ICANN Org", number=12)
    following = make_item(team)

    assert (older.number, following.number) == (12, 366)


def test_it_refuses_a_number_already_taken(team: Team) -> None:
    make_item(team, number=365)

    with pytest.raises(ValidationError) as excinfo:
        make_item(team, "A second #365 from a re-imported tracker", number=365)

    assert "number" in excinfo.value.message_dict
    assert "#365" in excinfo.value.message_dict["number"][0]
    assert ActionItem.objects.filter(team=team).count() == 1
    assert TeamCounter.objects.get(team=team).last == 365


def test_it_refuses_number_zero(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, number=0)

    assert "number" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_it_refuses_an_empty_text_and_uses_no_number(team: Team, text: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, text)

    assert "text" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()
    assert not HistoryEntry.objects.filter(action="tracker.item.created").exists()
    assert make_item(team).number == 1


@pytest.mark.parametrize("status", ["done", "merged", "closed"])
def test_it_refuses_to_create_an_item_done_or_merged(team: Team, status: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, status=status)

    assert "status" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_refuses_a_group_of_another_team(team: Team, other_team: Team) -> None:
    foreign = make_group(other_team, "RDS-WHOIS2-RT")

    with pytest.raises(ValidationError) as excinfo:
        make_item(team, owners=[foreign])

    assert "owners" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_refuses_an_owner_listed_twice(team: Team, james_gannon: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, owners=[james_gannon, james_gannon])

    assert "owners" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_refuses_a_meeting_of_another_team(team: Team, other_team: Team) -> None:
    meeting = make_meeting(other_team, 20, "RDS-WHOIS2 Plenary Call")

    with pytest.raises(ValidationError) as excinfo:
        make_item(team, source_meeting=meeting)

    assert "source_meeting" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_refuses_an_unknown_visibility(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, visibility="confidential")

    assert "visibility" in excinfo.value.message_dict
    assert not ActionItem.objects.exists()


def test_it_refuses_a_category_too_long(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_item(team, category="Workplan " * 10)

    assert "category" in excinfo.value.message_dict


def test_a_chair_may_create(team: Team, chair: Person) -> None:
    item = create_action_item(team=team, by=user_of(chair), text=WORK_PLAN)

    assert item.created_by == user_of(chair)


@pytest.mark.parametrize("who", ["member", "observer", "technical_writer", "outsider"])
def test_only_staff_and_chairs_may_create(
    team: Team, who: str, request: pytest.FixtureRequest
) -> None:
    person: Person = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        create_action_item(team=team, by=user_of(person), text=WORK_PLAN)

    assert not ActionItem.objects.exists()


def test_an_anonymous_visitor_may_not_create(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        create_action_item(team=team, by=AnonymousUser(), text=WORK_PLAN)

    assert not ActionItem.objects.exists()
