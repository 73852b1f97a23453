"""Recording decisions through the API: who may, numbering, and 422s naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.meetings.models import Decision
from secretariat.teams.models import Person, Team
from tests.api.test_meetings_fixtures import World, build_world


@pytest.fixture
def world(team: Team, staff: Person, chair: Person, member: Person, observer: Person) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


DECISION = {
    "text": "The review team will hold a face-to-face meeting at ICANN59 Johannesburg.",
    "source": "email",
    "source_text": "SSR2 list, 6 June 2017",
    "decided_on": "2017-06-06",
}


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("observer", 403), ("member", 403), ("chair", 201), ("staff", 201)],
)
def test_recording_a_decision_is_for_staff_and_chairs(
    role: str, status: int, caller: Any, world: World
) -> None:
    answer = caller(role).post("teams/ssr2/decisions", DECISION)
    assert answer.status_code == status, answer.content
    if status == 201:
        body = answer.json()
        assert body["number"] == 5
        assert (body["source"], body["decided_on"], body["meeting"]) == (
            "email",
            "2017-06-06",
            None,
        )
        assert answer["ETag"] == '"1"'
        assert answer["Location"] == "/api/v1/teams/ssr2/decisions/5"
    assert Decision.objects.count() == (5 if status == 201 else 4)


def test_a_decision_of_a_meeting_takes_its_day_and_visibility(caller: Any, world: World) -> None:
    answer = caller("staff").post(
        "teams/ssr2/decisions", {"text": "Invite ICANN OCTO to brief the team", "meeting": 111}
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (body["meeting"], body["decided_on"], body["visibility"]) == (111, "2017-06-06", "team")


def test_an_unknown_meeting_is_a_422_and_a_restricted_one_restricts_the_decision(
    caller: Any, world: World, team: Team
) -> None:
    from secretariat.core.models import Visibility
    from secretariat.meetings.services import update_meeting

    # A decision is never more open than the meeting that reached it.
    update_meeting(meeting=world.team_call, by=None, expected_version=None,
                   changes={"visibility": Visibility.RESTRICTED})  # fmt: skip
    missing = caller("chair").post("teams/ssr2/decisions", {"text": "x", "meeting": 999})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["meeting"]
    found = caller("staff").post("teams/ssr2/decisions", {"text": "x", "meeting": 111})
    assert found.status_code == 201
    assert found.json()["visibility"] == "restricted"


def test_a_meeting_decision_needs_its_meeting(caller: Any, world: World) -> None:
    answer = caller("staff").post("teams/ssr2/decisions", {"text": "Adopt the terms of reference"})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["meeting"]


def test_a_duplicate_decision_number_is_a_422_on_number(caller: Any, world: World) -> None:
    answer = caller("staff").post("teams/ssr2/decisions", {**DECISION, "number": 1})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["number"]
    assert Decision.objects.count() == 4
