"""Editing events and sessions through the API (PATCH with If-Match), an event's history, and
its schedule paged with the cursor like every other list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from secretariat.events.models import Event
from secretariat.events.services import add_session
from secretariat.teams.models import Group, Person, Team
from tests.api.test_requests_fixtures import (
    JNB,
    LEVELS,
    PLAN_CANARY,
    READS,
    ROLES,
    Plans,
    build_plans,
)


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(event: Event, rest: str = "") -> str:
    return f"teams/ssr2/events/{event.slug}{rest}"


def test_an_event_edit_needs_the_version_it_read(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    event = plans.events["public"]
    body = {"place": "Sandton Convention Centre", "url": "https://meetings.icann.org/en/59"}

    missing = staff.patch(_path(event), body)
    stale = staff.patch(_path(event), body, **{"If-Match": f'"{event.version + 1}"'})
    done = staff.patch(_path(event), body, **{"If-Match": f'"{event.version}"'})

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert stale.json()["current_version"] == event.version
    assert done.status_code == 200
    assert done.json()["place"] == "Sandton Convention Centre"
    assert done.json()["slug"] == "icann59"
    assert done["ETag"] == f'"{event.version + 1}"'


def test_an_event_cannot_shrink_away_from_its_sessions(caller: Any, plans: Plans) -> None:
    event = plans.events["public"]
    if_match = {"If-Match": f'"{event.version}"'}

    shrunk = caller("staff").patch(_path(event), {"starts_on": "2017-06-28"}, **if_match)
    moved_zone = caller("staff").patch(_path(event), {"time_zone": "Mars/Olympus"}, **if_match)
    bad_url = caller("staff").patch(_path(event), {"url": "javascript:alert(1)"}, **if_match)
    by_member = caller("member").patch(_path(event), {"place": "Cape Town"}, **if_match)

    assert shrunk.status_code == 422
    assert shrunk.json()["errors"][0]["field"] == "starts_on"
    assert "DNSSEC Workshop" in shrunk.json()["errors"][0]["message"]
    assert moved_zone.json()["errors"][0]["field"] == "time_zone"
    assert bad_url.json()["errors"][0]["field"] == "url"
    assert by_member.status_code == 403
    event.refresh_from_db()
    assert (event.starts_on, event.place, event.version) == (
        dt.date(2017, 6, 26),
        "Johannesburg",
        plans.events["public"].version,
    )


def test_a_session_moves_within_its_event(caller: Any, plans: Plans) -> None:
    event = plans.events["public"]
    session = plans.sessions["public"]
    url = _path(event, f"/sessions/{session.pk}")
    if_match = {"If-Match": f'"{session.version}"'}
    moved = {"starts_at": "2017-06-28T14:00:00+02:00", "ends_at": "2017-06-28T15:30:00+02:00"}

    missing = caller("staff").patch(url, moved)
    outside = caller("staff").patch(url, {"starts_at": "2017-07-01T09:00:00+02:00"}, **if_match)
    naive = caller("staff").patch(url, {"starts_at": "2017-06-28T09:00:00"}, **if_match)
    by_member = caller("member").patch(url, {"room": "Ballroom 1"}, **if_match)
    done = caller("chair").patch(url, {**moved, "room": "Ballroom 1"}, **if_match)
    stale = caller("chair").patch(url, {"room": "Ballroom 3"}, **if_match)

    assert missing.status_code == 428
    assert outside.status_code == 422
    assert outside.json()["errors"][0]["field"] in ("starts_at", "ends_at")
    assert naive.json()["errors"][0]["field"] == "starts_at"
    assert by_member.status_code == 403
    assert done.status_code == 200, done.json()
    assert done.json()["starts_at"] == "2017-06-28T12:00:00Z"
    assert done.json()["local_starts_at"] == "2017-06-28T14:00:00+02:00"
    assert done.json()["room"] == "Ballroom 1"
    assert done.json()["recommended"] is True  # recommending has its own action
    assert stale.status_code == 412


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_history_of_the_events_it_may(
    role: str, caller: Any, plans: Plans
) -> None:
    client = caller(role)

    for level in LEVELS:
        answer = client.get(_path(plans.events[level], "/history"))
        assert answer.status_code == (200 if level in READS[role] else 404), level
        if answer.status_code == 200:
            assert answer.json()["items"][0]["action"] == "events.event.created"
            if "restricted" not in READS[role]:
                assert PLAN_CANARY not in answer.content.decode()


def test_an_event_edit_shows_in_its_history(caller: Any, plans: Plans) -> None:
    event = plans.events["public"]
    caller("staff").patch(_path(event), {"place": "Sandton"}, **{"If-Match": f'"{event.version}"'})

    entries = caller("anonymous").get(_path(event, "/history")).json()["items"]

    assert entries[-1]["action"] == "events.event.updated"
    assert entries[-1]["changes"]["place"] == ["Johannesburg", "Sandton"]


def test_the_schedule_pages_follow_the_cursor_in_time_order(anonymous: Any, plans: Plans) -> None:
    event = plans.events["public"]
    for hour in (11, 13, 15, 17):
        start = dt.datetime(2017, 6, 28, hour, 0, tzinfo=JNB)
        add_session(
            event=event,
            by=None,
            title=f"GAC session {hour}:00",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = anonymous.get(_path(event, "/sessions"), params).json()
        seen += [s["title"] for s in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert pages == 3
    assert seen == [
        "DNSSEC Workshop",
        "GAC session 11:00",
        "GAC session 13:00",
        "GAC session 15:00",
        "GAC session 17:00",
    ]
