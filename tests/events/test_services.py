from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.history import history_for
from secretariat.events.models import Session
from secretariat.events.services import add_session, create_event, recommend_session
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.events.helpers import JNB, make_icann59, make_session
from tests.factories import make_call


def test_sessions_are_stored_in_utc(team: Team) -> None:
    session = make_session(make_icann59(team), "DNS Abuse Reporting", 27, 13, room="Ballroom 2")
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2017, 6, 27, 11, 0, tzinfo=dt.UTC)


def test_a_session_that_ends_before_it_starts_is_refused(team: Team) -> None:
    event = make_icann59(team)
    start = dt.datetime(2017, 6, 27, 13, 0, tzinfo=JNB)
    with pytest.raises(ValidationError) as caught:
        add_session(event=event, by=None, title="SSR2 face-to-face", starts_at=start, ends_at=start)
    assert "ends_at" in caught.value.message_dict
    assert not Session.objects.exists()


def test_a_session_outside_the_events_days_in_its_zone_is_refused(team: Team) -> None:
    event = make_icann59(team)
    # 23:30 UTC on the 29th is already the 30th in Johannesburg.
    start = dt.datetime(2017, 6, 29, 23, 30, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as caught:
        add_session(
            event=event, by=None, title="Late", starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )  # fmt: skip
    assert "outside the event's days" in caught.value.message_dict["starts_at"][0]


def test_a_naive_time_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError):
        add_session(
            event=make_icann59(team), by=None, title="Naive",
            starts_at=dt.datetime(2017, 6, 27, 9), ends_at=dt.datetime(2017, 6, 27, 10),
        )  # fmt: skip


def test_an_event_that_ends_before_it_starts_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_event(
            team=team, by=None, name="ICANN60 Abu Dhabi",
            starts_on=dt.date(2017, 11, 3), ends_on=dt.date(2017, 10, 28),
        )  # fmt: skip
    assert "ends_on" in caught.value.message_dict


def test_an_unknown_time_zone_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_event(
            team=team, by=None, name="ICANN61", starts_on=dt.date(2018, 3, 10),
            ends_on=dt.date(2018, 3, 15), time_zone="America/San_Juan_Nowhere",
        )  # fmt: skip
    assert "time_zone" in caught.value.message_dict


def test_the_teams_own_session_must_be_one_of_its_meetings(team: Team, other_team: Team) -> None:
    foreign = make_call(other_team, 3)
    with pytest.raises(ValidationError) as caught:
        make_session(make_icann59(team), "RDS face-to-face", 27, 9, meeting=foreign)
    assert "meeting" in caught.value.message_dict


def test_staff_recommend_a_session_with_a_reason_and_it_is_in_history(
    team: Team, staff: Person
) -> None:
    session = make_session(make_icann59(team), "Public Forum", 29, 15)
    recommended = recommend_session(
        session=session, by=user_of(staff), reason="Community input on SSR"
    )
    assert recommended.recommended
    assert recommended.recommended_by == staff
    assert history_for(recommended).last().action == "events.session.recommended"  # type: ignore[union-attr]
    withdrawn = recommend_session(session=session, by=user_of(staff), recommended=False)
    assert not withdrawn.recommended
    assert withdrawn.recommended_reason == ""


def test_members_may_not_recommend_or_create_events(team: Team, member: Person) -> None:
    session = make_session(make_icann59(team), "Public Forum", 29, 15)
    with pytest.raises(PermissionDenied):
        recommend_session(session=session, by=user_of(member))
    with pytest.raises(PermissionDenied):
        create_event(
            team=team, by=user_of(member), name="ICANN60",
            starts_on=dt.date(2017, 10, 28), ends_on=dt.date(2017, 11, 3),
        )  # fmt: skip
