"""Requests through the API: each role reads exactly what the requests screen shows it; staff
and chairs create, edit, move along the workflow and schedule; members add notes; no lost
update (ETag/If-Match)."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.requests.models import Request, RequestNote
from secretariat.teams.models import Group, Person, Team
from tests.api.test_requests_fixtures import (
    LEVELS,
    PLAN_CANARY,
    READS,
    ROLES,
    TEAM_TEXT,
    Plans,
    build_plans,
    numbers,
)


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(plans: Plans, level: str, rest: str = "") -> str:
    return f"teams/ssr2/requests/{plans.requests[level].number}{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_requests_it_may(role: str, caller: Any, plans: Plans) -> None:
    client = caller(role)

    listed = client.get("teams/ssr2/requests")

    assert set(numbers(listed)) == {plans.requests[level].number for level in READS[role]}
    for level in LEVELS:
        answer = client.get(_path(plans, level))
        assert answer.status_code == (200 if level in READS[role] else 404), level
        for rest in ("/notes", "/history"):
            assert client.get(_path(plans, level, rest)).status_code == answer.status_code
    if "restricted" not in READS[role]:
        assert PLAN_CANARY not in listed.content.decode()
        assert PLAN_CANARY not in client.get(_path(plans, "public", "/notes")).content.decode()
        assert PLAN_CANARY not in client.get(_path(plans, "public", "/history")).content.decode()
    if "team" not in READS[role]:
        assert TEAM_TEXT not in listed.content.decode()


def test_a_request_reads_as_on_its_page(anonymous: Any, plans: Plans, staff: Person) -> None:
    answer = anonymous.get(_path(plans, "public"))

    body = answer.json()
    assert answer["ETag"] == f'"{plans.requests["public"].version}"'
    assert body["title"] == "DNS Abuse Study briefing on interim results"
    assert body["asked_by"]["name"] == "Co-Chairs"
    assert body["responsible"] == {"id": staff.pk, "name": "Jennifer Bryce"}
    assert body["status"] == "requested"
    assert body["html_url"] == f"/ssr2/requests/{plans.requests['public'].number}/"
    notes = anonymous.get(_path(plans, "public", "/notes")).json()["items"]
    assert [n["text"] for n in notes] == ["Working with OCTO on a date in June"]


def test_the_list_filters_as_the_screen_does(anonymous: Any, plans: Plans, staff: Person) -> None:
    from secretariat.requests.services import create_request

    tool = create_request(
        team=plans.requests["public"].team, by=None, kind="tool", title="Access to the ITHI data"
    )
    delivered = create_request(
        team=tool.team, by=None, kind="data", title="SLA monitoring data", status="delivered"
    )

    assert numbers(anonymous.get("teams/ssr2/requests", {"kind": "tool"})) == [tool.number]
    assert delivered.number not in numbers(
        anonymous.get("teams/ssr2/requests", {"outstanding": "true"})
    )
    assert numbers(anonymous.get("teams/ssr2/requests", {"status": "delivered"})) == [
        delivered.number
    ]
    everything = numbers(anonymous.get("teams/ssr2/requests"))
    assert everything == sorted(everything, reverse=True)


def test_the_list_filters_by_department_and_level_within_what_the_caller_reads(
    caller: Any, anonymous: Any, plans: Plans
) -> None:
    from secretariat.requests.services import create_request

    team = plans.requests["public"].team
    it_public = create_request(
        team=team, by=None, kind="tool", title="Wiki with public archive", addressed_to="IT"
    )
    it_restricted = create_request(
        team=team,
        by=None,
        kind="tool",
        title="Shared drive for the NDA documents",
        addressed_to="IT",
        visibility="restricted",
        visibility_reason="Names the vendor",
    )

    assert numbers(anonymous.get("teams/ssr2/requests", {"addressed_to": "it"})) == [
        it_public.number
    ]
    assert numbers(caller("staff").get("teams/ssr2/requests", {"addressed_to": "IT"})) == [
        it_restricted.number,
        it_public.number,
    ]
    assert numbers(anonymous.get("teams/ssr2/requests", {"visibility": "restricted"})) == []
    restricted = numbers(caller("staff").get("teams/ssr2/requests", {"visibility": "restricted"}))
    assert it_restricted.number in restricted
    assert it_public.number not in restricted
    assert anonymous.get("teams/ssr2/requests", {"visibility": "secret"}).status_code == 422


def test_pages_follow_the_cursor_without_repeats(anonymous: Any, plans: Plans) -> None:
    from secretariat.requests.services import create_request

    for n in range(5):
        create_request(
            team=plans.requests["public"].team, by=None, kind="document", title=f"Doc {n}"
        )
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = anonymous.get("teams/ssr2/requests", params).json()
        seen += [r["number"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == numbers(anonymous.get("teams/ssr2/requests"))


def test_staff_create_a_request_and_members_may_not(
    caller: Any, plans: Plans, chair: Person
) -> None:
    body = {
        "kind": "briefing",
        "title": "Briefing on the Framework for Registry Operators",
        "asked_by": "Co-Chairs",
        "responsible": chair.pk,
        "addressed_to": "GDD",
        "requested_on": "2017-06-02",
    }

    created = caller("staff").post("teams/ssr2/requests", body)
    refused = caller("member").post("teams/ssr2/requests", body)
    anonymous = caller("anonymous").post("teams/ssr2/requests", body)

    assert created.status_code == 201, created.content
    assert created.json()["asked_by"] == {
        "type": "group",
        "id": plans.requests["public"].asked_by_group_id,
        "name": "Co-Chairs",
    }
    assert created["Location"] == f"/api/v1/teams/ssr2/requests/{created.json()['number']}"
    assert created["ETag"] == '"1"'
    assert (refused.status_code, anonymous.status_code) == (403, 401)
    assert Request.objects.filter(title=body["title"]).count() == 1


def test_an_unknown_asker_is_a_422_naming_the_field(caller: Any, plans: Plans) -> None:
    answer = caller("staff").post(
        "teams/ssr2/requests", {"title": "Briefing on abuse reporting", "asked_by": "Denise Michel"}
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "asked_by"
    assert "Denise Michel" in answer.json()["errors"][0]["message"]


def test_an_edit_needs_the_version_it_read(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    url = _path(plans, "public")
    version = plans.requests["public"].version

    missing = staff.patch(url, {"availability": "mornings UTC"})
    stale = staff.patch(url, {"availability": "mornings UTC"}, **{"If-Match": f'"{version - 1}"'})
    done = staff.patch(url, {"availability": "mornings UTC"}, **{"If-Match": f'"{version}"'})

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert stale.json()["current_version"] == version
    assert done.status_code == 200
    assert done.json()["availability"] == "mornings UTC"
    assert done["ETag"] == f'"{version + 1}"'


def test_a_member_may_not_edit_a_request_that_does_not_name_them(caller: Any, plans: Plans) -> None:
    version = plans.requests["public"].version

    answer = caller("member").patch(
        _path(plans, "public"), {"title": "Renamed"}, **{"If-Match": f'"{version}"'}
    )

    assert answer.status_code == 403
    plans.requests["public"].refresh_from_db()
    assert plans.requests["public"].title == "DNS Abuse Study briefing on interim results"


def test_the_status_moves_along_the_workflow_with_a_note(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    version = plans.requests["public"].version

    moved = staff.post(
        _path(plans, "public", "/status"),
        {"status": "pending_approval", "note": "Waiting for IT approval", "noted_on": "2017-06-05"},
        **{"If-Match": f'"{version}"'},
    )
    refused = staff.post(
        _path(plans, "public", "/status"),
        {"status": "requested"},
        **{"If-Match": moved["ETag"]},
    )

    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "pending_approval"
    notes = staff.get(_path(plans, "public", "/notes")).json()["items"]
    assert {"noted_on": "2017-06-05", "text": "Waiting for IT approval"}.items() <= notes[0].items()
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "status"


def test_a_briefing_is_scheduled_onto_a_meeting(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    version = plans.requests["public"].version
    meeting = plans.meetings["public"]

    answer = staff.post(
        _path(plans, "public", "/schedule"),
        {"meeting": meeting.number},
        **{"If-Match": f'"{version}"'},
    )
    unknown = staff.post(
        _path(plans, "public", "/schedule"), {"meeting": 999}, **{"If-Match": answer["ETag"]}
    )

    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["scheduled_meeting"]) == (
        "scheduled",
        meeting.number,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "meeting"


def test_a_public_request_never_names_a_restricted_meeting(
    caller: Any, plans: Plans, staff: Person
) -> None:
    from secretariat.requests.services import schedule_briefing

    schedule_briefing(
        request=plans.requests["public"],
        by=None,
        expected_version=None,
        meeting=plans.meetings["restricted"],
    )

    seen_by_member = caller("member").get(_path(plans, "public")).json()
    seen_by_staff = caller("staff").get(_path(plans, "public")).json()

    assert seen_by_member["scheduled_meeting"] is None
    assert seen_by_staff["scheduled_meeting"] == plans.meetings["restricted"].number


def test_members_add_notes_without_if_match_but_may_not_restrict_them(
    caller: Any, plans: Plans
) -> None:
    member = caller("member")

    added = member.post(_path(plans, "public", "/notes"), {"text": "Asked OCTO for slides"})
    restricted = member.post(
        _path(plans, "public", "/notes"), {"text": "Vendor named", "visibility": "restricted"}
    )
    observer = caller("observer").post(_path(plans, "public", "/notes"), {"text": "Hello"})

    assert added.status_code == 201, added.content
    assert added.json()["visibility"] == "public"
    assert restricted.status_code == 422
    assert restricted.json()["errors"][0]["field"] == "visibility"
    assert observer.status_code == 403
    assert not RequestNote.objects.filter(text__in=["Vendor named", "Hello"]).exists()


def test_a_member_edits_a_request_they_are_responsible_for(
    caller: Any, plans: Plans, member: Person
) -> None:
    from secretariat.requests.services import create_request

    theirs = create_request(
        team=plans.requests["public"].team,
        by=None,
        kind="document",
        title="SSR1 implementation report, annotated",
        responsible=member,
    )

    answer = caller("member").patch(
        f"teams/ssr2/requests/{theirs.number}",
        {"availability": "After ICANN59"},
        **{"If-Match": f'"{theirs.version}"'},
    )
    restricting = caller("member").patch(
        f"teams/ssr2/requests/{theirs.number}",
        {"visibility": "restricted", "visibility_reason": "Draft"},
        **{"If-Match": answer["ETag"]},
    )

    assert answer.status_code == 200, answer.content
    assert answer.json()["availability"] == "After ICANN59"
    assert restricting.status_code == 403


def test_the_api_choices_follow_the_models() -> None:
    from typing import get_args

    from secretariat.api import schemas_events, schemas_requests

    assert get_args(schemas_requests.RequestKind) == schemas_requests.REQUEST_KINDS
    assert get_args(schemas_requests.RequestStatus) == schemas_requests.REQUEST_STATUSES
    assert set(get_args(schemas_requests.RequestNewStatus)) == set(
        schemas_requests.REQUEST_STATUSES
    ) - {"scheduled"}
    assert get_args(schemas_requests.QuestionStatus) == schemas_requests.QUESTION_STATUSES
    assert get_args(schemas_events.MilestoneStatus) == schemas_events.MILESTONE_STATUSES
