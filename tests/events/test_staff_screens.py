"""Staff screens for events: edit an event (visibility too; a stale edit is refused), edit a
session in the event's time zone, cancel and restore a session (kept, with its history), and
the event page's history. Members read; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from secretariat.core.history import history_for
from secretariat.events.models import Event, Session
from secretariat.events.services import update_event
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.events.helpers import make_icann59, make_session

EVENT = "/ssr2/events/icann59-johannesburg/"


def _event_form(event: Event, **changes: str) -> dict[str, str]:
    data = {
        "name": event.name,
        "place": event.place,
        "starts_on": event.starts_on.isoformat() if event.starts_on else "",
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "time_zone": event.time_zone,
        "url": event.url,
        "description": event.description,
        "visibility": event.visibility,
        "version": str(event.version),
    }
    data.update(changes)
    return data


def test_staff_edit_every_field_of_an_event_including_its_visibility(
    team: Team, staff: Person
) -> None:
    event = make_icann59(team)
    client = client_for(staff)

    form = client.get(f"{EVENT}edit/")
    saved = client.post(
        f"{EVENT}edit/",
        _event_form(
            event,
            place="Sandton Convention Centre",
            url="https://meetings.icann.org/en/johannesburg59",
            description="The Policy Forum.",
            visibility="team",
        ),
    )

    assert form.status_code == 200
    assert 'value="2017-06-26"' in form.content.decode()
    assert saved.status_code == 302
    fresh = Event.objects.get(pk=event.pk)
    assert (fresh.place, fresh.visibility, fresh.version) == (
        "Sandton Convention Centre",
        "team",
        2,
    )
    page = client.get(EVENT).content.decode()
    assert "edited the event" in page
    assert "Sandton Convention Centre" in page


def test_a_stale_event_edit_is_refused_and_shows_what_changed(team: Team, staff: Person) -> None:
    event = make_icann59(team)
    client = client_for(staff)
    stale_form = _event_form(event, place="Cape Town")
    update_event(
        event=event, by=None, expected_version=1, changes={"place": "Sandton Convention Centre"}
    )

    response = client.post(f"{EVENT}edit/", stale_form)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this event while you were editing" in page
    assert "Sandton Convention Centre" in page  # what changed meanwhile
    assert 'value="Cape Town"' in page  # what the person typed is kept
    assert 'name="version" value="2"' in page
    assert Event.objects.get(pk=event.pk).place == "Sandton Convention Centre"


def test_shrinking_an_event_away_from_its_sessions_is_refused_on_the_screen(
    team: Team, staff: Person
) -> None:
    event = make_icann59(team)
    make_session(event, "Public Forum", 29, 15)

    response = client_for(staff).post(f"{EVENT}edit/", _event_form(event, ends_on="2017-06-28"))

    assert response.status_code == 400
    assert "Public Forum (2017-06-29)" in response.content.decode()
    assert Event.objects.get(pk=event.pk).ends_on == dt.date(2017, 6, 29)


def test_staff_edit_a_session_in_the_events_time_zone(team: Team, staff: Person) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    url = f"{EVENT}sessions/{session.pk}/edit/"
    client = client_for(staff)

    form = client.get(url)
    saved = client.post(
        url,
        {
            "title": "Public Forum 2",
            "starts_at": "2017-06-29 16:00",
            "ends_at": "2017-06-29 18:30",
            "room": "Ballroom 1",
            "version": "1",
        },
    )

    assert 'value="2017-06-29 15:00"' in form.content.decode()  # Johannesburg time, not UTC
    assert saved.status_code == 302
    fresh = Session.objects.get(pk=session.pk)
    assert fresh.starts_at == dt.datetime(2017, 6, 29, 14, 0, tzinfo=dt.UTC)
    assert (fresh.title, fresh.room, fresh.version) == ("Public Forum 2", "Ballroom 1", 2)


def test_a_session_ending_before_it_starts_or_outside_the_days_changes_nothing(
    team: Team, staff: Person
) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    url = f"{EVENT}sessions/{session.pk}/edit/"
    client = client_for(staff)

    backwards = client.post(
        url,
        {"title": "Public Forum", "starts_at": "2017-06-29 17:00", "ends_at": "2017-06-29 15:00",
         "version": "1"},
    )  # fmt: skip
    outside = client.post(
        url,
        {"title": "Public Forum", "starts_at": "2017-06-30 09:00", "ends_at": "2017-06-30 10:00",
         "version": "1"},
    )  # fmt: skip
    added_outside = client.post(
        f"{EVENT}sessions/",
        {"title": "Closing drinks", "starts_at": "2017-06-30 18:00", "ends_at": "2017-06-30 20:00"},
    )
    added_backwards = client.post(
        f"{EVENT}sessions/",
        {"title": "Backwards", "starts_at": "2017-06-28 17:00", "ends_at": "2017-06-28 09:00"},
    )

    assert backwards.status_code == 400
    assert "The session ends before it starts." in backwards.content.decode()
    assert outside.status_code == 400
    assert "outside the event&#x27;s days (2017-06-26 to 2017-06-29" in outside.content.decode()
    assert added_outside.status_code == 400
    assert "outside the event&#x27;s days" in added_outside.content.decode()
    assert added_backwards.status_code == 400
    assert "The session ends before it starts." in added_backwards.content.decode()
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.starts_at, fresh.version) == (session.starts_at, 1)
    assert list(event.sessions.values_list("title", flat=True)) == ["Public Forum"]


def test_a_stale_session_edit_is_refused(team: Team, staff: Person) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    url = f"{EVENT}sessions/{session.pk}/edit/"
    client = client_for(staff)
    client.post(
        url,
        {"title": "Public Forum", "starts_at": "2017-06-29 15:00", "ends_at": "2017-06-29 16:30",
         "room": "Ballroom 1", "version": "1"},
    )  # fmt: skip

    stale = client.post(
        url,
        {"title": "Public Forum", "starts_at": "2017-06-29 15:00", "ends_at": "2017-06-29 16:30",
         "room": "Ballroom 3", "version": "1"},
    )  # fmt: skip

    assert stale.status_code == 409
    assert "Someone else changed this session" in stale.content.decode()
    assert Session.objects.get(pk=session.pk).room == "Ballroom 1"


def test_cancelling_a_session_keeps_it_struck_out_with_its_history_and_can_be_undone(
    team: Team, staff: Person
) -> None:
    from secretariat.events.services import recommend_session

    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    session = recommend_session(session=session, by=None, reason="Community input on SSR")
    client = client_for(staff)
    url = f"{EVENT}sessions/{session.pk}/cancel/"

    cancelled = client.post(
        url, {"version": str(session.version), "cancelled": "yes", "reason": "Moved to ICANN60"}
    )

    assert cancelled.status_code == 302
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.is_cancelled, fresh.cancelled_reason) == (True, "Moved to ICANN60")
    page = Client().get(EVENT).content.decode()
    schedule = page.split('id="schedule-heading"')[1]
    assert "<del>Public Forum</del>" in schedule
    assert "Moved to ICANN60" in schedule
    assert "No session is recommended yet." in page  # left out of the recommendations
    assert b"Public Forum" not in Client().get(f"{EVENT}recommended.ics").content
    assert [e.action for e in history_for(fresh)][-1] == "events.session.cancelled"
    assert "cancelled a session: Public Forum" in page

    stale = client.post(url, {"version": str(session.version), "cancelled": "no"})
    assert stale.status_code == 302
    assert Session.objects.get(pk=session.pk).is_cancelled  # the stale restore changed nothing

    restored = client.post(url, {"version": str(fresh.version), "cancelled": "no"})

    again = Session.objects.get(pk=session.pk)
    assert restored.status_code == 302
    assert (again.is_cancelled, again.recommended) == (False, True)
    assert again.version == fresh.version + 1
    assert [e.action for e in history_for(again)][-2:] == [
        "events.session.cancelled",
        "events.session.restored",
    ]


def test_a_stale_cancel_changes_nothing_and_says_so(team: Team, staff: Person) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    client = client_for(staff)
    client.post(
        f"{EVENT}sessions/{session.pk}/edit/",
        {"title": "Public Forum", "starts_at": "2017-06-29 15:00", "ends_at": "2017-06-29 16:30",
         "room": "Ballroom 1", "version": "1"},
    )  # fmt: skip

    response = client.post(
        f"{EVENT}sessions/{session.pk}/cancel/", {"version": "1", "cancelled": "yes"}, follow=True
    )

    assert "Someone else changed the session Public Forum meanwhile" in response.content.decode()
    assert not Session.objects.get(pk=session.pk).is_cancelled


def test_members_may_not_edit_and_visitors_are_sent_to_sign_in(
    client: Client, team: Team, member: Person
) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15)
    urls = [
        f"{EVENT}edit/",
        f"{EVENT}sessions/{session.pk}/edit/",
    ]
    for url in urls:
        assert client_for(member).get(url).status_code == 403
        assert client.get(url).status_code == 302
    cancel = f"{EVENT}sessions/{session.pk}/cancel/"
    assert client_for(member).post(cancel, {"version": "1", "cancelled": "yes"}).status_code == 403
    assert not Session.objects.get(pk=session.pk).is_cancelled
    assert "Edit the event" not in client_for(member).get(EVENT).content.decode()


def test_the_event_page_history_hides_what_the_viewer_may_not_see(
    team: Team, staff: Person, member: Person
) -> None:
    event = make_icann59(team)
    update_event(
        event=event, by=user_of(staff), expected_version=1, changes={"visibility": "restricted"}
    )
    update_event(
        event=Event.objects.get(pk=event.pk),
        by=user_of(staff),
        expected_version=2,
        changes={"visibility": "public", "place": "Sandton"},
    )

    public = Client().get(EVENT).content.decode()
    for_staff = client_for(staff).get(EVENT).content.decode()

    assert "created the event" in public
    assert public.count("edited the event") == 0  # both edits touched the restricted level
    assert for_staff.count("edited the event") == 2
