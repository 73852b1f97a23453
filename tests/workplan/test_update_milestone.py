from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.models import HistoryEntry
from secretariat.teams.models import Person, Team
from secretariat.workplan.models import Milestone
from secretariat.workplan.services import update_milestone
from tests.conftest import user_of
from tests.workplan.helpers import make_milestone

D = dt.date


def test_a_dependency_cycle_is_refused_with_a_clear_message(team: Team, staff: Person) -> None:
    scope = make_milestone(team, "Agree the review's scope")
    plan = make_milestone(team, "Work plan adopted", depends_on=[scope])
    findings = make_milestone(team, "Draft findings", depends_on=[plan])

    with pytest.raises(ValidationError) as refused:
        update_milestone(
            milestone=scope,
            by=user_of(staff),
            expected_version=scope.version,
            changes={"depends_on": [findings]},
        )

    message = refused.value.message_dict["depends_on"][0]
    assert "Draft findings" in message
    assert "cycle" in message
    scope.refresh_from_db()
    assert list(scope.depends_on.all()) == []
    assert scope.version == 1


def test_a_milestone_cannot_depend_on_itself(team: Team) -> None:
    scope = make_milestone(team, "Agree the review's scope")
    with pytest.raises(ValidationError) as refused:
        update_milestone(
            milestone=scope, by=None, expected_version=1, changes={"depends_on": [scope]}
        )
    assert "itself" in refused.value.message_dict["depends_on"][0]


def test_a_dependency_on_another_teams_milestone_is_refused(team: Team, other_team: Team) -> None:
    ours = make_milestone(team)
    theirs = make_milestone(other_team, "RDS-WHOIS2 final report")
    with pytest.raises(ValidationError):
        update_milestone(
            milestone=ours, by=None, expected_version=1, changes={"depends_on": [theirs]}
        )


def test_a_stale_edit_is_refused_and_changes_nothing(
    team: Team, staff: Person, chair: Person
) -> None:
    milestone = make_milestone(team, end_on=D(2017, 6, 9))
    update_milestone(
        milestone=milestone,
        by=user_of(chair),
        expected_version=1,
        changes={"end_on": D(2017, 6, 23)},
    )

    with pytest.raises(StaleVersion) as stale:
        update_milestone(
            milestone=milestone,
            by=user_of(staff),
            expected_version=1,
            changes={"title": "Work plan with key dates, as seen by staff"},
        )

    assert [e.changes for e in stale.value.changes_since] == [
        {"end_on": ["2017-06-09", "2017-06-23"]}
    ]
    milestone.refresh_from_db()
    assert milestone.title == "Draft the review team work plan with key dates"
    assert milestone.version == 2


def test_an_end_before_the_start_is_refused_on_edit(team: Team) -> None:
    milestone = make_milestone(team, start_on=D(2017, 5, 15), end_on=D(2017, 6, 9))
    with pytest.raises(ValidationError) as refused:
        update_milestone(
            milestone=milestone, by=None, expected_version=1, changes={"end_on": D(2017, 5, 1)}
        )
    assert "end_on" in refused.value.message_dict


def test_marking_done_records_the_day_it_was_reached_and_history(team: Team, staff: Person) -> None:
    milestone = make_milestone(team)
    update_milestone(
        milestone=milestone,
        by=user_of(staff),
        expected_version=1,
        changes={"status": Milestone.Status.DONE, "reached_on": D(2017, 6, 8)},
    )
    milestone.refresh_from_db()
    assert milestone.reached_on == D(2017, 6, 8)
    entry = HistoryEntry.objects.filter(action="workplan.milestone.updated").get()
    assert entry.changes["status"] == ["planned", "done"]
    assert entry.actor_name == "Jennifer Bryce"


def test_an_edit_that_changes_nothing_writes_nothing(team: Team) -> None:
    milestone = make_milestone(team)
    update_milestone(
        milestone=milestone, by=None, expected_version=1, changes={"title": milestone.title}
    )
    milestone.refresh_from_db()
    assert milestone.version == 1
    assert not HistoryEntry.objects.filter(action="workplan.milestone.updated").exists()
