from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Person, Team
from secretariat.workplan.models import Baseline, BaselineEntry
from secretariat.workplan.services import save_baseline
from tests.conftest import user_of
from tests.workplan.helpers import make_milestone, ssr2_plan

D = dt.date


def test_a_baseline_keeps_the_dates_of_every_milestone(team: Team, chair: Person) -> None:
    plan = ssr2_plan(team)
    make_milestone(team, "Vendor shortlist", visibility=Visibility.RESTRICTED)

    baseline = save_baseline(team=team, by=user_of(chair), name="Work plan adopted at ICANN59")

    assert baseline.entries.count() == 5
    entry = BaselineEntry.objects.get(baseline=baseline, milestone=plan["icann"])
    assert (entry.start_on, entry.end_on) == (None, D(2017, 7, 14))
    history = HistoryEntry.objects.get(action="workplan.baseline.saved")
    assert history.changes["milestones"] == [None, 5]
    assert history.visibility == Visibility.TEAM


def test_a_baseline_without_a_name_is_named_after_its_day(team: Team) -> None:
    baseline = save_baseline(team=team, by=None)
    assert baseline.name.startswith("Baseline of ")


def test_members_may_not_save_a_baseline(team: Team, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        save_baseline(team=team, by=user_of(member))
    assert not Baseline.objects.exists()
