"""tracker.services.complete_action_item: closing an item with its response."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import complete_action_item, merge_action_item
from tests.conftest import user_of
from tests.factories import make_item

WORK_PLAN = "Draft SSR2 Review Team work plan with key dates"
RESPONSE = "Work plan circulated to the RT list on 2017-08-03; adopted at plenary #111."


@pytest.fixture
def item(team: Team, co_chairs: Group) -> ActionItem:
    return make_item(team, WORK_PLAN, owners=[co_chairs], requested_on=dt.date(2017, 7, 20))


def test_it_marks_the_item_done_with_the_response_and_date(item: ActionItem, staff: Person) -> None:
    done = complete_action_item(
        item=item,
        by=user_of(staff),
        expected_version=1,
        response=f"  {RESPONSE} ",
        completed_on=dt.date(2017, 8, 3),
    )

    item.refresh_from_db()
    assert done.version == item.version == 2
    assert item.status == ActionItem.Status.DONE
    assert item.completed_response == RESPONSE
    assert item.completed_on == dt.date(2017, 8, 3)
    entry = history_for(item).last()
    assert entry is not None
    assert entry.action == "tracker.item.completed"
    assert entry.actor == user_of(staff)
    assert entry.version == 2
    assert entry.changes == {
        "status": ["open", "done"],
        "completed_response": ["", RESPONSE],
        "completed_on": [None, "2017-08-03"],
    }


def test_the_completion_date_defaults_to_today(item: ActionItem, staff: Person) -> None:
    complete_action_item(item=item, by=user_of(staff), expected_version=1, response=RESPONSE)

    item.refresh_from_db()
    assert item.completed_on == timezone.localdate()


def test_it_refuses_to_complete_an_item_twice(item: ActionItem, staff: Person) -> None:
    complete_action_item(
        item=item,
        by=user_of(staff),
        expected_version=1,
        response=RESPONSE,
        completed_on=dt.date(2017, 8, 3),
    )

    with pytest.raises(ValidationError) as excinfo:
        complete_action_item(
            item=item, by=user_of(staff), expected_version=2, response="Done again"
        )

    [message] = excinfo.value.message_dict["status"]
    assert "already done" in message
    assert "2017-08-03" in message
    item.refresh_from_db()
    assert (item.completed_response, item.version) == (RESPONSE, 2)
    assert history_for(item).count() == 2


def test_it_refuses_to_complete_a_merged_item(item: ActionItem, team: Team, staff: Person) -> None:
    duplicate = make_item(team, "Circulate the draft work plan")
    merge_action_item(item=duplicate, into=item, by=user_of(staff), expected_version=1)

    with pytest.raises(ValidationError) as excinfo:
        complete_action_item(
            item=duplicate, by=user_of(staff), expected_version=2, response=RESPONSE
        )

    assert f"#{item.number}" in excinfo.value.message_dict["status"][0]
    duplicate.refresh_from_db()
    assert duplicate.status == ActionItem.Status.MERGED


@pytest.mark.parametrize("response", ["", "   "])
def test_it_refuses_an_empty_response(item: ActionItem, staff: Person, response: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        complete_action_item(item=item, by=user_of(staff), expected_version=1, response=response)

    assert "completed_response" in excinfo.value.message_dict
    item.refresh_from_db()
    assert (item.status, item.version) == ("open", 1)


def test_it_refuses_a_completion_before_the_request(item: ActionItem, staff: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        complete_action_item(
            item=item,
            by=user_of(staff),
            expected_version=1,
            response=RESPONSE,
            completed_on=dt.date(2017, 7, 1),
        )

    assert "2017-07-20" in excinfo.value.message_dict["completed_on"][0]
    item.refresh_from_db()
    assert (item.status, item.completed_on, item.version) == ("open", None, 1)


def test_it_refuses_a_stale_completion(item: ActionItem, staff: Person, chair: Person) -> None:
    complete_action_item(item=item, by=user_of(chair), expected_version=1, response=RESPONSE)

    with pytest.raises(StaleVersion) as excinfo:
        complete_action_item(
            item=item, by=user_of(staff), expected_version=1, response="Circulated"
        )

    assert [e.action for e in excinfo.value.changes_since] == ["tracker.item.completed"]
    item.refresh_from_db()
    assert item.completed_response == RESPONSE


def test_a_member_may_complete_an_item_owned_through_their_group(
    team: Team, member: Person, review_team_group: Group
) -> None:
    item = make_item(team, WORK_PLAN, owners=[review_team_group])

    complete_action_item(item=item, by=user_of(member), expected_version=1, response=RESPONSE)

    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE


def test_a_member_may_not_complete_what_they_do_not_own(item: ActionItem, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        complete_action_item(item=item, by=user_of(member), expected_version=1, response=RESPONSE)

    item.refresh_from_db()
    assert (item.status, item.version) == ("open", 1)


def test_an_observer_may_not_complete_even_when_named(team: Team, observer: Person) -> None:
    item = make_item(team, WORK_PLAN, owners=[observer])

    with pytest.raises(PermissionDenied):
        complete_action_item(item=item, by=user_of(observer), expected_version=1, response=RESPONSE)

    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_a_dropped_item_must_be_reopened_before_it_is_completed(team: Team, staff: Person) -> None:
    item = make_item(
        team, "Schedule remainder of briefings related to SSR1.", status=ActionItem.Status.DROPPED
    )

    with pytest.raises(ValidationError) as error:
        complete_action_item(
            item=item, by=staff.user, expected_version=1, response="Briefings held."
        )

    assert "dropped" in error.value.message_dict["status"][0]
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DROPPED
    assert item.completed_response == ""
