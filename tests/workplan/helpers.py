"""Small helpers that build work-plan records through the services, with SSR2's plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from secretariat.teams.models import Team
from secretariat.workplan.models import Milestone
from secretariat.workplan.services import create_milestone

D = dt.date
PLAN_START = D(2017, 5, 15)
PLAN_END = D(2017, 6, 9)


def make_milestone(
    team: Team,
    title: str = "Draft the review team work plan with key dates",
    *,
    start_on: dt.date | None = PLAN_START,
    end_on: dt.date = PLAN_END,
    workstream: str = "Work plan",
    **kwargs: Any,
) -> Milestone:
    return create_milestone(
        team=team,
        by=None,
        title=title,
        start_on=start_on,
        end_on=end_on,
        workstream=workstream,
        **kwargs,
    )


def ssr2_plan(team: Team) -> dict[str, Milestone]:
    """A few milestones of the SSR2 work plan, in three workstreams."""
    return {
        "scope": make_milestone(
            team, "Agree the review's scope", start_on=D(2017, 3, 3), end_on=D(2017, 5, 30),
            workstream="Work plan",
        ),
        "ssr1": make_milestone(
            team, "Assess SSR1 implementation", start_on=D(2017, 5, 1), end_on=D(2017, 9, 30),
            workstream="SSR1 implementation",
        ),
        "icann": make_milestone(
            team, "ICANN Security briefings complete", start_on=None, end_on=D(2017, 7, 14),
            workstream="ICANN Security",
        ),
        "dns": make_milestone(
            team, "DNS SSR findings", start_on=D(2017, 6, 1), end_on=D(2017, 11, 30),
            workstream="DNS SSR",
        ),
    }  # fmt: skip
