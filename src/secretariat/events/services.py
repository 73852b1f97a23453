"""Every write to events and their sessions (staff and chairs write; everyone else reads).

A session must end after it starts and fall within its event's days, counted in the event's
own time zone (an event whose dates are not announced yet has both dates empty, and its sessions
are not checked until it gets them). Bad input raises ValidationError naming the field, and
nothing is changed. Sessions are never deleted: `cancel_session` strikes one out, keeping it
and its history, and can restore it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, require
from secretariat.events.models import Event, EventAttendance, Session
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Membership, Person, Role, Team, validate_time_zone
from secretariat.teams.queries import person_of

Actor = AbstractBaseUser | AnonymousUser | None

EVENT_FIELDS = (
    "name",
    "place",
    "starts_on",
    "ends_on",
    "time_zone",
    "description",
    "url",
    "visibility",
)
SESSION_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "room",
    "description",
    "link",
    "meeting",
    "recommended",
    "recommended_reason",
    "cancelled_reason",
)


def _account(by: Actor) -> User | None:
    return by if isinstance(by, User) and by.is_authenticated else None


def _validate_event(event: Event) -> None:
    errors: dict[str, str] = {}
    if not (event.name or "").strip():
        errors["name"] = _("Give the event a name, e.g. ICANN59 Johannesburg.")
    if (event.starts_on is None) != (event.ends_on is None):
        missing = "ends_on" if event.ends_on is None else "starts_on"
        errors[missing] = _(
            "Give both the first and the last day, or neither while the dates are not announced."
        )
    elif event.starts_on and event.ends_on and event.ends_on < event.starts_on:
        errors["ends_on"] = _("The event ends before it starts.")
    try:
        validate_time_zone(event.time_zone)
    except ValidationError as exc:
        errors["time_zone"] = exc.messages[0]
    if event.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": event.visibility}
    if errors:
        raise ValidationError(errors)


def create_event(
    *,
    team: Team,
    by: Actor,
    name: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    time_zone: str = "UTC",
    place: str = "",
    description: str = "",
    url: str = "",
    visibility: str = Visibility.PUBLIC,
    slug: str = "",
) -> Event:
    if by is not None:
        require(by, Action.CREATE, team=team)
    event = Event(
        team=team,
        name=name.strip(),
        slug=slug or slugify(name)[:60],
        place=place.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        time_zone=time_zone,
        description=description.strip(),
        url=url.strip(),
        visibility=visibility,
        created_by=_account(by),
    )
    _validate_event(event)
    if not event.slug:
        raise ValidationError({"name": _("The name needs some letters or digits.")})
    with transaction.atomic():
        if Event.objects.filter(team=team, slug=event.slug).exists():
            raise ValidationError(
                {
                    "name": _("%(team)s already has an event %(slug)s.")
                    % {"team": team.slug, "slug": event.slug}
                }
            )
        event.save()
        record_change(
            obj=event,
            action="events.event.created",
            by=by,
            changes={k: [None, v] for k, v in snapshot(event, EVENT_FIELDS).items() if v},
            team_id=team.pk,
            version=event.version,
            visibility=event.visibility,
        )
    return event


def _outside(session: Session, event: Event) -> bool:
    """Whether the session falls outside the event's days (never, while they are unknown)."""
    if event.starts_on is None or event.ends_on is None:
        return False
    first = session.starts_at.astimezone(event.zone).date()
    last = session.ends_at.astimezone(event.zone).date()
    return first < event.starts_on or last > event.ends_on


def _validate_session(session: Session, event: Event) -> None:
    errors: dict[str, str] = {}
    if not (session.title or "").strip():
        errors["title"] = _("Give the session a title.")
    if session.starts_at is None:
        errors["starts_at"] = _("Say when the session starts.")
    if session.ends_at is None:
        errors["ends_at"] = _("Say when the session ends.")
    if session.starts_at and session.ends_at:
        if session.ends_at <= session.starts_at:
            errors["ends_at"] = _("The session ends before it starts.")
        elif _outside(session, event):
            errors["starts_at"] = _(
                "The session falls outside the event's days (%(first)s to %(last)s, %(zone)s)."
            ) % {
                "first": event.starts_on.isoformat() if event.starts_on else "",
                "last": event.ends_on.isoformat() if event.ends_on else "",
                "zone": event.time_zone,
            }
    if session.meeting is not None and session.meeting.team_id != event.team_id:
        errors["meeting"] = _("That meeting belongs to another team.")
    if errors:
        raise ValidationError(errors)


def add_session(
    *,
    event: Event,
    by: Actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: str = "",
    description: str = "",
    link: str = "",
    meeting: Meeting | None = None,
    recommended: bool = False,
    recommended_reason: str = "",
) -> Session:
    """Add a session (times aware, stored in UTC)."""
    if by is not None:
        require(by, Action.EDIT, team=event.team, record=event)
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value is not None and value.tzinfo is None:
            raise ValidationError({name: _("Give the time with its time zone.")})
    session = Session(
        event=event,
        title=title.strip(),
        starts_at=starts_at.astimezone(dt.UTC) if starts_at else starts_at,
        ends_at=ends_at.astimezone(dt.UTC) if ends_at else ends_at,
        room=room.strip(),
        description=description.strip(),
        link=link.strip(),
        meeting=meeting,
        recommended=recommended,
        recommended_reason=recommended_reason.strip(),
        recommended_by=person_of(by) if recommended else None,
    )
    _validate_session(session, event)
    with transaction.atomic():
        session.save()
        record_change(
            obj=session,
            action="events.session.added",
            by=by,
            changes={
                k: [None, v]
                for k, v in snapshot(session, SESSION_FIELDS).items()
                if v not in (None, "", False)
            },
            team_id=event.team_id,
            version=session.version,
            visibility=event.visibility,
        )
    return session


def recommend_session(
    *,
    session: Session,
    by: Actor,
    recommended: bool = True,
    reason: str = "",
    expected_version: int | None = None,
) -> Session:
    """Recommend a session to the team (with why), or withdraw the recommendation."""
    with transaction.atomic():
        current = (
            Session.objects.select_for_update().select_related("event__team").get(pk=session.pk)
        )
        event = current.event
        if by is not None:
            require(by, Action.EDIT, team=event.team, record=event)
        if expected_version is not None and current.version != expected_version:
            since = [e for e in history_for(current) if (e.version or 0) > expected_version]
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        if len(reason.strip()) > 300:
            raise ValidationError({"recommended_reason": _("At most 300 characters.")})
        before = snapshot(current, SESSION_FIELDS)
        current.recommended = recommended
        current.recommended_reason = reason.strip() if recommended else ""
        current.recommended_by = person_of(by) if recommended else None
        changes = diff(before, snapshot(current, SESSION_FIELDS))
        if changes:
            current.version += 1
            current.save()
            record_change(
                obj=current,
                action="events.session.recommended"
                if recommended
                else "events.session.unrecommended",
                by=by,
                changes=changes,
                team_id=event.team_id,
                version=current.version,
                visibility=event.visibility,
            )
    return current


SESSION_EDITABLE = ("title", "starts_at", "ends_at", "room", "description", "link", "meeting")
_EVENT_LIMITS = {"name": 200, "place": 200, "url": 200}
_SESSION_LIMITS = {"title": 300, "room": 120, "link": 200}


def _check_lengths(record: Event | Session, limits: dict[str, int]) -> None:
    errors = {
        name: _("At most %(limit)s characters.") % {"limit": limit}
        for name, limit in limits.items()
        if len(getattr(record, name, "") or "") > limit
    }
    if errors:
        raise ValidationError(errors)


def _stale(current: Event | Session, expected_version: int | None) -> None:
    if expected_version is not None and current.version != expected_version:
        since = [e for e in history_for(current) if (e.version or 0) > expected_version]
        raise StaleVersion(current=current, expected_version=expected_version, changes_since=since)


def update_event(
    *, event: Event, by: Actor, expected_version: int | None, changes: Mapping[str, Any]
) -> Event:
    """Change some fields of an event (`EVENT_FIELDS`; the slug stays). Its sessions must
    still fall within its days, counted in its (possibly new) time zone."""
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = Event.objects.select_for_update().select_related("team").get(pk=event.pk)
        if by is not None:
            require(by, Action.EDIT, team=current.team, record=current)
        _stale(current, expected_version)
        if by is not None and changes.get("visibility", current.visibility) != current.visibility:
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        before = snapshot(current, EVENT_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_event(current)
        _check_lengths(current, _EVENT_LIMITS)
        if {"starts_on", "ends_on", "time_zone"} & set(changes):
            outside = [
                s for s in current.sessions.order_by("starts_at", "pk") if _outside(s, current)
            ]
            if outside:
                named = "; ".join(
                    f"{s.title} ({s.starts_at.astimezone(current.zone).date().isoformat()})"
                    for s in outside
                )
                raise ValidationError(
                    {
                        "starts_on": _(
                            "These sessions would fall outside the event's days: %(sessions)s. "
                            "Move them first."
                        )
                        % {"sessions": named}
                    }
                )
        changed = diff(before, snapshot(current, EVENT_FIELDS))
        if changed:
            current.version += 1
            current.save()
            record_change(
                obj=current,
                action="events.event.updated",
                by=by,
                changes=changed,
                team_id=current.team_id,
                version=current.version,
                visibility=Visibility.strictest(before["visibility"], current.visibility),
            )
    return current


def update_session(
    *, session: Session, by: Actor, expected_version: int | None, changes: Mapping[str, Any]
) -> Session:
    """Change some fields of a session (`SESSION_EDITABLE`; recommending has its own
    service). Times must be aware; they are stored in UTC."""
    unknown = set(changes) - set(SESSION_EDITABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    for name in ("starts_at", "ends_at"):
        value = changes.get(name)
        if value is not None and value.tzinfo is None:
            raise ValidationError({name: _("Give the time with its time zone.")})
    with transaction.atomic():
        current = (
            Session.objects.select_for_update().select_related("event__team").get(pk=session.pk)
        )
        event = current.event
        if by is not None:
            require(by, Action.EDIT, team=event.team, record=event)
        _stale(current, expected_version)
        before = snapshot(current, SESSION_FIELDS)
        for name, value in changes.items():
            if isinstance(value, dt.datetime):
                value = value.astimezone(dt.UTC)
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_session(current, event)
        _check_lengths(current, _SESSION_LIMITS)
        changed = diff(before, snapshot(current, SESSION_FIELDS))
        if changed:
            current.version += 1
            current.save()
            record_change(
                obj=current,
                action="events.session.updated",
                by=by,
                changes=changed,
                team_id=event.team_id,
                version=current.version,
                visibility=event.visibility,
            )
    return current


def cancel_session(
    *,
    session: Session,
    by: Actor,
    expected_version: int | None,
    cancelled: bool = True,
    reason: str = "",
) -> Session:
    """Cancel a session (or restore a cancelled one). Nothing is deleted: the session stays on
    the event's schedule, struck out, with its history; calendars and the deck leave it out."""
    reason = reason.strip()
    if len(reason) > 300:
        raise ValidationError({"cancelled_reason": _("At most 300 characters.")})
    with transaction.atomic():
        current = (
            Session.objects.select_for_update().select_related("event__team").get(pk=session.pk)
        )
        event = current.event
        if by is not None:
            require(by, Action.EDIT, team=event.team, record=event)
        _stale(current, expected_version)
        if cancelled == current.is_cancelled and (
            not cancelled or reason == current.cancelled_reason
        ):
            return current
        before = snapshot(current, SESSION_FIELDS)
        before["cancelled"] = current.is_cancelled
        current.cancelled_at = timezone.now() if cancelled else None
        current.cancelled_reason = reason if cancelled else ""
        after = snapshot(current, SESSION_FIELDS)
        after["cancelled"] = current.is_cancelled
        current.version += 1
        current.save()
        record_change(
            obj=current,
            action="events.session.cancelled" if cancelled else "events.session.restored",
            by=by,
            changes=diff(before, after),
            team_id=event.team_id,
            version=current.version,
            visibility=event.visibility,
        )
    return current


def set_attendance(
    *, event: Event, person: Person, by: Actor, attending: bool = True, note: str = ""
) -> EventAttendance | None:
    """Say that `person` will (or will not) be at `event`, with their dates in a few words.

    People of the team (not observers) say it for themselves; staff and chairs (and the
    operator, `by=None`) for anyone of the team. Returns the attendance, or None when removed.
    """
    if by is not None:
        require(by, Action.ADD_NOTE, team=event.team, record=event)
        if person.user_id is None or person.user_id != getattr(by, "pk", None):
            require(by, Action.EDIT, team=event.team, record=event)
    note = note.strip()
    if len(note) > 200:
        raise ValidationError({"note": _("At most 200 characters.")})
    in_team = (
        Membership.objects.filter(team=event.team, person=person)
        .exclude(role=Role.OBSERVER)
        .exists()
    )
    if not in_team:
        raise ValidationError({"person": _("%(name)s is not in the team.") % {"name": person.name}})
    # Who travels where is the team's business, even for a public event.
    visibility = Visibility.TEAM if event.visibility == Visibility.PUBLIC else event.visibility
    with transaction.atomic():
        current = (
            EventAttendance.objects.select_for_update().filter(event=event, person=person).first()
        )
        if not attending:
            if current is not None:
                current.delete()
                record_change(
                    obj=event,
                    action="events.attendance.removed",
                    by=by,
                    changes={"attendee": [person.name, None]},
                    team_id=event.team_id,
                    version=event.version,
                    visibility=visibility,
                )
            return None
        if current is not None and current.note == note:
            return current
        before = None if current is None else current.note
        if current is None:
            current = EventAttendance(event=event, person=person)
        current.note = note
        current.updated_at = timezone.now()
        current.save()
        record_change(
            obj=event,
            action="events.attendance.set",
            by=by,
            changes={"attendee": [None, person.name], "note": [before, note]},
            team_id=event.team_id,
            version=event.version,
            visibility=visibility,
        )
    return current
