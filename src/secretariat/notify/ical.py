"""A meeting as an iCalendar invitation (RFC 5545 / iTIP RFC 5546): pure, no database."""

from __future__ import annotations

import datetime as dt
from email.mime.text import MIMEText

from icalendar import Calendar, Event, vCalAddress, vText

from secretariat.documents.text import one_line

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation_ics(
    *,
    uid: str,
    sequence: int,
    method: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    description: str,
    location: str,
    organizer: str,
    attendee: str,
    url: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """One VEVENT in a VCALENDAR with METHOD `method` (REQUEST or CANCEL)."""
    calendar = Calendar()
    calendar.add("prodid", "-//secretariat//notify//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
    event.add("dtstart", starts_at.astimezone(dt.UTC))
    event.add("dtend", ends_at.astimezone(dt.UTC))
    event.add("summary", one_line(title))
    event.add("description", description)
    if location:
        event.add("location", one_line(location))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer_address = vCalAddress(f"mailto:{organizer}")
    organizer_address.params["cn"] = vText("secretariat")
    event.add("organizer", organizer_address)
    attendee_address = vCalAddress(f"mailto:{attendee}")
    attendee_address.params["role"] = vText("REQ-PARTICIPANT")
    attendee_address.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee_address)
    calendar.add_component(event)
    return calendar.to_ical()


def ics_part(ics: bytes, *, method: str) -> MIMEText:
    """The .ics as a MIME part a mail client offers to add to the calendar."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    filename = "cancel.ics" if method == CANCEL else "invite.ics"
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part
