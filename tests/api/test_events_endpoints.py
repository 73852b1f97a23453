"""Events and sessions through the API: each role reads the events it may (and their
schedules), times come in UTC and in the event's zone, staff and chairs create events, add
sessions within the event's days and recommend them (If-Match: the session's version)."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.events.models import Event, Session
from secretariat.teams.models import Group, Person, Team
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


def _path(event: Event, rest: str = "") -> str:
    return f"teams/ssr2/events/{event.slug}{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_events_it_may(role: str, caller: Any, plans: Plans) -> None:
    client = caller(role)

    listed = client.get("teams/ssr2/events")
    recommended = client.get("teams/ssr2/sessions/recommended")

    assert set(numbers(listed)) == {plans.events[level].slug for level in READS[role]}
    assert {s["id"] for s in recommended.json()["items"]} == {
        plans.sessions[level].pk for level in READS[role]
    }
    for level in LEVELS:
        event = plans.events[level]
        status = 200 if level in READS[role] else 404
        assert client.get(_path(event)).status_code == status, level
        assert client.get(_path(event, "/sessions")).status_code == status
        session = plans.sessions[level]
        assert client.get(_path(event, f"/sessions/{session.pk}")).status_code == status
    if "restricted" not in READS[role]:
        for answer in (listed, recommended):
            assert PLAN_CANARY not in answer.content.decode()


def test_a_schedule_shows_utc_and_the_events_own_time(anonymous: Any, plans: Plans) -> None:
    event = plans.events["public"]

    answer = anonymous.get(_path(event, "/sessions"))
    detail = anonymous.get(_path(event))

    session = answer.json()["items"][0]
    assert session["title"] == "DNSSEC Workshop"
    assert session["starts_at"] == "2017-06-27T07:00:00Z"
    assert session["local_starts_at"] == "2017-06-27T09:00:00+02:00"
    assert session["recommended"] is True
    assert session["recommended_reason"] == "KSK rollover update"
    assert (detail.json()["sessions"], detail.json()["recommended"]) == (1, 1)
    assert detail["ETag"] == f'"{event.version}"'


def test_events_list_newest_first_and_filter_by_dates(anonymous: Any, plans: Plans) -> None:
    import datetime as dt

    from secretariat.events.services import create_event

    create_event(
        team=plans.events["public"].team,
        by=None,
        name="ICANN58 Copenhagen",
        starts_on=dt.date(2017, 3, 11),
        ends_on=dt.date(2017, 3, 16),
        time_zone="Europe/Copenhagen",
    )

    assert numbers(anonymous.get("teams/ssr2/events")) == ["icann59", "icann58-copenhagen"]
    assert numbers(anonymous.get("teams/ssr2/events", {"until": "2017-04-01"})) == [
        "icann58-copenhagen"
    ]
    assert numbers(anonymous.get("teams/ssr2/events", {"since": "2017-06-29"})) == ["icann59"]


def test_staff_create_an_event_and_members_may_not(caller: Any, plans: Plans) -> None:
    body = {
        "name": "ICANN60 Abu Dhabi",
        "place": "Abu Dhabi National Exhibition Centre",
        "starts_on": "2017-10-28",
        "ends_on": "2017-11-03",
        "time_zone": "Asia/Dubai",
        "url": "https://meetings.icann.org/en/abudhabi60",
    }

    created = caller("chair").post("teams/ssr2/events", body)
    refused = caller("member").post("teams/ssr2/events", {**body, "name": "ICANN60 again"})
    bad_zone = caller("staff").post(
        "teams/ssr2/events", {**body, "name": "Elsewhere", "time_zone": "Mars/Olympus"}
    )
    bad_url = caller("staff").post(
        "teams/ssr2/events", {**body, "name": "Elsewhere", "url": "not a web address"}
    )

    assert created.status_code == 201, created.content
    assert created.json()["slug"] == "icann60-abu-dhabi"
    assert created["Location"] == "/api/v1/teams/ssr2/events/icann60-abu-dhabi"
    assert refused.status_code == 403
    assert [e["field"] for e in bad_zone.json()["errors"]] == ["time_zone"]
    assert [e["field"] for e in bad_url.json()["errors"]] == ["url"]
    assert not Event.objects.filter(name="Elsewhere").exists()


def test_a_session_must_fall_within_the_events_days(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    event = plans.events["public"]
    url = _path(event, "/sessions")

    added = staff.post(
        url,
        {
            "title": "Public Forum",
            "starts_at": "2017-06-29T17:00:00+02:00",
            "ends_at": "2017-06-29T19:30:00+02:00",
            "room": "Plenary hall",
        },
    )
    # 23:30 UTC on the last day is already the next day in Johannesburg.
    outside = staff.post(
        url,
        {
            "title": "Late session",
            "starts_at": "2017-06-29T22:30:00Z",
            "ends_at": "2017-06-29T23:30:00Z",
        },
    )
    naive = staff.post(
        url,
        {"title": "Naive", "starts_at": "2017-06-27T10:00:00", "ends_at": "2017-06-27T11:00:00"},
    )
    by_member = caller("member").post(
        url,
        {"title": "Mine", "starts_at": "2017-06-27T10:00:00Z", "ends_at": "2017-06-27T11:00:00Z"},
    )

    assert added.status_code == 201, added.content
    assert added.json()["starts_at"] == "2017-06-29T15:00:00Z"
    assert outside.status_code == 422
    assert outside.json()["errors"][0]["field"] == "starts_at"
    assert naive.status_code == 422
    assert naive.json()["errors"][0]["field"] == "starts_at"
    assert by_member.status_code == 403
    assert list(event.sessions.values_list("title", flat=True).order_by("title")) == [
        "DNSSEC Workshop",
        "Public Forum",
    ]


def test_recommending_a_session_needs_its_version(caller: Any, plans: Plans, staff: Person) -> None:
    import datetime as dt

    from secretariat.events.services import add_session

    event = plans.events["public"]
    session = add_session(
        event=event,
        by=None,
        title="GAC Public Safety Working Group",
        starts_at=dt.datetime(2017, 6, 28, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2017, 6, 28, 9, tzinfo=dt.UTC),
    )
    url = _path(event, f"/sessions/{session.pk}/recommend")
    body = {"reason": "Abuse reporting and law enforcement requests"}
    client = caller("staff")

    missing = client.post(url, body)
    done = client.post(url, body, **{"If-Match": f'"{session.version}"'})
    stale = client.post(url, {"recommended": False}, **{"If-Match": f'"{session.version}"'})
    by_member = caller("member").post(url, {"recommended": False}, **{"If-Match": done["ETag"]})

    assert missing.status_code == 428
    assert done.status_code == 200, done.content
    assert done.json()["recommended_by"] == {"id": staff.pk, "name": "Jennifer Bryce"}
    assert stale.status_code == 412
    assert stale.json()["current_version"] == session.version + 1
    assert by_member.status_code == 403
    assert Session.objects.get(pk=session.pk).recommended is True
    only = caller("anonymous").get(_path(event, "/sessions"), {"recommended": "true"}).json()
    assert [s["title"] for s in only["items"]] == [
        "DNSSEC Workshop",
        "GAC Public Safety Working Group",
    ]


def test_another_events_session_is_not_found_under_this_one(anonymous: Any, plans: Plans) -> None:
    other = plans.sessions["restricted"]

    answer = anonymous.get(_path(plans.events["public"], f"/sessions/{other.pk}"))

    assert answer.status_code == 404
    assert PLAN_CANARY not in answer.content.decode()
