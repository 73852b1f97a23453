"""Every read of events and sessions that reaches a person. Sessions have no visibility of
their own: whoever reads the event reads its schedule."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.core.visibility import Viewer, access_for
from secretariat.events.models import Event, EventAttendance, Session
from secretariat.teams.models import Team

NOBODY = Q(pk__in=[])  # events name nobody
WHENS = ("upcoming", "past", "all")
LIVE = Q(cancelled_at__isnull=True)


def visible_events(
    *, viewer: Viewer | None, team: Team, when: str = "all", today: dt.date | None = None
) -> QuerySet[Event]:
    """The team's events this viewer may read, with session counts (cancelled ones left out).

    `when`: "upcoming" (not over by `today`, or dates not announced yet), "past" or "all".
    Events whose dates are not announced come first, then the latest."""
    access = access_for(viewer, team)
    events = Event.objects.filter(team=team).filter(access.filter(named=NOBODY))
    day = today or timezone.localdate()
    if when == "upcoming":
        events = events.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    elif when == "past":
        events = events.filter(ends_on__lt=day)
    return events.annotate(
        n_sessions=Count("sessions", filter=Q(sessions__cancelled_at__isnull=True)),
        n_recommended=Count(
            "sessions",
            filter=Q(sessions__recommended=True, sessions__cancelled_at__isnull=True),
        ),
    ).order_by(F("starts_on").desc(nulls_first=True), "name")


def get_event(*, viewer: Viewer | None, team: Team, slug: str) -> Event:
    access = access_for(viewer, team)
    event = (
        Event.objects.filter(team=team, slug=slug)
        .filter(access.filter(named=NOBODY))
        .select_related("team")
        .first()
    )
    if event is None:
        raise Http404
    return event


@dataclass(frozen=True)
class SessionTimes:
    """A session with its start and end in the event's zone, the viewer's zone and UTC."""

    session: Session
    event_start: dt.datetime
    event_end: dt.datetime
    viewer_start: dt.datetime
    viewer_end: dt.datetime
    utc_start: dt.datetime
    utc_end: dt.datetime


def _times(session: Session, event_zone: zoneinfo.ZoneInfo, viewer_zone: dt.tzinfo) -> SessionTimes:
    return SessionTimes(
        session=session,
        event_start=session.starts_at.astimezone(event_zone),
        event_end=session.ends_at.astimezone(event_zone),
        viewer_start=session.starts_at.astimezone(viewer_zone),
        viewer_end=session.ends_at.astimezone(viewer_zone),
        utc_start=session.starts_at.astimezone(dt.UTC),
        utc_end=session.ends_at.astimezone(dt.UTC),
    )


def event_schedule(
    *, event: Event, recommended_only: bool = False, viewer_zone: dt.tzinfo | None = None
) -> list[SessionTimes]:
    """The sessions of an event the caller has read through get_event, in time order
    (cancelled ones too, marked; `recommended_only` leaves them out).

    `viewer_zone` defaults to the active zone (the signed-in person's, else UTC)."""
    sessions = event.sessions.select_related("meeting", "recommended_by").order_by(
        "starts_at", "title"
    )
    if recommended_only:
        sessions = sessions.filter(LIVE, recommended=True)
    zone = viewer_zone or timezone.get_current_timezone()
    return [_times(s, event.zone, zone) for s in sessions]


def recommended_sessions(*, viewer: Viewer | None, team: Team) -> QuerySet[Session]:
    """Sessions recommended to the team, of the events this viewer may read."""
    access = access_for(viewer, team)
    return (
        Session.objects.filter(LIVE, event__team=team, recommended=True)
        .filter(access.filter(named=NOBODY, field="event__visibility"))
        .select_related("event", "recommended_by")
        .order_by("starts_at", "title")
    )


def visible_sessions(*, viewer: Viewer | None, team: Team) -> QuerySet[Session]:
    """The sessions the team's calendar shows: those recommended to the team, of the events this
    viewer may read (the contract archive.calendar asks of this app; the team's own sessions
    are meetings, which that calendar has already)."""
    access = access_for(viewer, team)
    return (
        Session.objects.filter(LIVE, event__team=team, recommended=True)
        .filter(access.filter(named=NOBODY, field="event__visibility"))
        .select_related("event")
        .order_by("starts_at", "title")
    )


def event_attendees(*, viewer: Viewer | None, event: Event) -> list[EventAttendance]:
    """Who of the team will be at an event the caller has read through get_event, by name;
    empty for a viewer who does not read team records (the public, observers)."""
    access = access_for(viewer, event.team)
    if not access.can_read(Visibility.TEAM, named=False):
        return []
    return list(
        EventAttendance.objects.filter(event=event)
        .select_related("person")
        .order_by("person__name")
    )


def event_history(*, viewer: Viewer | None, event: Event) -> QuerySet[HistoryEntry]:
    """The event's history this viewer may read: nothing unless they may read the event, and
    then only entries no stricter than they may see (who attends is the team's business)."""
    access = access_for(viewer, event.team)
    entries = history_for(event)
    if not access.can_read(event.visibility, named=False):
        return entries.none()
    return entries.filter(access.filter(named=NOBODY)).select_related("actor")


def session_history(*, viewer: Viewer | None, session: Session) -> QuerySet[HistoryEntry]:
    """A session's history, for whoever may read its event (the caller has read the event
    through get_event); entries stricter than the viewer may see are left out."""
    event = session.event
    access = access_for(viewer, event.team)
    entries = history_for(session)
    if not access.can_read(event.visibility, named=False):
        return entries.none()
    return entries.filter(access.filter(named=NOBODY)).select_related("actor")


def get_session(*, event: Event, pk: int) -> Session:
    """A session of an event the caller has read through get_event; 404 otherwise."""
    session = (
        event.sessions.filter(pk=pk).select_related("event__team", "meeting", "recommended_by")
    ).first()
    if session is None:
        raise Http404
    return session


def event_timeline(*, viewer: Viewer | None, event: Event) -> list[HistoryEntry]:
    """The event's history and its sessions' (cancelled ones included), oldest first, as far
    as this viewer may see it: what the event page shows under "History"."""
    access = access_for(viewer, event.team)
    if not access.can_read(event.visibility, named=False):
        return []
    sessions = Q(
        content_type=ContentType.objects.get_for_model(Session),
        object_id__in=event.sessions.values("pk"),
    )
    itself = Q(content_type=ContentType.objects.get_for_model(Event), object_id=event.pk)
    return list(
        HistoryEntry.objects.filter(itself | sessions)
        .filter(access.filter(named=NOBODY))
        .select_related("actor")
        .order_by("created_at", "id")
    )
