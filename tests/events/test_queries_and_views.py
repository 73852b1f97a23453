from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.core.visibility import forget_access
from secretariat.events import queries
from secretariat.events.services import recommend_session
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.events.helpers import make_icann59, make_session


@pytest.fixture
def icann59(team: Team) -> None:
    event = make_icann59(team)
    forum = make_session(event, "Public Forum", 29, 15, room="Ballroom")
    make_session(event, "DNS Abuse Reporting", 27, 13)
    recommend_session(session=forum, by=None, reason="Community input on SSR")


def test_a_team_only_event_is_hidden_from_the_public_and_observers(
    team: Team, observer: Person, member: Person
) -> None:
    make_icann59(team, visibility="team", slug="icann59-staff-retreat")
    for viewer in (None, user_of(observer)):
        assert not queries.visible_events(viewer=viewer, team=team).exists()
    assert queries.visible_events(viewer=user_of(member), team=team).count() == 1


@pytest.mark.usefixtures("icann59")
def test_the_event_page_lists_recommended_sessions_in_event_utc_and_viewer_time(
    team: Team, member: Person
) -> None:
    # Boban Krsic is in Europe/Berlin: 15:00 in Johannesburg is 13:00 UTC and 15:00 CEST.
    page = client_for(member).get("/ssr2/events/icann59-johannesburg/").content.decode()
    recommended = page.split('id="recommended-heading"')[1].split('id="schedule-heading"')[0]
    assert "Public Forum" in recommended
    assert "DNS Abuse Reporting" not in recommended
    assert "Community input on SSR" in recommended
    assert "Thu 29 Jun 15:00" in recommended  # at the event
    assert "Thu 13:00" in recommended  # UTC
    assert "Your time (Europe/Berlin)" in recommended
    # Members read; staff write (the history below may name the recommendation).
    assert "/recommend/" not in page
    assert "Withdraw recommendation" not in page


@pytest.mark.usefixtures("icann59")
def test_anonymous_visitors_see_the_schedule_in_utc(client: Client, team: Team) -> None:
    page = client.get("/ssr2/events/icann59-johannesburg/").content.decode()
    assert "Your time (UTC)" in page
    assert "Tue 11:00" in page


def test_staff_add_a_session_in_event_local_time(team: Team, staff: Person) -> None:
    make_icann59(team)
    client = client_for(staff)
    response = client.post(
        "/ssr2/events/icann59-johannesburg/sessions/",
        {
            "title": "SSR2 face-to-face",
            "starts_at": "2017-06-28 09:00",
            "ends_at": "2017-06-28 17:00",
            "room": "Room 3",
        },
    )
    assert response.status_code == 302
    session = queries.event_schedule(
        event=queries.get_event(viewer=None, team=team, slug="icann59-johannesburg")
    )[0].session
    assert session.starts_at == dt.datetime(2017, 6, 28, 7, 0, tzinfo=dt.UTC)
    bad = client.post(
        "/ssr2/events/icann59-johannesburg/sessions/",
        {"title": "Backwards", "starts_at": "2017-06-28 17:00", "ends_at": "2017-06-28 09:00"},
    )
    assert bad.status_code == 400


def test_members_may_not_add_sessions_and_anonymous_are_sent_to_sign_in(
    client: Client, team: Team, member: Person
) -> None:
    make_icann59(team)
    url = "/ssr2/events/icann59-johannesburg/sessions/"
    data = {"title": "X", "starts_at": "2017-06-28 09:00", "ends_at": "2017-06-28 10:00"}
    assert client_for(member).post(url, data).status_code == 403
    assert client.post(url, data).status_code == 302


@pytest.mark.parametrize("size", [1, 8])
def test_event_list_and_schedule_run_a_constant_number_of_queries(
    team: Team, size: int, django_assert_num_queries: object
) -> None:
    event = make_icann59(team)
    for i in range(size):
        make_session(event, f"Session {i}", 27, 8 + i)
    forget_access(None)
    with django_assert_num_queries(3):  # type: ignore[operator]
        events = list(queries.visible_events(viewer=None, team=team))
        schedule = queries.event_schedule(event=events[0])
        recommended = list(queries.recommended_sessions(viewer=None, team=team))
    assert (len(schedule), events[0].n_sessions, recommended) == (size, size, [])
