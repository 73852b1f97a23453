from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.models import HistoryEntry
from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Milestone, MilestoneLink
from secretariat.workplan.services import create_milestone
from tests.conftest import user_of
from tests.factories import make_call, make_group, make_item
from tests.workplan.helpers import make_milestone

D = dt.date


def test_staff_create_a_milestone_with_owners_links_and_history(
    team: Team, staff: Person, co_chairs: Group
) -> None:
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates")
    call = make_call(team, 111)
    milestone = create_milestone(
        team=team,
        by=user_of(staff),
        title="Work plan adopted",
        start_on=None,
        end_on=D(2017, 6, 25),
        workstream="Work plan",
        owners=[co_chairs, staff],
        action_items=[item],
        meetings=[call],
    )

    assert [str(o) for o in milestone.owners.all()] == ["Co-Chairs", "Jennifer Bryce"]
    assert milestone.is_key_date
    assert MilestoneLink.objects.filter(milestone=milestone, action_item=item).exists()
    assert MilestoneLink.objects.filter(milestone=milestone, meeting=call).exists()
    entry = HistoryEntry.objects.get(action="workplan.milestone.created")
    assert entry.changes["title"] == [None, "Work plan adopted"]
    assert entry.changes["owners"] == [None, ["Co-Chairs", "Jennifer Bryce"]]


def test_it_refuses_an_end_before_the_start_and_changes_nothing(team: Team) -> None:
    with pytest.raises(ValidationError) as refused:
        make_milestone(team, start_on=D(2017, 6, 9), end_on=D(2017, 5, 15))

    assert "end_on" in refused.value.message_dict
    assert "2017-05-15" in refused.value.message_dict["end_on"][0]
    assert not Milestone.objects.exists()


def test_a_member_may_not_change_the_work_plan(team: Team, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        create_milestone(team=team, by=user_of(member), title="Plan", end_on=D(2017, 6, 9))
    assert not Milestone.objects.exists()


def test_it_refuses_a_link_to_another_teams_action_item(team: Team, other_team: Team) -> None:
    foreign = make_item(other_team, "Review the RDS-WHOIS2 terms of reference")

    with pytest.raises(ValidationError) as refused:
        make_milestone(team, action_items=[foreign])

    assert "another team" in refused.value.message_dict["action_items"][0]
    assert not Milestone.objects.exists()


def test_it_refuses_another_teams_group_as_owner(team: Team, other_team: Team) -> None:
    foreign = make_group(other_team, "RDS-WHOIS2-RT")

    with pytest.raises(ValidationError) as refused:
        make_milestone(team, owners=[foreign])

    assert "another team" in refused.value.message_dict["owners"][0]


def test_a_done_milestone_is_reached_today_unless_told(team: Team) -> None:
    milestone = make_milestone(team, status=Milestone.Status.DONE, reached_on=D(2017, 6, 2))
    assert milestone.reached_on == D(2017, 6, 2)
