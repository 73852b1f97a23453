"""Events the team takes part in (ICANN59 Johannesburg) with their sessions, and the sessions
recommended to the team.

Reads go through events.queries (whoever may read an event reads its schedule), writes through
events.services (staff and chairs). Recommending a session needs If-Match (the session's
version); adding one does not (it overwrites nothing). An event's dates may be unknown (null:
"dates to be announced"). Sessions are never deleted: cancelling one keeps it, with its
history, and can be undone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from secretariat.api.auth import caller_of, refuse_unless, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.requests import named_meeting, readable_meeting
from secretariat.api.schemas import HistoryPage, Input
from secretariat.api.schemas_events import (
    CancelIn,
    EventCreate,
    EventOut,
    EventPage,
    EventPatch,
    RecommendIn,
    SessionCreate,
    SessionOut,
    SessionPage,
    SessionPatch,
)
from secretariat.api.schemas_requests import Day
from secretariat.api.teams import PageParams, person_ref, team_of
from secretariat.api.tracker import (
    IF_MATCH,
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    etag,
    expected_version,
    history_page,
)
from secretariat.core.permissions import Action
from secretariat.core.visibility import Access, access_for
from secretariat.events import queries, services
from secretariat.events.models import Event, Session
from secretariat.teams.models import Team

router = Router(tags=["events"])

MAX_ID = 2**62
# Latest first; events whose dates are not announced come last.
EVENTS = Ordering("events", (Key("starts_on", descending=True, nulls_last=True), Key("slug")))
RECOMMENDED = Ordering("recommended-sessions", (Key("starts_at"), Key("id")))
SESSIONS = Ordering("event-sessions", (Key("starts_at"), Key("id")))
_URL = URLValidator(schemes=["http", "https"])


class EventFilters(Input):
    since: Day | None = Field(
        None, description="Events ending on or after this day (and those without dates yet)."
    )
    until: Day | None = Field(None, description="Events starting on or before this day.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


class SessionFilters(Input):
    recommended: bool = Field(False, description="Only the sessions recommended to the team.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


class RecommendedFilters(Input):
    since: Day | None = Field(None, description="Sessions starting on or after this day (UTC).")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


# Output ---------------------------------------------------------------------------------------


def event_out(event: Event, team: Team) -> dict[str, Any]:
    """An event; needs visible_events' session counts."""
    return {
        "slug": event.slug,
        "name": event.name,
        "place": event.place,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "dates_announced": event.has_dates,
        "time_zone": event.time_zone,
        "description": event.description,
        "url": event.url,
        "visibility": event.visibility,
        "sessions": getattr(event, "n_sessions", 0),
        "recommended": getattr(event, "n_recommended", 0),
        "version": event.version,
        "created_at": event.created_at,
        "html_url": reverse("events:detail", args=[team.slug, event.slug]),
    }


def session_out(session: Session, event: Event, access: Access) -> dict[str, Any]:
    zone = event.zone
    return {
        "id": session.pk,
        "event": event.slug,
        "title": session.title,
        "starts_at": session.starts_at.astimezone(dt.UTC),
        "ends_at": session.ends_at.astimezone(dt.UTC),
        "local_starts_at": session.starts_at.astimezone(zone),
        "local_ends_at": session.ends_at.astimezone(zone),
        "room": session.room,
        "description": session.description,
        "link": session.link,
        "meeting": readable_meeting(session.meeting, access),
        "recommended": session.recommended,
        "recommended_reason": session.recommended_reason,
        "recommended_by": person_ref(session.recommended_by) if session.recommended_by else None,
        "cancelled": session.is_cancelled,
        "cancelled_at": session.cancelled_at,
        "cancelled_reason": session.cancelled_reason,
        "version": session.version,
        "created_at": session.created_at,
    }


# Lookups --------------------------------------------------------------------------------------


def _event(request: HttpRequest, slug: str, event_slug: str) -> tuple[Team, Event]:
    """The event as the caller may read it, with its session counts; 404 otherwise."""
    team = team_of(slug)
    if len(event_slug) > 60:
        raise Http404
    user = caller_of(request).user
    event = queries.visible_events(viewer=user, team=team).filter(slug=event_slug).first()
    if event is None:
        raise Http404
    return team, event


def _session(event: Event, session_id: int) -> Session:
    if session_id < 1 or session_id > MAX_ID:
        raise Http404
    session = (
        event.sessions.filter(pk=session_id).select_related("meeting", "recommended_by").first()
    )
    if session is None:
        raise Http404
    return session


def _check_url(value: str, field: str) -> None:
    if value.strip():
        try:
            _URL(value.strip())
        except ValidationError:
            raise ValidationError({field: _("Enter a web address (https://…).")}) from None


# Events ---------------------------------------------------------------------------------------


@router.get("/{slug}/events", response={200: EventPage, **READ_ERRORS}, summary="List events")
def list_events(request: HttpRequest, slug: str, filters: Query[EventFilters]) -> dict[str, Any]:
    team = team_of(slug)
    events = queries.visible_events(viewer=caller_of(request).user, team=team)
    if filters.since:
        # Events whose dates are not announced are still to come.
        events = events.filter(Q(ends_on__gte=filters.since) | Q(ends_on__isnull=True))
    if filters.until:
        events = events.filter(starts_on__lte=filters.until)
    page = paginate(events, ordering=EVENTS, cursor=filters.cursor, limit=filters.limit)
    return {"items": [event_out(e, team) for e in page.rows], "next_cursor": page.next_cursor}


@router.post("/{slug}/events", response={201: EventOut, **WRITE_ERRORS}, summary="Create an event")
def create_event(
    request: HttpRequest, slug: str, payload: EventCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    _check_url(payload.url, "url")
    values = payload.model_dump()
    values["slug"] = payload.slug or ""
    created = services.create_event(team=team, by=user, **values)
    _team, event = _event(request, slug, created.slug)
    response["ETag"] = etag(event)
    response["Location"] = f"/api/v1/teams/{team.slug}/events/{event.slug}"
    return Status(201, event_out(event, team))


@router.get(
    "/{slug}/events/{event}",
    response={200: EventOut, **READ_ERRORS},
    summary="Read an event (ETag: its version)",
)
def get_event(
    request: HttpRequest, slug: str, event: str, response: HttpResponse
) -> dict[str, Any]:
    team, found = _event(request, slug, event)
    response["ETag"] = etag(found)
    return event_out(found, team)


@router.patch(
    "/{slug}/events/{event}",
    response={200: EventOut, **VERSIONED_ERRORS},
    summary="Change some fields of an event; its slug stays (If-Match required)",
)
def update_event(
    request: HttpRequest,
    slug: str,
    event: str,
    payload: EventPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _event(request, slug, event)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("place", "description", "url"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("name", "time_zone", "visibility"):
        if name in changes and changes[name] is None:
            del changes[name]
    _check_url(changes.get("url") or "", "url")
    services.update_event(event=found, by=user, expected_version=version, changes=changes)
    _team, found = _event(request, slug, event)
    response["ETag"] = etag(found)
    return event_out(found, team)


@router.get(
    "/{slug}/events/{event}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="An event's history, as far as you may see it",
)
def list_event_history(
    request: HttpRequest, slug: str, event: str, page: Query[PageParams]
) -> dict[str, Any]:
    _team, found = _event(request, slug, event)
    return history_page(queries.event_history(viewer=caller_of(request).user, event=found), page)


@router.get(
    "/{slug}/events/{event}/sessions",
    response={200: SessionPage, **READ_ERRORS},
    summary="An event's schedule, in time order (times in UTC and in the event's zone)",
)
def list_sessions(
    request: HttpRequest, slug: str, event: str, filters: Query[SessionFilters]
) -> dict[str, Any]:
    team, found = _event(request, slug, event)
    access = access_for(caller_of(request).user, team)
    sessions = found.sessions.select_related("meeting", "recommended_by")
    if filters.recommended:
        sessions = sessions.filter(recommended=True)
    page = paginate(sessions, ordering=SESSIONS, cursor=filters.cursor, limit=filters.limit)
    return {
        "items": [session_out(s, found, access) for s in page.rows],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/{slug}/events/{event}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    summary="Add a session (within the event's days, counted in its time zone)",
)
def add_session(
    request: HttpRequest, slug: str, event: str, payload: SessionCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, found = _event(request, slug, event)
    refuse_unless(user, Action.EDIT, team, found)
    _check_url(payload.link, "link")
    values = payload.model_dump()
    values["meeting"] = (
        None if payload.meeting is None else named_meeting(user, team, payload.meeting, "meeting")
    )
    created = services.add_session(event=found, by=user, **values)
    session = _session(found, created.pk)
    response["ETag"] = etag(session)
    return Status(201, session_out(session, found, access_for(user, team)))


@router.get(
    "/{slug}/events/{event}/sessions/{session_id}",
    response={200: SessionOut, **READ_ERRORS},
    summary="Read a session (ETag: its version)",
)
def get_session(
    request: HttpRequest, slug: str, event: str, session_id: int, response: HttpResponse
) -> dict[str, Any]:
    team, found = _event(request, slug, event)
    session = _session(found, session_id)
    response["ETag"] = etag(session)
    return session_out(session, found, access_for(caller_of(request).user, team))


@router.patch(
    "/{slug}/events/{event}/sessions/{session_id}",
    response={200: SessionOut, **VERSIONED_ERRORS},
    summary="Change some fields of a session (If-Match required)",
)
def update_session(
    request: HttpRequest,
    slug: str,
    event: str,
    session_id: int,
    payload: SessionPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _event(request, slug, event)
    session = _session(found, session_id)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("room", "description", "link"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("title", "starts_at", "ends_at"):
        if name in changes and changes[name] is None:
            del changes[name]
    _check_url(changes.get("link") or "", "link")
    if "meeting" in changes:
        changes["meeting"] = (
            None
            if payload.meeting is None
            else named_meeting(user, team, payload.meeting, "meeting")
        )
    services.update_session(session=session, by=user, expected_version=version, changes=changes)
    session = _session(found, session_id)
    response["ETag"] = etag(session)
    return session_out(session, found, access_for(user, team))


@router.post(
    "/{slug}/events/{event}/sessions/{session_id}/recommend",
    response={200: SessionOut, **VERSIONED_ERRORS},
    summary="Recommend a session to the team, or withdraw the recommendation (If-Match required)",
)
def recommend_session(
    request: HttpRequest,
    slug: str,
    event: str,
    session_id: int,
    payload: RecommendIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _event(request, slug, event)
    session = _session(found, session_id)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    services.recommend_session(
        session=session,
        by=user,
        recommended=payload.recommended,
        reason=payload.reason,
        expected_version=version,
    )
    session = _session(found, session_id)
    response["ETag"] = etag(session)
    return session_out(session, found, access_for(user, team))


@router.get(
    "/{slug}/events/{event}/sessions/{session_id}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="A session's history, as far as you may see it",
)
def list_session_history(
    request: HttpRequest, slug: str, event: str, session_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    _team, found = _event(request, slug, event)
    session = _session(found, session_id)
    session.event = found
    entries = queries.session_history(viewer=caller_of(request).user, session=session)
    return history_page(entries, page)


@router.post(
    "/{slug}/events/{event}/sessions/{session_id}/cancel",
    response={200: SessionOut, **VERSIONED_ERRORS},
    summary="Cancel a session, keeping it and its history, or restore it (If-Match required)",
)
def cancel_session(
    request: HttpRequest,
    slug: str,
    event: str,
    session_id: int,
    payload: CancelIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _event(request, slug, event)
    session = _session(found, session_id)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    services.cancel_session(
        session=session,
        by=user,
        expected_version=version,
        cancelled=payload.cancelled,
        reason=payload.reason,
    )
    session = _session(found, session_id)
    response["ETag"] = etag(session)
    return session_out(session, found, access_for(user, team))


@router.get(
    "/{slug}/sessions/recommended",
    response={200: SessionPage, **READ_ERRORS},
    summary="Sessions recommended to the team, of every event you may read, in time order",
)
def list_recommended_sessions(
    request: HttpRequest, slug: str, filters: Query[RecommendedFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    sessions = queries.recommended_sessions(viewer=user, team=team).select_related("meeting")
    if filters.since:
        start = dt.datetime.combine(filters.since, dt.time.min, tzinfo=dt.UTC)
        sessions = sessions.filter(starts_at__gte=start)
    page = paginate(sessions, ordering=RECOMMENDED, cursor=filters.cursor, limit=filters.limit)
    access = access_for(user, team)
    return {
        "items": [session_out(s, s.event, access) for s in page.rows],
        "next_cursor": page.next_cursor,
    }
