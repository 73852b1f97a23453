"""tracker.services.merge_action_item: marking an item a duplicate of another."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import add_progress_note, merge_action_item
from tests.conftest import user_of
from tests.factories import make_item


@pytest.fixture
def work_plan(team: Team, co_chairs: Group) -> ActionItem:
    return make_item(team, "Draft SSR2 Review Team work plan with key dates", owners=[co_chairs])


@pytest.fixture
def duplicate(team: Team, co_chairs: Group) -> ActionItem:
    return make_item(team, "Circulate the draft work plan to the RT for input", owners=[co_chairs])


def test_it_marks_the_item_merged_into_the_other(
    work_plan: ActionItem, duplicate: ActionItem, staff: Person
) -> None:
    add_progress_note(item=duplicate, by=user_of(staff), text="Asked the co-chairs for a date")

    merged = merge_action_item(
        item=duplicate, into=work_plan, by=user_of(staff), expected_version=2
    )

    duplicate.refresh_from_db()
    assert merged.version == duplicate.version == 3
    assert duplicate.status == ActionItem.Status.MERGED
    assert duplicate.merged_into == work_plan
    assert duplicate.number == 2
    assert duplicate.notes.count() == 1
    entry = history_for(duplicate).last()
    assert entry is not None
    assert entry.action == "tracker.item.merged"
    assert entry.actor == user_of(staff)
    assert entry.changes == {"status": ["open", "merged"], "merged_into": [None, "#1"]}
    work_plan.refresh_from_db()
    assert (work_plan.status, work_plan.version) == ("open", 1)


def test_items_merged_into_a_merged_item_follow_it(
    team: Team, work_plan: ActionItem, duplicate: ActionItem, staff: Person
) -> None:
    third = make_item(team, "Send the work plan to ICANN Org")
    merge_action_item(item=third, into=duplicate, by=user_of(staff), expected_version=1)

    merge_action_item(item=duplicate, into=work_plan, by=user_of(staff), expected_version=1)

    third.refresh_from_db()
    assert third.merged_into == work_plan
    assert third.version == 3
    assert history_for(third).last().changes == {"merged_into": ["#2", "#1"]}  # type: ignore[union-attr]


def _assert_unchanged(*items: ActionItem) -> None:
    for item in items:
        version, status = item.version, item.status
        item.refresh_from_db()
        assert (item.version, item.status) == (version, status)


def test_it_refuses_to_merge_an_item_into_itself(work_plan: ActionItem, staff: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        merge_action_item(item=work_plan, into=work_plan, by=user_of(staff), expected_version=1)

    assert "itself" in excinfo.value.message_dict["merged_into"][0]
    _assert_unchanged(work_plan)


def test_it_refuses_an_item_of_another_team(
    work_plan: ActionItem, other_team: Team, staff: Person
) -> None:
    foreign = make_item(other_team, "Publish the RDS-WHOIS2 terms of reference")

    with pytest.raises(ValidationError) as excinfo:
        merge_action_item(item=work_plan, into=foreign, by=user_of(staff), expected_version=1)

    assert "another team" in excinfo.value.message_dict["merged_into"][0]
    _assert_unchanged(work_plan, foreign)


def test_it_refuses_a_target_that_is_itself_merged(
    team: Team, work_plan: ActionItem, duplicate: ActionItem, staff: Person
) -> None:
    merge_action_item(item=duplicate, into=work_plan, by=user_of(staff), expected_version=1)
    third = make_item(team, "Send the work plan to ICANN Org")

    with pytest.raises(ValidationError) as excinfo:
        merge_action_item(item=third, into=duplicate, by=user_of(staff), expected_version=1)

    assert "#1" in excinfo.value.message_dict["merged_into"][0]
    _assert_unchanged(third)


def test_it_refuses_to_merge_an_item_twice(
    team: Team, work_plan: ActionItem, duplicate: ActionItem, staff: Person
) -> None:
    merge_action_item(item=duplicate, into=work_plan, by=user_of(staff), expected_version=1)
    third = make_item(team, "Send the work plan to ICANN Org")

    with pytest.raises(ValidationError) as excinfo:
        merge_action_item(item=duplicate, into=third, by=user_of(staff), expected_version=2)

    assert "already merged" in excinfo.value.message_dict["status"][0]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == work_plan


def test_it_refuses_a_stale_merge(
    work_plan: ActionItem, duplicate: ActionItem, staff: Person, chair: Person
) -> None:
    add_progress_note(
        item=duplicate,
        by=user_of(chair),
        text="This one is different: it is about ICANN Org's input",
    )

    with pytest.raises(StaleVersion):
        merge_action_item(item=duplicate, into=work_plan, by=user_of(staff), expected_version=1)

    duplicate.refresh_from_db()
    assert duplicate.status == ActionItem.Status.OPEN


@pytest.mark.parametrize("who", ["member", "technical_writer", "observer"])
def test_only_staff_and_chairs_may_merge(
    team: Team, who: str, request: pytest.FixtureRequest, review_team_group: Group
) -> None:
    person: Person = request.getfixturevalue(who)
    review_team_group.members.add(person)
    first = make_item(
        team, "Draft SSR2 Review Team work plan with key dates", owners=[review_team_group]
    )
    second = make_item(team, "Circulate the draft work plan", owners=[review_team_group])

    with pytest.raises(PermissionDenied):
        merge_action_item(item=second, into=first, by=user_of(person), expected_version=1)

    _assert_unchanged(first, second)


def test_a_chair_may_merge(work_plan: ActionItem, duplicate: ActionItem, chair: Person) -> None:
    merge_action_item(item=duplicate, into=work_plan, by=user_of(chair), expected_version=1)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == work_plan
