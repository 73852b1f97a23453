"""Creating and changing meetings through the API: who may, the lost-update guard (ETag and
If-Match: 428 without, 412 when stale), and 422 problems naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from secretariat.core.models import HistoryEntry
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Person, Team
from tests.api.test_meetings_fixtures import (
    World,
    build_world,
    path,
)
from tests.factories import make_call

NEW_CALL = {
    "title": "SSR2 Plenary Call #113",
    "kind": "plenary",
    "starts_at": "2017-06-20T14:00:00Z",
    "duration_minutes": 90,
    "place": "Adobe Connect",
}


@pytest.fixture
def world(team: Team, staff: Person, chair: Person, member: Person, observer: Person) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("observer", 403), ("member", 403), ("chair", 201), ("staff", 201)],
)
def test_create_meeting_is_for_staff_and_chairs(
    role: str, status: int, caller: Any, world: World
) -> None:
    answer = caller(role).post("teams/ssr2/meetings", NEW_CALL)
    assert answer.status_code == status, answer.content
    if status == 201:
        body = answer.json()
        assert body["number"] == 113
        assert body["starts_at"].startswith("2017-06-20T14:00:00")
        assert body["ends_at"].startswith("2017-06-20T15:30:00")
        assert answer["ETag"] == '"1"'
        assert answer["Location"] == "/api/v1/teams/ssr2/meetings/113"
        assert HistoryEntry.objects.filter(action="meetings.meeting.created").count() == 4
    else:
        assert not Meeting.objects.filter(number=113).exists()


def test_a_duplicate_meeting_number_is_a_422_on_number(caller: Any, world: World) -> None:
    answer = caller("staff").post("teams/ssr2/meetings", {**NEW_CALL, "number": 110})
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["number"]
    assert Meeting.objects.count() == 3


def test_a_start_without_time_zone_is_a_422_on_starts_at(caller: Any, world: World) -> None:
    answer = caller("staff").post(
        "teams/ssr2/meetings", {**NEW_CALL, "starts_at": "2017-06-20T14:00:00"}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["starts_at"]


def test_a_restricted_previous_meeting_is_unknown_to_a_member(caller: Any, world: World) -> None:
    answer = caller("chair").post("teams/ssr2/meetings", {**NEW_CALL, "previous": 112})
    assert answer.status_code == 201
    assert answer.json()["previous"] == 112
    # A member reading the new (public) meeting does not learn the restricted one's number.
    assert caller("member").get("teams/ssr2/meetings/113").json()["previous"] is None


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("observer", 403), ("member", 403), ("chair", 200)]
)
def test_patch_meeting_needs_an_editor(role: str, status: int, caller: Any, world: World) -> None:
    answer = caller(role).patch(path(world.public), {"status": "cancelled"}, **{"If-Match": '"1"'})
    assert answer.status_code == status
    world.public.refresh_from_db()
    assert world.public.status == ("cancelled" if status == 200 else "held")


def test_patch_meeting_without_if_match_is_428(caller: Any, world: World) -> None:
    answer = caller("staff").patch(path(world.public), {"place": "ICANN59 Johannesburg"})
    assert answer.status_code == 428
    world.public.refresh_from_db()
    assert world.public.place == ""


def test_patch_meeting_with_a_stale_version_is_412_and_changes_nothing(
    caller: Any, world: World
) -> None:
    client = caller("staff")
    etag = client.get(path(world.public))["ETag"]
    first = client.patch(path(world.public), {"place": "Adobe Connect"}, **{"If-Match": etag})
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    second = client.patch(path(world.public), {"title": "Overwritten"}, **{"If-Match": etag})
    assert second.status_code == 412
    body = second.json()
    assert body["current_version"] == 2
    assert body["changes_since"][0]["fields"] == ["place"]
    world.public.refresh_from_db()
    assert world.public.title == "SSR2 Plenary Call #110"


def test_patch_to_a_taken_number_is_a_422_on_number(caller: Any, world: World) -> None:
    answer = caller("staff").patch(path(world.public), {"number": 111}, **{"If-Match": '"1"'})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["number"]


def test_a_member_cannot_patch_a_restricted_meeting_it_cannot_see(
    caller: Any, world: World
) -> None:
    answer = caller("member").patch(path(world.restricted), {"title": "x"}, **{"If-Match": '"1"'})
    assert answer.status_code == 404
    assert "CANARY" not in answer.content.decode()


def test_unknown_fields_are_refused(caller: Any, world: World) -> None:
    answer = caller("staff").patch(path(world.public), {"colour": "red"}, **{"If-Match": '"1"'})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "colour"


# Minutes ---------------------------------------------------------------------------------------


def test_minutes_are_drafted_redrafted_with_if_match_and_approved(
    caller: Any, world: World, team: Any
) -> None:
    client = caller("staff")
    call = make_call(
        team, 109, "SSR2 Plenary Call #109", starts_at=dt.datetime(2017, 5, 25, 14, tzinfo=dt.UTC)
    )
    first = client.send("PUT", path(call, "/minutes"), {"text": "Agreed the agenda."})
    assert first.status_code == 201
    assert first["ETag"] == '"1"'
    missing = client.send("PUT", path(call, "/minutes"), {"text": "Redraft"})
    assert missing.status_code == 428
    again = client.send(
        "PUT", path(call, "/minutes"), {"text": "Agreed the agenda for #112."},
        **{"If-Match": '"1"'},
    )  # fmt: skip
    assert again.status_code == 200
    assert again.json()["version"] == 2
    stale = client.post(path(call, "/minutes/approve"), {"at_meeting": 112}, **{"If-Match": '"1"'})
    assert stale.status_code == 412
    approved = client.post(
        path(call, "/minutes/approve"), {"at_meeting": 112}, **{"If-Match": '"2"'}
    )
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["approved_at"], body["text"]) == (
        "approved", 112, "Agreed the agenda for #112.",
    )  # fmt: skip


def test_minutes_are_approved_at_a_later_meeting_only(caller: Any, world: World) -> None:
    answer = caller("staff").post(
        path(world.restricted, "/minutes/approve"), {"at_meeting": 404}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["at_meeting"]
    answer = caller("staff").post(
        path(world.public, "/minutes/approve"), {"at_meeting": 110}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["approved_at"]


@pytest.mark.parametrize(("role", "status"), [("observer", 403), ("member", 403)])
def test_minutes_are_written_by_editors_only(
    role: str, status: int, caller: Any, world: World
) -> None:
    answer = caller(role).send(
        "PUT", path(world.public, "/minutes"), {"text": "Rewritten"}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == status


# Materials -------------------------------------------------------------------------------------


def test_a_link_is_added_as_material(caller: Any, world: World) -> None:
    answer = caller("chair").post(
        path(world.public, "/materials"),
        {"kind": "slides", "title": "Staff slides", "url": "https://example.org/ssr2-110.pdf"},
    )
    assert answer.status_code == 201
    assert answer.json()["url"] == "https://example.org/ssr2-110.pdf"
    assert HistoryEntry.objects.filter(action="meetings.material.added").count() == 4


def test_a_material_that_is_not_an_address_is_a_422_on_url(caller: Any, world: World) -> None:
    answer = caller("chair").post(
        path(world.public, "/materials"), {"kind": "slides", "url": "javascript:alert(1)"}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["url"]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("member", 403)])
def test_materials_are_added_by_editors_only(
    role: str, status: int, caller: Any, world: World
) -> None:
    answer = caller(role).post(
        path(world.public, "/materials"), {"kind": "slides", "url": "https://example.org/x.pdf"}
    )
    assert answer.status_code == status
