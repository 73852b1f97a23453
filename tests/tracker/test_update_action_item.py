"""tracker.services.update_action_item: edits, their history, permission and the lost update."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Group, Person, Role, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import (
    complete_action_item,
    merge_action_item,
    update_action_item,
)
from tests.conftest import user_of
from tests.factories import (
    end_membership,
    make_group,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_team,
)

WORK_PLAN = "Draft SSR2 Review Team work plan with key dates"


def _owner_names(item: ActionItem) -> list[str]:
    return [str(o) for o in item.owners.order_by("position")]


@pytest.fixture
def item(team: Team, co_chairs: Group, icann_org: Group) -> ActionItem:
    return make_item(
        team,
        WORK_PLAN,
        owners=[co_chairs, icann_org],
        category="Workplan",
        requested_on=dt.date(2017, 7, 20),
        due_on=dt.date(2017, 8, 4),
    )


@pytest.mark.parametrize(
    ("changes", "expected_diff"),
    [
        (
            {"text": f"{WORK_PLAN}, circulate to RT for input."},
            {"text": [WORK_PLAN, f"{WORK_PLAN}, circulate to RT for input."]},
        ),
        ({"category": "Outreach"}, {"category": ["Workplan", "Outreach"]}),
        ({"topic": "SSR1 implementation"}, {"topic": ["", "SSR1 implementation"]}),
        ({"due_on": dt.date(2017, 8, 18)}, {"due_on": ["2017-08-04", "2017-08-18"]}),
        (
            {"due_on": None, "due_text": "TBD"},
            {"due_on": ["2017-08-04", None], "due_text": ["", "TBD"]},
        ),
        ({"requested_on": dt.date(2017, 7, 13)}, {"requested_on": ["2017-07-20", "2017-07-13"]}),
        ({"status": "in_progress"}, {"status": ["open", "in_progress"]}),
        ({"status": "dropped"}, {"status": ["open", "dropped"]}),
        (
            {"source_text": "e-mail to the list, 6/2"},
            {"source_text": ["", "e-mail to the list, 6/2"]},
        ),
        (
            {"visibility": "restricted", "visibility_reason": "Names a vendor under NDA"},
            {
                "visibility": ["public", "restricted"],
                "visibility_reason": ["", "Names a vendor under NDA"],
            },
        ),
    ],
    ids=[
        "text",
        "category",
        "topic",
        "due_on",
        "due_on_to_tbd",
        "requested_on",
        "status_in_progress",
        "status_dropped",
        "source_text",
        "visibility",
    ],
)
def test_each_edit_leaves_one_history_entry_with_before_and_after(
    item: ActionItem, staff: Person, changes: dict[str, Any], expected_diff: dict[str, Any]
) -> None:
    updated = update_action_item(item=item, by=user_of(staff), expected_version=1, changes=changes)

    assert updated.version == 2
    item.refresh_from_db()
    assert item.version == 2
    for name, value in changes.items():
        assert getattr(item, name) == value
    entry = history_for(item).last()
    assert entry is not None
    assert history_for(item).count() == 2
    assert entry.action == "tracker.item.updated"
    assert entry.actor == user_of(staff)
    assert entry.actor_name == "Jennifer Bryce"
    assert entry.version == 2
    assert entry.changes == expected_diff


def test_reordering_owners_is_a_change(item: ActionItem, staff: Person) -> None:
    owners = [o.owner for o in item.owners.order_by("-position")]

    update_action_item(item=item, by=user_of(staff), expected_version=1, changes={"owners": owners})

    item.refresh_from_db()
    assert _owner_names(item) == ["ICANN Org", "Co-Chairs"]
    assert item.version == 2
    assert history_for(item).last().changes == {  # type: ignore[union-attr]
        "owners": [["Co-Chairs", "ICANN Org"], ["ICANN Org", "Co-Chairs"]]
    }


def test_owners_can_be_replaced_by_people(
    item: ActionItem, staff: Person, james_gannon: Person, co_chairs: Group
) -> None:
    update_action_item(
        item=item,
        by=user_of(staff),
        expected_version=1,
        changes={"owners": [james_gannon, co_chairs]},
    )

    item.refresh_from_db()
    assert _owner_names(item) == ["James Gannon", "Co-Chairs"]


def test_the_source_meeting_is_recorded_by_its_title(
    item: ActionItem, staff: Person, team: Team
) -> None:
    meeting = make_meeting(team, 111, "SSR2 Plenary Call")

    update_action_item(
        item=item, by=user_of(staff), expected_version=1, changes={"source_meeting": meeting}
    )

    assert history_for(item).last().changes == {"source_meeting": [None, "SSR2 Plenary Call #111"]}  # type: ignore[union-attr]


def test_a_no_op_edit_leaves_no_entry_and_keeps_the_version(
    item: ActionItem, staff: Person, co_chairs: Group, icann_org: Group
) -> None:
    update_action_item(
        item=item,
        by=user_of(staff),
        expected_version=1,
        changes={
            "text": f"  {WORK_PLAN} ",
            "category": "Workplan",
            "due_on": dt.date(2017, 8, 4),
            "status": "open",
            "visibility": "public",
            "owners": [co_chairs, icann_org],
        },
    )

    item.refresh_from_db()
    assert item.version == 1
    assert [e.action for e in history_for(item)] == ["tracker.item.created"]


def test_reopening_a_done_item_clears_the_completion_date(item: ActionItem, staff: Person) -> None:
    complete_action_item(
        item=item,
        by=user_of(staff),
        expected_version=1,
        response="Work plan circulated on 2017-08-03.",
        completed_on=dt.date(2017, 8, 3),
    )

    update_action_item(item=item, by=user_of(staff), expected_version=2, changes={"status": "open"})

    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert item.completed_on is None
    entry = history_for(item).last()
    assert entry is not None
    assert entry.action == "tracker.item.updated"
    assert entry.changes == {"status": ["done", "open"], "completed_on": ["2017-08-03", None]}


def test_reopening_a_merged_item_clears_the_merge_target(
    item: ActionItem, team: Team, staff: Person
) -> None:
    duplicate = make_item(team, "Circulate the draft work plan to the RT")
    merge_action_item(item=duplicate, into=item, by=user_of(staff), expected_version=1)

    update_action_item(
        item=duplicate, by=user_of(staff), expected_version=2, changes={"status": "in_progress"}
    )

    duplicate.refresh_from_db()
    assert duplicate.status == ActionItem.Status.IN_PROGRESS
    assert duplicate.merged_into is None
    assert history_for(duplicate).last().changes == {  # type: ignore[union-attr]
        "status": ["merged", "in_progress"],
        "merged_into": [f"#{item.number}", None],
    }


def test_it_refuses_a_stale_edit_and_lists_what_changed_since(
    item: ActionItem, staff: Person, chair: Person
) -> None:
    update_action_item(
        item=item, by=user_of(chair), expected_version=1, changes={"due_text": "ICANN60"}
    )

    with pytest.raises(StaleVersion) as excinfo:
        update_action_item(
            item=item, by=user_of(staff), expected_version=1, changes={"category": "Outreach"}
        )

    error = excinfo.value
    assert error.expected_version == 1
    assert error.current.version == 2  # type: ignore[attr-defined]
    assert [(e.actor_name, e.changes) for e in error.changes_since] == [
        ("Russ Housley", {"due_text": ["", "ICANN60"]})
    ]
    item.refresh_from_db()
    assert (item.category, item.due_text, item.version) == ("Workplan", "ICANN60", 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"status": "done"}, "status"),
        ({"status": "merged"}, "status"),
        ({"status": "closed"}, "status"),
        ({"visibility": "secret"}, "visibility"),
        ({"completed_on": dt.date(2017, 8, 1)}, "completed_on"),
        ({"number": 12}, "number"),
        ({"topic": "x" * 201}, "topic"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    item: ActionItem, staff: Person, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        update_action_item(item=item, by=user_of(staff), expected_version=1, changes=changes)

    assert field in excinfo.value.message_dict
    item.refresh_from_db()
    assert (item.text, item.status, item.visibility, item.version) == (
        WORK_PLAN,
        "open",
        "public",
        1,
    )
    assert history_for(item).count() == 1


def test_it_refuses_a_meeting_of_another_team(
    item: ActionItem, staff: Person, other_team: Team
) -> None:
    meeting = make_meeting(other_team, 20, "RDS-WHOIS2 Plenary Call")

    with pytest.raises(ValidationError) as excinfo:
        update_action_item(
            item=item, by=user_of(staff), expected_version=1, changes={"source_meeting": meeting}
        )

    assert "source_meeting" in excinfo.value.message_dict
    item.refresh_from_db()
    assert item.source_meeting is None


def test_it_refuses_an_owner_twice_and_keeps_the_owners(
    item: ActionItem, staff: Person, james_gannon: Person
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        update_action_item(
            item=item,
            by=user_of(staff),
            expected_version=1,
            changes={"owners": [james_gannon, james_gannon]},
        )

    assert "owners" in excinfo.value.message_dict
    assert _owner_names(item) == ["Co-Chairs", "ICANN Org"]


def test_a_member_may_not_edit_an_item_they_do_not_own(item: ActionItem, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        update_action_item(
            item=item, by=user_of(member), expected_version=1, changes={"due_text": "TBD"}
        )

    item.refresh_from_db()
    assert (item.due_text, item.version) == ("", 1)
    assert history_for(item).count() == 1


def test_a_member_refused_permission_learns_nothing_from_a_stale_version(
    item: ActionItem, member: Person, staff: Person
) -> None:
    update_action_item(
        item=item, by=user_of(staff), expected_version=1, changes={"due_text": "ICANN60"}
    )

    with pytest.raises(PermissionDenied):
        update_action_item(
            item=item, by=user_of(member), expected_version=1, changes={"due_text": "TBD"}
        )


def test_a_member_may_edit_an_item_owned_through_their_group(
    team: Team, member: Person, review_team_group: Group
) -> None:
    item = make_item(team, WORK_PLAN, owners=[review_team_group])

    update_action_item(
        item=item, by=user_of(member), expected_version=1, changes={"status": "in_progress"}
    )

    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert history_for(item).last().actor == user_of(member)  # type: ignore[union-attr]


def test_a_technical_writer_may_edit_what_they_own(team: Team, technical_writer: Person) -> None:
    item = make_item(team, "Write the first draft of the SSR2 report", owners=[technical_writer])

    update_action_item(
        item=item,
        by=user_of(technical_writer),
        expected_version=1,
        changes={"due_on": dt.date(2017, 9, 1)},
    )

    item.refresh_from_db()
    assert item.due_on == dt.date(2017, 9, 1)


@pytest.mark.parametrize(
    "changes",
    [{"visibility": "restricted"}, {"visibility_reason": "Security-sensitive"}],
)
def test_a_member_may_not_change_visibility_even_on_an_item_they_own(
    team: Team, james_gannon: Person, changes: dict[str, str]
) -> None:
    item = make_item(team, WORK_PLAN, owners=[james_gannon])

    with pytest.raises(PermissionDenied):
        update_action_item(
            item=item,
            by=user_of(james_gannon),
            expected_version=1,
            changes={"due_text": "TBD", **changes},
        )

    item.refresh_from_db()
    assert (item.visibility, item.visibility_reason, item.due_text, item.version) == (
        "public",
        "",
        "",
        1,
    )


def test_a_member_may_send_the_visibility_unchanged(team: Team, james_gannon: Person) -> None:
    item = make_item(team, WORK_PLAN, owners=[james_gannon])

    update_action_item(
        item=item,
        by=user_of(james_gannon),
        expected_version=1,
        changes={"due_text": "TBD", "visibility": "public", "visibility_reason": ""},
    )

    item.refresh_from_db()
    assert item.due_text == "TBD"


def test_a_chair_may_restrict_an_item(item: ActionItem, chair: Person) -> None:
    update_action_item(
        item=item, by=user_of(chair), expected_version=1, changes={"visibility": Visibility.TEAM}
    )

    item.refresh_from_db()
    assert item.visibility == Visibility.TEAM
    assert history_for(item).last().visibility == Visibility.TEAM  # type: ignore[union-attr]


def test_an_observer_named_on_an_item_may_not_edit_it(team: Team, observer: Person) -> None:
    item = make_item(team, WORK_PLAN, owners=[observer])

    with pytest.raises(PermissionDenied):
        update_action_item(
            item=item, by=user_of(observer), expected_version=1, changes={"due_text": "TBD"}
        )


def test_a_former_member_may_no_longer_edit_what_they_own(team: Team) -> None:
    gannon = make_member(team, "James Gannon", Role.MEMBER, time_zone="Europe/Dublin")
    item = make_item(team, WORK_PLAN, owners=[gannon])
    end_membership(team, gannon, on=timezone.localdate() - dt.timedelta(days=1))

    with pytest.raises(PermissionDenied):
        update_action_item(
            item=item, by=user_of(gannon), expected_version=1, changes={"due_text": "TBD"}
        )


@pytest.mark.django_db(transaction=True)
def test_of_two_people_saving_the_same_version_at_once_exactly_one_wins() -> None:
    team = make_team()
    staff = make_member(team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles")
    chair = make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York")
    item = make_item(team, WORK_PLAN, owners=[make_group(team, "Co-Chairs", [chair])])
    both_read = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(person: Person, due_text: str) -> None:
        try:
            seen = ActionItem.objects.get(pk=item.pk)  # both open the form at version 1
            both_read.wait(timeout=10)
            update_action_item(
                item=seen,
                by=user_of(person),
                expected_version=seen.version,
                changes={"due_text": due_text},
            )
            outcomes[person.name] = "saved"
        except StaleVersion:
            outcomes[person.name] = "stale"
        except Exception as exc:  # reported by the assertion below
            outcomes[person.name] = repr(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(staff, "ICANN60")),
        threading.Thread(target=edit, args=(chair, "Tuesday COB")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["saved", "stale"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    item.refresh_from_db()
    assert item.version == 2
    assert item.due_text == {"Jennifer Bryce": "ICANN60", "Russ Housley": "Tuesday COB"}[winner]
    assert [e.actor_name for e in history_for(item)][1:] == [winner]


def test_replacing_an_owner_by_a_namesake_is_saved_and_recorded(team: Team, staff: Person) -> None:
    first = make_member(team, "Kerry-Ann Barrett", Role.MEMBER, with_login=False, initials="KAB")
    namesake = make_member(team, "Kerry-Ann Barrett", Role.MEMBER, with_login=False, initials="KB")
    item = make_item(team, "Review non-disclosure form with ICANN Legal.", owners=[first])

    update_action_item(item=item, by=staff.user, expected_version=1, changes={"owners": [namesake]})

    item.refresh_from_db()
    assert [o.person for o in item.owners.all()] == [namesake]
    assert item.version == 2
    entry = HistoryEntry.objects.get(action="tracker.item.updated")
    assert "owners" in entry.changes


def test_owners_must_be_on_the_teams_roster(team: Team, staff: Person) -> None:
    stranger = make_person("Kim Davies", time_zone="America/Los_Angeles")
    item = make_item(team, "Review non-disclosure form with ICANN Legal.")

    with pytest.raises(ValidationError) as error:
        update_action_item(
            item=item, by=staff.user, expected_version=1, changes={"owners": [stranger]}
        )

    assert "Kim Davies" in error.value.message_dict["owners"][0]
    item.refresh_from_db()
    assert item.version == 1
    assert not item.owners.exists()
