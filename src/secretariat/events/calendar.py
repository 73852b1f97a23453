"""An event's recommended sessions as iCalendar (RFC 5545): pure, no database.

Times are written in UTC, so every calendar program shows them in its own user's zone; the
event's zone is named in the calendar's X-WR-TIMEZONE for programs that display it. A
session's UID is the same as in the team's calendar (archive.calendar), so subscribing to both
shows it once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from secretariat.documents.text import one_line
from secretariat.events.models import Event, Session

PRODID = "-//secretariat//events//EN"


def session_uid(session: Session, domain: str) -> str:
    return f"session-{session.pk}@{domain}"


def recommended_calendar(
    event: Event,
    sessions: Iterable[Session],
    *,
    domain: str,
    event_url: str = "",
    stamp: Callable[[Session], dt.datetime] = lambda s: s.created_at,
) -> bytes:
    """A VCALENDAR with one VEVENT per session: title, times, room and place, why attend."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(f"{event.name}: recommended sessions"))
    calendar.add("x-wr-timezone", event.time_zone)
    for session in sessions:
        entry = VEvent()
        entry.add("uid", session_uid(session, domain))
        entry.add("dtstamp", stamp(session).astimezone(dt.UTC))
        entry.add("dtstart", session.starts_at.astimezone(dt.UTC))
        entry.add("dtend", session.ends_at.astimezone(dt.UTC))
        entry.add("summary", one_line(session.title))
        location = ", ".join(part for part in (session.room, event.place) if part)
        if location:
            entry.add("location", one_line(location))
        description = [
            part
            for part in (
                session.recommended_reason and f"Why attend: {session.recommended_reason}",
                session.description,
                event.name,
            )
            if part
        ]
        entry.add("description", "\n\n".join(description))
        if session.link:
            entry.add("url", session.link)
        elif event_url:
            entry.add("url", event_url)
        calendar.add_component(entry)
    return calendar.to_ical()
