"""The team's iCalendar feed: valid RFC 5545, public meetings only, stable events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db

JOHANNESBURG = dt.timezone(dt.timedelta(hours=2))


def _events(client: Client) -> list:  # type: ignore[type-arg]
    response = client.get("/ssr2/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_public_meetings_are_events_in_utc_with_their_agenda(team: Team, client: Client) -> None:
    call = make_call(
        team,
        111,
        "SSR2 Plenary Call",
        starts_at=dt.datetime(2017, 6, 26, 16, 0, tzinfo=JOHANNESBURG),
    )
    make_agenda(call, ["Welcome, roll call", ("Workplan", ["Key dates"]), "AOB"])

    (event,) = _events(client)

    assert str(event["SUMMARY"]) == "SSR2 Plenary Call #111"
    assert event.decoded("DTSTART") == dt.datetime(2017, 6, 26, 14, 0, tzinfo=dt.UTC)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(0)
    assert event.decoded("DTEND") == dt.datetime(2017, 6, 26, 15, 0, tzinfo=dt.UTC)
    assert "DTSTAMP" in event
    description = str(event["DESCRIPTION"])
    assert "1. Welcome, roll call" in description
    assert "2.1 Key dates" in description
    assert description.endswith("/ssr2/meetings/111/")


def test_uids_and_stamps_do_not_change_between_downloads(team: Team, client: Client) -> None:
    make_call(team, 111)

    first = client.get("/ssr2/calendar.ics").content
    again = client.get("/ssr2/calendar.ics").content

    assert first == again
    (event,) = _events(client)
    assert str(event["UID"]) == f"meeting-{Meeting.objects.get().pk}@secretariat.invalid"


def test_team_and_restricted_meetings_are_absent_even_for_staff(team: Team, staff: Person) -> None:
    make_call(team, 111)
    make_call(team, 112, "Legal briefing CANARY-CAL-1", visibility=Visibility.RESTRICTED)
    make_call(team, 113, "Leadership call CANARY-CAL-2", visibility=Visibility.TEAM)

    body = client_for(staff).get("/ssr2/calendar.ics").content.decode()

    assert "CANARY-CAL" not in body
    assert body.count("BEGIN:VEVENT") == 1


def test_text_is_escaped(team: Team, client: Client) -> None:
    make_call(team, 111, "Plenary; SSR2, ICANN59\nJohannesburg")

    body = client.get("/ssr2/calendar.ics").content.decode()

    assert "SUMMARY:Plenary\\; SSR2\\, ICANN59\\nJohannesburg #111" in body
    (event,) = _events(client)
    assert str(event["SUMMARY"]) == "Plenary; SSR2, ICANN59\nJohannesburg #111"


def test_open_items_due_dates_are_all_day_events(team: Team, client: Client) -> None:
    make_item(team, "Circulate the draft work plan.", due_on=dt.date(2017, 6, 30))
    make_item(team, "Research collaborative tools.")  # no date: not in the calendar
    make_item(
        team, "Review the NDA CANARY-CAL-3.", due_on=dt.date(2017, 7, 1), visibility="restricted"
    )

    (event,) = _events(client)

    assert event.decoded("DTSTART") == dt.date(2017, 6, 30)
    assert str(event["SUMMARY"]) == "Due: action item #1"


def test_an_unknown_team_is_a_404(db: None, client: Client) -> None:
    assert client.get("/atrt3/calendar.ics").status_code == 404


def test_a_change_shows_in_the_calendar_at_once_though_it_is_kept_between_downloads(
    team: Team, client: Client
) -> None:
    from secretariat.meetings.services import create_meeting, update_meeting

    plenary = create_meeting(
        team=team,
        by=None,
        title="SSR2 Plenary",
        number=111,
        starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC),
    )
    assert [str(e["SUMMARY"]) for e in _events(client)] == ["SSR2 Plenary #111"]

    update_meeting(
        meeting=plenary,
        by=None,
        expected_version=None,
        changes={"visibility": Visibility.RESTRICTED, "visibility_reason": "Legal briefing"},
    )

    assert _events(client) == []
