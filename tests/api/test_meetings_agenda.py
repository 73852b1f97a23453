"""The agenda through the API: adding, editing (If-Match with the item's etag), reordering and
nesting (the "reorder agenda" action), removing; nesting an item under itself is a 422."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.core.models import HistoryEntry
from secretariat.meetings.models import AgendaItem
from secretariat.teams.models import Person, Team
from tests.api.test_meetings_fixtures import World, build_world, path


@pytest.fixture
def world(team: Team, staff: Person, chair: Person, member: Person, observer: Person) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


def _titles(nodes: list[dict[str, Any]]) -> list[Any]:
    return [
        (n["label"], n["title"], _titles(n["children"])) if n["children"] else n["title"]
        for n in nodes
    ]


def _item(world: World, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=world.public, title=title)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("observer", 403), ("member", 403), ("chair", 201), ("staff", 201)],
)
def test_adding_an_agenda_item_is_for_editors(
    role: str, status: int, caller: Any, world: World, chair: Person
) -> None:
    answer = caller(role).post(
        path(world.public, "/agenda"),
        {
            "title": "Briefing by ICANN OCTO",
            "presenter": chair.pk,
            "minutes": 20,
            "links": ["https://www.icann.org/octo", "javascript:alert(1)"],
        },
    )
    assert answer.status_code == status, answer.content
    if status == 201:
        body = answer.json()
        assert (body["label"], body["presenter"]["name"], body["minutes"]) == (
            "4",
            "Russ Housley",
            20,
        )
        assert body["links"] == ["https://www.icann.org/octo"]
        assert answer["ETag"] == body["etag"]
    else:
        assert not AgendaItem.objects.filter(title="Briefing by ICANN OCTO").exists()


def test_an_item_is_added_under_a_parent(caller: Any, world: World) -> None:
    parent = _item(world, "Work plan and timeline")
    answer = caller("staff").post(
        path(world.public, "/agenda"), {"title": "Key dates", "parent": parent.pk}
    )
    assert answer.status_code == 201
    assert answer.json()["label"] == "2.3"


def test_a_parent_from_another_meeting_is_a_422_on_parent(caller: Any, world: World) -> None:
    other = AgendaItem.objects.filter(meeting=world.team_call).first()
    assert other is not None
    answer = caller("staff").post(path(world.public, "/agenda"), {"title": "x", "parent": other.pk})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["parent"]


def test_a_presenter_off_the_roster_is_a_422_on_presenter(
    caller: Any, world: World, outsider: Person
) -> None:
    answer = caller("staff").post(
        path(world.public, "/agenda"), {"title": "x", "presenter": outsider.pk}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["presenter"]


def test_editing_an_item_needs_its_etag(caller: Any, world: World) -> None:
    client = caller("staff")
    item = _item(world, "Terms of reference")
    url = path(world.public, f"/agenda/{item.pk}")
    assert client.patch(url, {"reached": True}).status_code == 428
    etag = client.get(path(world.public, "/agenda")).json()["items"][1]["children"][0]["etag"]
    first = client.patch(url, {"reached": True, "minutes": 15}, **{"If-Match": etag})
    assert first.status_code == 200, first.content
    assert first.json()["reached"] is True
    assert first["ETag"] != etag
    stale = client.patch(url, {"title": "Overwritten"}, **{"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["current_etag"] == first["ETag"]
    item.refresh_from_db()
    assert (item.title, item.minutes, item.reached) == ("Terms of reference", 15, True)


def test_an_item_cannot_be_nested_under_itself(caller: Any, world: World) -> None:
    item = _item(world, "Work plan and timeline")
    answer = caller("staff").post(
        path(world.public, f"/agenda/{item.pk}/move"), {"parent": item.pk}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["parent"]
    assert "under itself" in answer.json()["errors"][0]["message"]


def test_an_item_cannot_be_nested_under_its_own_sub_item(caller: Any, world: World) -> None:
    item = _item(world, "Work plan and timeline")
    child = _item(world, "Terms of reference")
    answer = caller("staff").post(
        path(world.public, f"/agenda/{item.pk}/move"), {"parent": child.pk}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["parent"]


def test_reordering_moves_up_nests_and_outdents(caller: Any, world: World) -> None:
    client = caller("chair")
    aob = _item(world, "AOB")
    sessions = _item(world, "ICANN59 sessions")
    up = client.post(path(world.public, f"/agenda/{aob.pk}/move"), {"direction": "up"})
    assert up.status_code == 200
    assert _titles(up.json()["items"]) == [
        "Welcome, roll call, SOI updates",
        "AOB",
        ("3", "Work plan and timeline", ["Terms of reference", "ICANN59 sessions"]),
    ]
    nested = client.post(
        path(world.public, f"/agenda/{sessions.pk}/move"), {"parent": None, "position": 0}
    )
    assert _titles(nested.json()["items"]) == [
        "ICANN59 sessions",
        "Welcome, roll call, SOI updates",
        "AOB",
        ("4", "Work plan and timeline", ["Terms of reference"]),
    ]
    under = client.post(path(world.public, f"/agenda/{aob.pk}/move"), {"parent": sessions.pk})
    assert _titles(under.json()["items"])[0] == ("1", "ICANN59 sessions", ["AOB"])
    assert HistoryEntry.objects.filter(action="meetings.agenda.item_nested").count() == 2


def test_a_move_needs_a_direction_or_a_place(caller: Any, world: World) -> None:
    item = _item(world, "AOB")
    answer = caller("staff").post(path(world.public, f"/agenda/{item.pk}/move"), {})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "direction"


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("member", 403)])
def test_reordering_is_for_editors(role: str, status: int, caller: Any, world: World) -> None:
    item = _item(world, "AOB")
    answer = caller(role).post(path(world.public, f"/agenda/{item.pk}/move"), {"direction": "up"})
    assert answer.status_code == status
    item.refresh_from_db()
    assert item.position == 2


def test_removing_an_item_keeps_it_marked_removed(caller: Any, world: World) -> None:
    item = _item(world, "Work plan and timeline")
    answer = caller("staff").send("DELETE", path(world.public, f"/agenda/{item.pk}"))
    assert answer.status_code == 204
    assert AgendaItem.objects.filter(meeting=world.public, removed=True).count() == 3
    titles = _titles(caller("staff").get(path(world.public, "/agenda")).json()["items"])
    assert titles == ["Welcome, roll call, SOI updates", "AOB"]


def test_an_item_of_a_hidden_meeting_is_not_found(caller: Any, world: World) -> None:
    item = AgendaItem.objects.get(meeting=world.restricted)
    answer = caller("member").post(
        path(world.restricted, f"/agenda/{item.pk}/move"), {"direction": "up"}
    )
    assert answer.status_code == 404
    # An item id of another meeting is not found under this one either.
    answer = caller("staff").post(
        path(world.public, f"/agenda/{item.pk}/move"), {"direction": "up"}
    )
    assert answer.status_code == 404
