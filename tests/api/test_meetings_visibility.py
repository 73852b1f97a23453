"""Every meetings and decisions read, for each role, against each visibility: nothing leaks.

The restricted meeting, material and decisions carry MEETING_CANARY ("CANARY-…"): no response
to anonymous callers, observers or members may ever hold it, in lists, details or 404s.
"""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.teams.models import Person, Team
from tests.api.test_meetings_fixtures import (
    CHAT_TEXT,
    READS,
    ROLES,
    TEAM_MEETING_TEXT,
    World,
    build_world,
    path,
)

LEVELS = ("public", "team", "restricted")
SUB_READS = ("", "/agenda", "/attendance", "/materials", "/minutes", "/decisions")


@pytest.fixture
def world(team: Team, staff: Person, chair: Person, member: Person, observer: Person) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


def _every_read(client: Any, w: World) -> dict[str, Any]:
    answers = {
        "meetings": client.get("teams/ssr2/meetings"),
        "meetings-leadership": client.get("teams/ssr2/meetings", {"kind": "briefing"}),
        "decisions": client.get("teams/ssr2/decisions"),
        "decisions-search": client.get("teams/ssr2/decisions", {"q": "CANARY"}),
        "decisions-leadership": client.get("teams/ssr2/decisions", {"source": "leadership"}),
    }
    for level in LEVELS:
        for rest in SUB_READS:
            answers[f"{level}{rest}"] = client.get(path(w.meeting(level), rest))
    for decision in (w.public_decision, w.team_decision, w.restricted_decision,
                     w.leadership_decision):  # fmt: skip
        answers[f"decision-{decision.number}"] = client.get(
            f"teams/ssr2/decisions/{decision.number}"
        )
    return answers


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_meetings_it_may(role: str, caller: Any, world: World) -> None:
    client = caller(role)
    listed = client.get("teams/ssr2/meetings").json()["items"]
    expected = {world.meeting(level).number for level in READS[role]}
    assert {m["number"] for m in listed} == expected
    for level in LEVELS:
        for rest in SUB_READS:
            answer = client.get(path(world.meeting(level), rest))
            wanted = 200 if level in READS[role] else 404
            assert answer.status_code == wanted, (level, rest, answer.content)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_decisions_it_may(role: str, caller: Any, world: World) -> None:
    client = caller(role)
    listed = {d["number"] for d in client.get("teams/ssr2/decisions").json()["items"]}
    expected = {world.public_decision.number}
    if "team" in READS[role]:
        expected.add(world.team_decision.number)
    if "restricted" in READS[role]:
        expected |= {world.restricted_decision.number, world.leadership_decision.number}
    assert listed == expected
    for decision in (world.public_decision, world.team_decision, world.restricted_decision,
                     world.leadership_decision):  # fmt: skip
        answer = client.get(f"teams/ssr2/decisions/{decision.number}")
        assert answer.status_code == (200 if decision.number in expected else 404)


@pytest.mark.parametrize("role", ["anonymous", "observer", "member"])
def test_the_canary_never_reaches_anyone_below_chair(role: str, caller: Any, world: World) -> None:
    for name, answer in _every_read(caller(role), world).items():
        assert "CANARY" not in answer.content.decode(), name
        assert answer.status_code in (200, 404), name


@pytest.mark.parametrize("role", ["chair", "staff"])
def test_chairs_and_staff_read_the_restricted_records(role: str, caller: Any, world: World) -> None:
    client = caller(role)
    body = client.get(path(world.restricted)).json()
    assert body["title"].startswith("CANARY-MEET")
    assert body["visibility_reason"] == "Briefing under NDA"
    assert "CANARY" in client.get(path(world.restricted, "/minutes")).json()["text"]
    titles = [m["title"] for m in client.get(path(world.public, "/materials")).json()["items"]]
    assert any("CANARY" in t for t in titles)


@pytest.mark.parametrize(("role", "sees_chat"), [("anonymous", False), ("observer", False),
                                                 ("member", True), ("staff", True)])  # fmt: skip
def test_a_public_call_shows_its_materials_by_their_own_visibility(
    role: str, sees_chat: bool, caller: Any, world: World
) -> None:
    items = caller(role).get(path(world.public, "/materials")).json()["items"]
    titles = [m["title"] for m in items]
    assert "Adobe Connect recording" in titles
    assert (CHAT_TEXT in titles) is sees_chat
    recording = next(m for m in items if m["kind"] == "recording")
    assert recording["url"] == "https://icann.adobeconnect.com/p1x2y3/"
    assert recording["file_url"] is None


def test_a_meeting_reads_with_its_agenda_tree_and_etag(anonymous: Any, world: World) -> None:
    answer = anonymous.get(path(world.public))
    assert answer["ETag"] == '"1"'
    body = answer.json()
    assert body["title"] == "SSR2 Plenary Call #110"
    assert body["status"] == "held"
    assert body["attendance_counts"] == {
        "member": 1, "observer": 1, "staff": 1, "guest": 0, "apologies": 1,
    }  # fmt: skip
    agenda = body["agenda"]
    assert [(i["label"], i["title"]) for i in agenda] == [
        ("1", "Welcome, roll call, SOI updates"),
        ("2", "Work plan and timeline"),
        ("3", "AOB"),
    ]
    assert [(c["label"], c["title"]) for c in agenda[1]["children"]] == [
        ("2.1", "Terms of reference"),
        ("2.2", "ICANN59 sessions"),
    ]
    assert agenda[0]["standing"] is True
    assert agenda[1]["children"][0]["parent"] == agenda[1]["id"]


def test_attendance_lists_people_by_role_then_name(anonymous: Any, world: World) -> None:
    items = anonymous.get(path(world.public, "/attendance")).json()["items"]
    assert [(a["role"], a["person"]["name"]) for a in items] == [
        ("member", "Boban Krsic"),
        ("observer", "Naveed Bin Rais"),
        ("staff", "Jennifer Bryce"),
        ("apologies", "Russ Housley"),
    ]


def test_minutes_read_with_their_version(anonymous: Any, world: World) -> None:
    answer = anonymous.get(path(world.public, "/minutes"))
    assert answer.status_code == 200
    assert answer["ETag"] == '"1"'
    assert answer.json()["status"] == "draft"
    assert anonymous.get(path(world.team_call, "/minutes")).status_code == 404


def test_meetings_filter_by_kind_status_and_dates(caller: Any, world: World) -> None:
    client = caller("staff")

    def numbers(**params: str) -> list[int]:
        return [m["number"] for m in client.get("teams/ssr2/meetings", params).json()["items"]]

    assert numbers() == [112, 111, 110]
    assert numbers(kind="leadership") == [111]
    assert numbers(status="held") == [110]
    assert numbers(since="2017-06-02", until="2017-06-12") == [111]
    assert numbers(until="2017-06-01") == [110]
    answer = client.get("teams/ssr2/meetings", {"kind": "picnic"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "kind"


def test_decisions_filter_by_source_and_dates(caller: Any, world: World) -> None:
    client = caller("staff")

    def numbers(**params: str) -> list[int]:
        return [d["number"] for d in client.get("teams/ssr2/decisions", params).json()["items"]]

    assert numbers(source="leadership") == [world.leadership_decision.number]
    assert numbers(since="2017-06-02", until="2017-06-10") == [world.team_decision.number]
    assert numbers(q="work plan") == [world.public_decision.number]
    body = client.get(f"teams/ssr2/decisions/{world.public_decision.number}").json()
    assert body["meeting"] == 110
    assert body["decided_on"] == "2017-06-01"


def test_observers_see_no_team_meeting_text(caller: Any, world: World) -> None:
    for answer in _every_read(caller("observer"), world).values():
        assert TEAM_MEETING_TEXT not in answer.content.decode()
