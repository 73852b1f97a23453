"""Recording attendance for the roster in one call: by id or by name, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.core.models import HistoryEntry
from secretariat.meetings.models import Attendance
from secretariat.teams.models import Person, Team
from tests.api.test_meetings_fixtures import World, build_world, path


@pytest.fixture
def world(team: Team, staff: Person, chair: Person, member: Person, observer: Person) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("observer", 403), ("member", 403), ("chair", 200), ("staff", 200)],
)
def test_recording_attendance_is_for_editors(
    role: str, status: int, caller: Any, world: World, member: Person, chair: Person
) -> None:
    answer = caller(role).post(
        path(world.public, "/attendance"),
        {
            "attendance": [
                {"person": member.pk, "role": "guest"},
                {"person": "RH", "role": "member"},
            ]
        },
    )
    assert answer.status_code == status, answer.content
    recorded = dict(
        Attendance.objects.filter(meeting=world.public).values_list("person__name", "role")
    )
    if status == 200:
        assert (recorded["Boban Krsic"], recorded["Russ Housley"]) == ("guest", "member")
        assert len(answer.json()["items"]) == 4
    else:
        assert (recorded["Boban Krsic"], recorded["Russ Housley"]) == ("member", "apologies")


def test_attendance_changes_and_clears_in_one_call(
    caller: Any, world: World, member: Person, chair: Person
) -> None:
    answer = caller("staff").post(
        path(world.public, "/attendance"),
        {
            "attendance": [
                {"person": "Russ Housley", "role": "member"},
                {"person": member.pk, "role": None},
            ]
        },
    )
    assert answer.status_code == 200
    rows = [(a["role"], a["person"]["name"]) for a in answer.json()["items"]]
    assert rows == [
        ("member", "Russ Housley"),
        ("observer", "Naveed Bin Rais"),
        ("staff", "Jennifer Bryce"),
    ]
    entry = HistoryEntry.objects.filter(
        action="meetings.attendance.recorded", object_id=world.public.pk
    ).last()
    assert entry is not None
    assert entry.changes == {
        "Russ Housley": ["apologies", "member"],
        "Boban Krsic": ["member", None],
    }


def test_someone_not_on_the_roster_refuses_the_whole_call(
    caller: Any, world: World, member: Person, outsider: Person
) -> None:
    answer = caller("staff").post(
        path(world.team_call, "/attendance"),
        {
            "attendance": [
                {"person": member.pk, "role": "member"},
                {"person": outsider.pk, "role": "guest"},
                {"person": "Denise Michel", "role": "member"},
            ]
        },
    )
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert {e["field"] for e in errors} == {"attendance"}
    assert len(errors) == 2
    assert "not on the team's roster" in errors[0]["message"]
    assert "Denise Michel" in errors[1]["message"]
    assert not Attendance.objects.filter(meeting=world.team_call).exists()


def test_an_unknown_role_is_a_422_naming_the_entry(
    caller: Any, world: World, member: Person
) -> None:
    answer = caller("staff").post(
        path(world.team_call, "/attendance"),
        {"attendance": [{"person": member.pk, "role": "chairing"}]},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].startswith("attendance.0.role")


def test_attendance_of_a_hidden_meeting_is_not_found(
    caller: Any, world: World, member: Person
) -> None:
    answer = caller("member").post(
        path(world.restricted, "/attendance"),
        {"attendance": [{"person": member.pk, "role": "member"}]},
    )
    assert answer.status_code == 404
