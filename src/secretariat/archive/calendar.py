"""A team's iCalendar feed (RFC 5545): its public meetings, and open action items' due dates.

Calendar applications subscribe without cookies, so the calendar is always the anonymous view:
team and restricted meetings are absent, whoever asks. Every event has a UID that never changes
(the record's kind and database id) and a DTSTAMP taken from the record, so two downloads of an
unchanged record are identical and a calendar application updates events in place.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.queries import visible_meetings
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

PRODID = "-//secretariat//public archive//EN"
UID_DOMAIN = "secretariat.invalid"  # not a host: UIDs must not change when the site moves


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def agenda_lines(meetings: Iterable[Meeting]) -> dict[int, list[str]]:
    """Each meeting's agenda as numbered lines ("1. Welcome", "1.2 Roll call"), one query."""
    items = (
        AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings], removed=False)
        .order_by("meeting_id", "position", "id")
        .values_list("meeting_id", "pk", "parent_id", "title")
    )
    children: dict[tuple[int, int | None], list[tuple[int, str]]] = {}
    for meeting_id, pk, parent_id, title in items:
        children.setdefault((meeting_id, parent_id), []).append((pk, title))

    def lines(meeting_id: int, parent_id: int | None, prefix: str) -> list[str]:
        out = []
        for index, (pk, title) in enumerate(children.get((meeting_id, parent_id), []), start=1):
            label = f"{prefix}{index}"
            out.append(f"{label}{'.' if not prefix else ''} {title}")
            out.extend(lines(meeting_id, pk, f"{label}."))
        return out

    return {m.pk: lines(m.pk, None, "") for m in meetings}


def _meeting_event(
    meeting: Meeting, agenda: list[str], url: Callable[[Meeting], str | None]
) -> Event:
    assert meeting.starts_at is not None  # noqa: S101 - the query keeps only dated meetings
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(meeting.created_at))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.starts_at + dt.timedelta(minutes=meeting.duration_minutes)))
    event.add("sequence", max(meeting.version - 1, 0))
    event.add("summary", str(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    description = [_("Agenda:"), *agenda] if agenda else []
    link = url(meeting)
    if link:
        description.append(link)
        event.add("url", link)
    if description:
        event.add("description", "\n".join(description))
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def _due_event(item: ActionItem, url: Callable[[ActionItem], str | None]) -> Event:
    assert item.due_on is not None  # noqa: S101 - the query keeps only dated items
    event = Event()
    event.add("uid", f"action-item-{item.pk}-due@{UID_DOMAIN}")
    event.add("dtstamp", _utc(item.created_at))
    event.add("dtstart", item.due_on)
    event.add("dtend", item.due_on + dt.timedelta(days=1))
    event.add("sequence", max(item.version - 1, 0))
    event.add("summary", _("Due: action item #%(number)s") % {"number": item.number})
    lines = [item.text]
    link = url(item)
    if link:
        lines.append(link)
        event.add("url", link)
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    return event


def _session_events(team: Team) -> list[Event]:
    """Public sessions of events, if the events app is installed and offers them.

    The contract asked of it: `events.queries.visible_sessions(*, viewer, team)` giving objects
    with `pk`, `title`, `starts_at` and `ends_at` (aware datetimes) and optionally `place`.
    """
    if not apps.is_installed("secretariat.events"):
        return []
    try:
        module = importlib.import_module("secretariat.events.queries")
    except ImportError:
        return []
    sessions_of: Callable[..., Iterable[Any]] | None = getattr(module, "visible_sessions", None)
    if sessions_of is None:
        return []
    events = []
    for session in sessions_of(viewer=None, team=team):
        starts_at = getattr(session, "starts_at", None)
        if starts_at is None:
            continue
        event = Event()
        event.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
        event.add("dtstamp", _utc(getattr(session, "created_at", None) or starts_at))
        event.add("dtstart", _utc(starts_at))
        ends_at = getattr(session, "ends_at", None)
        if ends_at is not None:
            event.add("dtend", _utc(ends_at))
        event.add("summary", str(getattr(session, "title", "") or session))
        if getattr(session, "place", ""):
            event.add("location", session.place)
        events.append(event)
    return events


def team_calendar(
    team: Team,
    *,
    meeting_url: Callable[[Meeting], str | None] = lambda m: None,
    item_url: Callable[[ActionItem], str | None] = lambda i: None,
) -> bytes:
    """The team's public calendar as iCalendar bytes (the anonymous view, always)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", team.name)
    meetings = list(
        visible_meetings(viewer=None, team=team)
        .filter(starts_at__isnull=False)
        .order_by("starts_at", "number")
    )
    agendas = agenda_lines(meetings)
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, agendas[meeting.pk], meeting_url))
    items = (
        visible_action_items(viewer=None, team=team)
        .filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__isnull=False)
        .order_by("due_on", "number")
    )
    for item in items:
        calendar.add_component(_due_event(item, item_url))
    for event in _session_events(team):
        calendar.add_component(event)
    return calendar.to_ical()
