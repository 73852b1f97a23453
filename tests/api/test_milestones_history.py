"""A milestone's history through the API: each role reads the history of the milestones it
may read (a restricted one also its owner), and an edit shows in it."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Milestone
from tests.api.test_requests_fixtures import LEVELS, PLAN_CANARY, READS, ROLES, Plans, build_plans


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(milestone: Milestone, rest: str = "") -> str:
    return f"teams/ssr2/milestones/{milestone.pk}{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_history_of_the_milestones_it_may(
    role: str, caller: Any, plans: Plans
) -> None:
    client = caller(role)

    for level in LEVELS:
        answer = client.get(_path(plans.milestones[level], "/history"))
        assert answer.status_code == (200 if level in READS[role] else 404), level
        if answer.status_code == 200:
            assert answer.json()["items"][0]["action"].endswith("created")
        if "restricted" not in READS[role]:
            assert PLAN_CANARY not in answer.content.decode()


def test_the_owner_of_a_restricted_milestone_reads_its_history(caller: Any, plans: Plans) -> None:
    answer = caller("james_gannon").get(_path(plans.milestones["restricted"], "/history"))

    assert answer.status_code == 200
    assert PLAN_CANARY in answer.content.decode()


def test_an_edit_shows_in_the_history(caller: Any, plans: Plans) -> None:
    milestone = plans.milestones["public"]
    caller("staff").patch(
        _path(milestone), {"end_on": "2017-10-31"}, **{"If-Match": f'"{milestone.version}"'}
    )

    entries = caller("anonymous").get(_path(milestone, "/history")).json()["items"]

    assert len(entries) == 2
    assert entries[-1]["changes"]["end_on"] == ["2017-09-30", "2017-10-31"]
