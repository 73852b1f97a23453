"""Milestones through the API: each role reads the milestones it may (a restricted one also
by its owner), only staff and chairs change the plan, and no change is lost (If-Match)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Milestone
from tests.api.test_requests_fixtures import (
    LEVELS,
    PLAN_CANARY,
    READS,
    ROLES,
    Plans,
    build_plans,
    numbers,
)


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(milestone: Milestone, rest: str = "") -> str:
    return f"teams/ssr2/milestones/{milestone.pk}{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_milestones_it_may(
    role: str, caller: Any, plans: Plans
) -> None:
    client = caller(role)

    listed = client.get("teams/ssr2/milestones")

    assert set(numbers(listed)) == {plans.milestones[level].pk for level in READS[role]}
    for level in LEVELS:
        answer = client.get(_path(plans.milestones[level]))
        assert answer.status_code == (200 if level in READS[role] else 404), level
    if "restricted" not in READS[role]:
        assert PLAN_CANARY not in listed.content.decode()


def test_a_restricted_milestone_is_read_by_its_owner(caller: Any, plans: Plans) -> None:
    client = caller("james_gannon")

    listed = numbers(client.get("teams/ssr2/milestones"))
    detail = client.get(_path(plans.milestones["restricted"]))

    assert plans.milestones["restricted"].pk in listed
    assert detail.status_code == 200
    assert detail.json()["owners"][0]["name"] == "James Gannon"


def test_a_milestone_reads_with_its_owners_and_links(
    caller: Any, plans: Plans, co_chairs: Group
) -> None:
    from secretariat.workplan.services import update_milestone

    milestone = update_milestone(
        milestone=plans.milestones["public"],
        by=None,
        expected_version=None,
        changes={
            "depends_on": [plans.milestones["restricted"]],
            "meetings": [plans.meetings["public"], plans.meetings["restricted"]],
        },
    )

    as_member = caller("member").get(_path(milestone)).json()
    as_staff = caller("staff").get(_path(milestone)).json()

    assert as_member["owners"] == [{"type": "group", "id": co_chairs.pk, "name": "Co-Chairs"}]
    assert as_member["depends_on"] == []
    assert as_member["meetings"] == [plans.meetings["public"].number]
    assert as_staff["depends_on"] == [
        {"id": plans.milestones["restricted"].pk, "title": PLAN_CANARY}
    ]
    assert as_staff["meetings"] == [
        plans.meetings["public"].number,
        plans.meetings["restricted"].number,
    ]
    assert as_member["key_date"] is False
    assert as_member["html_url"] == "/ssr2/workplan/"


def test_the_list_filters_and_orders_by_workstream_and_date(anonymous: Any, plans: Plans) -> None:
    from tests.workplan.helpers import ssr2_plan

    plan = ssr2_plan(plans.milestones["public"].team)

    dns = numbers(anonymous.get("teams/ssr2/milestones", {"workstream": "DNS SSR"}))
    every = anonymous.get("teams/ssr2/milestones").json()["items"]
    ending_by_june = numbers(anonymous.get("teams/ssr2/milestones", {"until": "2017-06-30"}))

    assert dns == [plan["dns"].pk]
    streams = [(m["workstream"], m["start_on"] or "", m["end_on"]) for m in every]
    assert streams == sorted(streams, key=lambda s: (s[0], s[1] or "9999", s[2]))
    assert ending_by_june == [plan["scope"].pk]


def test_staff_add_a_milestone_with_owners_and_dependencies(
    caller: Any, plans: Plans, member: Person
) -> None:
    body = {
        "title": "ICANN Security briefings complete",
        "workstream": "ICANN Security",
        "end_on": "2017-07-14",
        "owners": ["Co-Chairs", {"person": member.pk}],
        "depends_on": [plans.milestones["public"].pk],
        "meetings": [plans.meetings["public"].number],
    }

    created = caller("staff").post("teams/ssr2/milestones", body)
    refused = caller("member").post("teams/ssr2/milestones", body)
    unknown = caller("staff").post(
        "teams/ssr2/milestones", {**body, "depends_on": [plans.milestones["public"].pk, 999999]}
    )

    assert created.status_code == 201, created.content
    out = created.json()
    assert out["key_date"] is True
    assert [o["name"] for o in out["owners"]] == ["Co-Chairs", "Boban Krsic"]
    assert out["depends_on"] == [
        {"id": plans.milestones["public"].pk, "title": "Assess SSR1 implementation"}
    ]
    assert created["Location"] == f"/api/v1/teams/ssr2/milestones/{out['id']}"
    assert refused.status_code == 403
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "depends_on"
    assert "999999" in unknown.json()["errors"][0]["message"]
    assert Milestone.objects.filter(title=body["title"]).count() == 1


def test_an_edit_needs_the_version_it_read(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    milestone = plans.milestones["public"]
    url = _path(milestone)

    missing = staff.patch(url, {"end_on": "2017-10-31"})
    done = staff.patch(url, {"end_on": "2017-10-31"}, **{"If-Match": f'"{milestone.version}"'})
    stale = staff.patch(url, {"title": "Renamed"}, **{"If-Match": f'"{milestone.version}"'})
    backwards = staff.patch(url, {"end_on": "2017-04-01"}, **{"If-Match": done["ETag"]})

    assert missing.status_code == 428
    assert done.status_code == 200, done.content
    assert done.json()["end_on"] == "2017-10-31"
    assert stale.status_code == 412
    assert stale.json()["current_version"] == milestone.version + 1
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "end_on"


def test_a_dependency_cycle_is_refused(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    first, second = plans.milestones["public"], plans.milestones["team"]
    staff.patch(_path(second), {"depends_on": [first.pk]}, **{"If-Match": f'"{second.version}"'})

    answer = staff.patch(
        _path(first), {"depends_on": [second.pk]}, **{"If-Match": f'"{first.version}"'}
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "depends_on"


def test_marking_a_milestone_done_records_when(caller: Any, plans: Plans) -> None:
    milestone = plans.milestones["public"]
    url = _path(milestone, "/status")

    done = caller("chair").post(
        url,
        {"status": "done", "reached_on": "2017-09-28"},
        **{"If-Match": f'"{milestone.version}"'},
    )
    by_member = caller("member").post(url, {"status": "late"}, **{"If-Match": done["ETag"]})
    reopened = caller("staff").post(url, {"status": "in_progress"}, **{"If-Match": done["ETag"]})

    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["reached_on"]) == ("done", "2017-09-28")
    assert by_member.status_code == 403
    assert (reopened.json()["status"], reopened.json()["reached_on"]) == ("in_progress", None)


def test_overdue_lists_what_is_past_its_end_and_not_done(anonymous: Any, plans: Plans) -> None:
    from secretariat.workplan.services import create_milestone

    late = create_milestone(
        team=plans.milestones["public"].team,
        by=None,
        title="Publish the draft report for public comment",
        end_on=dt.date(2017, 12, 1),
    )
    create_milestone(
        team=late.team, by=None, title="Scope agreed", end_on=dt.date(2017, 3, 3), status="done"
    )

    overdue = numbers(anonymous.get("teams/ssr2/milestones", {"overdue": "true"}))

    assert set(overdue) == {late.pk, plans.milestones["public"].pk}


def test_numbers_beyond_any_record_are_unknown_not_errors(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    huge = 2**62

    milestone = staff.post(
        "teams/ssr2/milestones",
        {"title": "Huge", "end_on": "2017-12-01", "action_items": [huge], "meetings": [huge]},
    )
    question = staff.post("teams/ssr2/questions", {"text": "Huge?", "request": huge})
    listed = staff.get("teams/ssr2/questions", {"action_item": huge, "request": huge})
    read = staff.get(f"teams/ssr2/milestones/{huge}")

    assert milestone.status_code == 422
    assert question.status_code == 422
    assert (listed.status_code, listed.json()["items"]) == (200, [])
    assert read.status_code == 404
