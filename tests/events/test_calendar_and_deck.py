"""The recommended sessions reach calendars (the event's .ics, the team's calendar) and the
co-chairs' coordination deck, and never for a viewer who may not read the event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from secretariat.documents.build import deck_content
from secretariat.documents.deck import render_deck_markdown
from secretariat.events.services import recommend_session
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.events.helpers import make_icann59, make_session
from tests.factories import make_call

ICS = "/ssr2/events/icann59-johannesburg/recommended.ics"


@pytest.fixture
def icann59(team: Team) -> None:
    event = make_icann59(team)
    forum = make_session(
        event, "Public Forum", 29, 15, room="Ballroom", link="https://icann59.icann.org/forum"
    )
    make_session(event, "DNS Abuse Reporting", 27, 13)
    abuse = make_session(event, "SSAC Public Meeting", 28, 9, room="Room 3")
    recommend_session(session=forum, by=None, reason="Community input on SSR")
    recommend_session(session=abuse, by=None, reason="SSAC's work on name collisions")


def _events(body: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return [
        {
            "summary": str(c["summary"]),
            "start": c.decoded("dtstart"),
            "end": c.decoded("dtend"),
            "location": str(c.get("location", "")),
            "description": str(c.get("description", "")),
            "uid": str(c["uid"]),
        }
        for c in calendar.walk("VEVENT")
    ]


@pytest.mark.usefixtures("icann59")
def test_the_event_calendar_holds_the_recommended_sessions_in_utc(client: Client) -> None:
    response = client.get(ICS)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response.content)
    assert [e["summary"] for e in events] == ["SSAC Public Meeting", "Public Forum"]
    forum = events[1]
    # 15:00 in Johannesburg (UTC+2) is 13:00 UTC.
    assert forum["start"] == dt.datetime(2017, 6, 29, 13, 0, tzinfo=dt.UTC)
    assert forum["end"] == dt.datetime(2017, 6, 29, 14, 30, tzinfo=dt.UTC)
    assert forum["location"] == "Ballroom, Sandton Convention Centre, Johannesburg"
    assert "Why attend: Community input on SSR" in str(forum["description"])
    assert "X-WR-TIMEZONE:Africa/Johannesburg" in response.content.decode()


@pytest.mark.usefixtures("icann59")
def test_the_event_page_links_its_calendar(client: Client) -> None:
    page = client.get("/ssr2/events/icann59-johannesburg/").content.decode()
    assert f'href="{ICS}"' in page


@pytest.mark.usefixtures("icann59")
def test_the_team_calendar_has_the_same_sessions_with_the_same_uids(client: Client) -> None:
    event_uids = {e["uid"] for e in _events(client.get(ICS).content)}
    team = _events(client.get("/ssr2/calendar.ics").content)
    sessions = [e for e in team if e["uid"] in event_uids]
    assert sorted(str(e["summary"]) for e in sessions) == ["Public Forum", "SSAC Public Meeting"]
    assert "DNS Abuse Reporting" not in {e["summary"] for e in team}


def test_a_team_only_events_calendar_is_not_found_for_the_public(
    client: Client, team: Team, member: Person
) -> None:
    event = make_icann59(team, visibility="team")
    recommend_session(session=make_session(event, "Public Forum", 29, 15), by=None)
    assert client.get(ICS).status_code == 404
    assert "Public Forum" not in client.get("/ssr2/calendar.ics").content.decode()
    assert client_for(member).get(ICS).status_code == 200


@pytest.mark.usefixtures("icann59")
def test_the_coordination_deck_lists_recommended_sessions_still_to_come(team: Team) -> None:
    before = make_call(
        team, 45, "SSR2 Staff, Co-Chairs Coordination",
        starts_at=dt.datetime(2017, 6, 6, 13, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    deck = render_deck_markdown(deck_content(viewer=None, team=team, meeting=before))
    slide = next(p for p in deck.split("\n\n---\n\n") if p.startswith("## Sessions Recommended"))
    assert "- SSAC Public Meeting" in slide
    assert (
        "ICANN59 Johannesburg, Wed 28 Jun 2017 09:00\u201310:30 Africa/Johannesburg · Room 3 · "
        "SSAC's work on name collisions"
    ) in slide
    assert "DNS Abuse Reporting" not in slide
    after = make_call(
        team, 46, "SSR2 Staff, Co-Chairs Coordination",
        starts_at=dt.datetime(2017, 7, 4, 13, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    later = render_deck_markdown(deck_content(viewer=None, team=team, meeting=after))
    assert "Sessions Recommended" not in later  # ICANN59 is over
