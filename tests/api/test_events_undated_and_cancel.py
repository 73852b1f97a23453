"""Events through the API: dates to be announced (null), a session's history, cancelling and
restoring a session (kept, with its history), and bad session times refused with nothing
changed."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.events.models import Event, Session
from secretariat.teams.models import Group, Person, Team
from tests.api.test_requests_fixtures import LEVELS, READS, ROLES, Plans, build_plans


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(event: Event, rest: str = "") -> str:
    return f"teams/ssr2/events/{event.slug}{rest}"


def test_an_event_without_dates_is_created_read_and_listed_last(caller: Any, plans: Plans) -> None:
    staff = caller("staff")

    created = staff.post(
        "teams/ssr2/events",
        {"name": "ICANN62 Panama City", "place": "Panama City", "time_zone": "America/Panama"},
    )
    half = staff.post("teams/ssr2/events", {"name": "ICANN63", "starts_on": "2018-10-20"})
    listed = caller("anonymous").get("teams/ssr2/events", {"limit": 1})
    second = caller("anonymous").get(
        "teams/ssr2/events", {"limit": 5, "cursor": listed.json()["next_cursor"]}
    )
    since = caller("anonymous").get("teams/ssr2/events", {"since": "2099-01-01"})

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["starts_on"], body["ends_on"], body["dates_announced"]) == (None, None, False)
    assert half.status_code == 422
    assert half.json()["errors"][0]["field"] == "ends_on"
    assert not Event.objects.filter(name="ICANN63").exists()
    names = [e["name"] for e in listed.json()["items"] + second.json()["items"]]
    assert names[-1] == "ICANN62 Panama City"  # undated last, after the latest dated one
    assert len(names) == len(set(names)) == 2  # the public events, each once across pages
    assert [e["name"] for e in since.json()["items"]] == ["ICANN62 Panama City"]


def test_the_openapi_document_says_the_dates_may_be_null(caller: Any, db: None) -> None:
    schema = caller("anonymous").get("openapi.json").json()
    event = schema["components"]["schemas"]["EventOut"]["properties"]

    for name in ("starts_on", "ends_on"):
        kinds = {option.get("type") for option in event[name].get("anyOf", [event[name]])}
        assert "null" in kinds
    paths = schema["paths"]
    assert "/api/v1/teams/{slug}/events/{event}/sessions/{session_id}/history" in paths
    assert "/api/v1/teams/{slug}/events/{event}/sessions/{session_id}/cancel" in paths


def test_a_sessions_history_is_read_like_its_event(caller: Any, plans: Plans) -> None:
    for level in LEVELS:
        session = plans.sessions[level]
        url = _path(plans.events[level], f"/sessions/{session.pk}/history")
        for role in ROLES:
            response = caller(role).get(url)
            if level in READS[role]:
                assert response.status_code == 200, (role, level)
                actions = [e["action"] for e in response.json()["items"]]
                assert actions == ["events.session.added", "events.session.recommended"]
            else:
                assert response.status_code == 404, (role, level)


def test_cancelling_a_session_needs_its_version_and_keeps_it(caller: Any, plans: Plans) -> None:
    event, session = plans.events["public"], plans.sessions["public"]
    url = _path(event, f"/sessions/{session.pk}/cancel")
    staff = caller("staff")

    missing = staff.post(url, {"reason": "Moved to ICANN60"})
    by_member = caller("member").post(
        url, {"reason": "Moved"}, **{"If-Match": f'"{session.version}"'}
    )
    done = staff.post(url, {"reason": "Moved to ICANN60"}, **{"If-Match": f'"{session.version}"'})
    stale = staff.post(url, {"cancelled": False}, **{"If-Match": f'"{session.version}"'})
    listed = caller("anonymous").get(_path(event, "/sessions"))
    recommended = caller("anonymous").get("teams/ssr2/sessions/recommended")
    history = caller("anonymous").get(_path(event, f"/sessions/{session.pk}/history"))
    restored = staff.post(url, {"cancelled": False}, **{"If-Match": done["ETag"]})

    assert missing.status_code == 428
    assert by_member.status_code == 403
    assert done.status_code == 200, done.content
    assert (done.json()["cancelled"], done.json()["cancelled_reason"]) == (
        True,
        "Moved to ICANN60",
    )
    assert stale.status_code == 412
    assert [s["cancelled"] for s in listed.json()["items"]] == [True]  # still there
    assert session.pk not in [s["id"] for s in recommended.json()["items"]]
    assert history.json()["items"][-1]["action"] == "events.session.cancelled"
    assert restored.status_code == 200
    assert restored.json()["cancelled"] is False
    assert Session.objects.get(pk=session.pk).recommended


def test_bad_session_times_are_refused_and_change_nothing(caller: Any, plans: Plans) -> None:
    event, session = plans.events["public"], plans.sessions["public"]
    staff = caller("staff")
    if_match = {"If-Match": f'"{session.version}"'}

    backwards_new = staff.post(
        _path(event, "/sessions"),
        {
            "title": "Backwards",
            "starts_at": "2017-06-27T12:00:00+02:00",
            "ends_at": "2017-06-27T10:00:00+02:00",
        },
    )
    backwards_edit = staff.patch(
        _path(event, f"/sessions/{session.pk}"),
        {"starts_at": "2017-06-27T12:00:00+02:00", "ends_at": "2017-06-27T10:00:00+02:00"},
        **if_match,
    )
    outside_edit = staff.patch(
        _path(event, f"/sessions/{session.pk}"),
        {"starts_at": "2017-07-01T09:00:00+02:00", "ends_at": "2017-07-01T10:00:00+02:00"},
        **if_match,
    )

    assert backwards_new.status_code == 422
    assert backwards_new.json()["errors"][0]["field"] == "ends_at"
    assert "ends before it starts" in backwards_new.json()["errors"][0]["message"]
    assert backwards_edit.status_code == 422
    assert backwards_edit.json()["errors"][0]["field"] == "ends_at"
    assert outside_edit.status_code == 422
    assert "outside the event's days" in outside_edit.json()["errors"][0]["message"]
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.starts_at, fresh.version) == (session.starts_at, session.version)
    assert not event.sessions.filter(title="Backwards").exists()


def test_an_events_dates_can_be_withdrawn_and_set_again(caller: Any, plans: Plans) -> None:
    event = plans.events["public"]
    staff = caller("staff")

    withdrawn = staff.patch(
        _path(event), {"starts_on": None, "ends_on": None}, **{"If-Match": f'"{event.version}"'}
    )
    shrunk = staff.patch(
        _path(event),
        {"starts_on": "2017-06-28", "ends_on": "2017-06-29"},
        **{"If-Match": withdrawn["ETag"]},
    )

    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["dates_announced"] is False
    assert shrunk.status_code == 422
    assert "DNSSEC Workshop" in shrunk.json()["errors"][0]["message"]
    assert Event.objects.get(pk=event.pk).starts_on is None
