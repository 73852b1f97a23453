"""update_event and update_session: staff and chairs edit with the version they read; an
event may not shrink away from its sessions; a session stays within its event's days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.events.models import Event, Session
from secretariat.events.services import recommend_session, update_event, update_session
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.events.helpers import JNB, make_icann59, make_session


def test_staff_edit_an_event_and_it_is_in_history(team: Team, staff: Person) -> None:
    event = make_icann59(team)

    updated = update_event(
        event=event,
        by=user_of(staff),
        expected_version=1,
        changes={"ends_on": dt.date(2017, 6, 30), "visibility": "team"},
    )

    assert (updated.version, updated.ends_on, updated.slug) == (
        2,
        dt.date(2017, 6, 30),
        "icann59-johannesburg",
    )
    entry = history_for(updated).last()
    assert entry is not None
    assert (entry.action, entry.version, entry.visibility) == ("events.event.updated", 2, "team")
    assert entry.changes["visibility"] == ["public", "team"]


def test_an_event_may_not_leave_its_sessions_outside_its_days(team: Team) -> None:
    event = make_icann59(team)
    make_session(event, "Public Forum", 29, 15)

    with pytest.raises(ValidationError) as shorter:
        update_event(
            event=event, by=None, expected_version=1, changes={"ends_on": dt.date(2017, 6, 28)}
        )
    # 15:00 on the 29th in Johannesburg is already 03:00 on the 30th in Kiritimati (UTC+14).
    with pytest.raises(ValidationError) as zone:
        update_event(
            event=event, by=None, expected_version=1, changes={"time_zone": "Pacific/Kiritimati"}
        )

    assert "Public Forum" in shorter.value.message_dict["starts_on"][0]
    assert "starts_on" in zone.value.message_dict
    assert Event.objects.get(pk=event.pk).version == 1


def test_stale_versions_and_members_are_refused(team: Team, member: Person) -> None:
    event = make_icann59(team)
    session = make_session(event, "DNSSEC Workshop", 27, 9)
    update_event(event=event, by=None, expected_version=1, changes={"place": "Sandton"})

    with pytest.raises(StaleVersion):
        update_event(event=event, by=None, expected_version=1, changes={"place": "Cape Town"})
    with pytest.raises(PermissionDenied):
        update_session(session=session, by=user_of(member), expected_version=1, changes={})
    with pytest.raises(PermissionDenied):
        update_event(event=event, by=user_of(member), expected_version=2, changes={})
    assert Event.objects.get(pk=event.pk).place == "Sandton"


def test_a_session_moves_and_keeps_its_recommendation(team: Team, chair: Person) -> None:
    event = make_icann59(team)
    session = make_session(event, "DNSSEC Workshop", 27, 9)
    session = recommend_session(session=session, by=None, reason="KSK rollover update")
    start = dt.datetime(2017, 6, 28, 14, 0, tzinfo=JNB)

    moved = update_session(
        session=session,
        by=user_of(chair),
        expected_version=session.version,
        changes={"starts_at": start, "ends_at": start + dt.timedelta(hours=1), "room": " Hall 1 "},
    )

    stored = Session.objects.get(pk=session.pk)
    assert stored.starts_at == dt.datetime(2017, 6, 28, 12, 0, tzinfo=dt.UTC)
    assert (stored.room, stored.recommended, stored.version) == ("Hall 1", True, moved.version)
    entry = history_for(stored).last()
    assert entry is not None
    assert entry.action == "events.session.updated"


def test_a_session_outside_the_days_or_naive_is_refused(team: Team) -> None:
    event = make_icann59(team)
    session = make_session(event, "DNSSEC Workshop", 27, 9)
    late = dt.datetime(2017, 6, 30, 9, 0, tzinfo=JNB)

    with pytest.raises(ValidationError) as outside:
        update_session(
            session=session,
            by=None,
            expected_version=1,
            changes={"starts_at": late, "ends_at": late + dt.timedelta(hours=1)},
        )
    with pytest.raises(ValidationError) as naive:
        update_session(
            session=session,
            by=None,
            expected_version=1,
            changes={"starts_at": dt.datetime(2017, 6, 27, 10, 0)},
        )
    with pytest.raises(ValidationError) as recommended:
        update_session(session=session, by=None, expected_version=1, changes={"recommended": True})

    assert "starts_at" in outside.value.message_dict
    assert "starts_at" in naive.value.message_dict
    assert "recommended" in recommended.value.message_dict
    assert Session.objects.get(pk=session.pk).version == 1
