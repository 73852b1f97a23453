"""Writing and reading the history table.

Services call `record_change` inside their transaction, with the diff produced by `diff`,
so a change and its history entry commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import HistoryEntry, Visibility

JSONValue = Any


def to_json(value: object) -> JSONValue:
    """A field value as a JSON-friendly value for a history diff."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, JSONValue]:
    return {name: to_json(getattr(obj, name)) for name in fields}


def diff(
    before: Mapping[str, JSONValue], after: Mapping[str, JSONValue]
) -> dict[str, list[JSONValue]]:
    """Fields whose value differs, as {field: [before, after]}."""
    return {
        name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]
    }


def actor_name(user: AbstractBaseUser | AnonymousUser | None) -> str:
    if user is None or not user.is_authenticated:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.name)
    return str(user.get_username())


def record_change(
    *,
    obj: models.Model,
    action: str,
    by: AbstractBaseUser | AnonymousUser | None,
    changes: Mapping[str, list[JSONValue]] | None = None,
    team_id: int | None = None,
    version: int | None = None,
    visibility: str = Visibility.PUBLIC,
) -> HistoryEntry:
    actor = cast("User | None", by if by is not None and by.is_authenticated else None)
    return HistoryEntry.objects.create(
        team_id=team_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        version=version,
        action=action,
        actor=actor,
        actor_name=actor_name(by),
        changes=dict(changes or {}),
        visibility=visibility,
    )


def latest_change(team_id: int) -> int | None:
    """The id of the team's latest history entry: it changes with every change to the team's
    records made through the services, so it names a version of anything drawn from them
    (a cached calendar, feed or picture)."""
    return (
        HistoryEntry.objects.filter(team_id=team_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )


def history_for(obj: models.Model) -> models.QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("created_at", "id")


# What each kind of change says in a timeline or the feed ("Jennifer Bryce completed the
# item"), for every app's action codes in one place; a code missing here shows as itself.
ACTION_LABELS = {
    "tracker.item.created": _("created the item"),
    "tracker.item.updated": _("edited the item"),
    "tracker.item.completed": _("completed the item"),
    "tracker.item.merged": _("merged the item"),
    "tracker.note.added": _("added a progress note"),
    "meetings.meeting.created": _("created the meeting"),
    "meetings.meeting.updated": _("edited the meeting"),
    "meetings.agenda.carried": _("carried items from the previous meeting"),
    "meetings.agenda.item_added": _("added an agenda item"),
    "meetings.agenda.item_updated": _("edited an agenda item"),
    "meetings.agenda.item_moved": _("moved an agenda item"),
    "meetings.agenda.item_nested": _("moved an agenda item to another level"),
    "meetings.agenda.item_removed": _("removed an agenda item"),
    "meetings.attendance.recorded": _("recorded attendance"),
    "meetings.material.added": _("added a material"),
    "meetings.decision.recorded": _("recorded the decision"),
    "meetings.minutes.drafted": _("drafted the minutes"),
    "meetings.minutes.redrafted": _("revised the draft minutes"),
    "meetings.minutes.approved": _("approved the minutes"),
    "requests.request.created": _("recorded the request"),
    "requests.request.updated": _("edited the request"),
    "requests.request.status_changed": _("changed the request's status"),
    "requests.request.scheduled": _("scheduled the briefing"),
    "requests.note.added": _("added a note to the request"),
    "requests.question.created": _("recorded the question"),
    "requests.question.updated": _("edited the question"),
    "requests.question.answered": _("answered the question"),
    "requests.question.published": _("published the answer"),
    "requests.question.unpublished": _("unpublished the answer"),
    "requests.question.withdrawn": _("withdrew the question"),
    "requests.question.reopened": _("reopened the question"),
    "events.event.created": _("created the event"),
    "events.event.updated": _("edited the event"),
    "events.attendance.set": _("said who attends"),
    "events.attendance.removed": _("said who no longer attends"),
    "events.session.added": _("added a session"),
    "events.session.updated": _("edited a session"),
    "events.session.recommended": _("recommended a session"),
    "events.session.unrecommended": _("withdrew a recommendation"),
    "events.session.cancelled": _("cancelled a session"),
    "events.session.restored": _("restored a session"),
    "polls.poll.created": _("started the poll"),
    "polls.poll.answered": _("answered the poll"),
    "polls.poll.closed": _("closed the poll"),
    "polls.poll.closing_changed": _("changed the poll's closing date"),
    "polls.poll.invitees_added": _("invited more people"),
    "polls.invitee.link_resent": _("sent a personal link again"),
    "polls.poll.scheduled": _("turned a slot into a meeting"),
    "workplan.milestone.created": _("created the milestone"),
    "workplan.milestone.updated": _("edited the milestone"),
    "workplan.baseline.saved": _("saved a baseline"),
    "texts.template.created": _("created the text"),
    "texts.template.updated": _("edited the text"),
    "feedback.input.sent": _("sent input"),
    "feedback.input.published": _("published input"),
    "feedback.input.rejected": _("rejected input"),
    "teams.team.created": _("created the team"),
    "teams.group.created": _("created the group"),
    "teams.membership.created": _("added a member"),
    "teams.membership.renewed": _("renewed a membership"),
    "teams.membership.role_changed": _("changed a member's role"),
    "api.token.created": _("created an API token"),
    "api.token.revoked": _("revoked an API token"),
    "notify.meeting.invited": _("sent the meeting's invitation"),
    "notify.meeting.actions_sent": _("sent the actions and decisions mail"),
    "notify.preference.updated": _("changed when reminders come"),
}


def _field_label(model: type[models.Model], name: str) -> str:
    if name in _FIELD_LABELS:
        return str(_FIELD_LABELS[name])
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return name.replace("_", " ")


_FIELD_LABELS = {"owners": _("owners"), "note": _("note")}


def _choices(model: type[models.Model], name: str) -> dict[object, str] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    flat = getattr(field, "flatchoices", None)
    return {value: str(label) for value, label in flat} if flat else None


def _show(value: JSONValue, choices: Mapping[object, str] | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def readable_entries(
    entries: Iterable[HistoryEntry], model: type[models.Model]
) -> list[dict[str, Any]]:
    """History entries as a timeline a person can read: who, when, what, and each field's change."""
    timeline = []
    for entry in entries:
        timeline.append(
            {
                "entry": entry,
                "when": entry.created_at,
                "who": entry.actor_name or _("the system"),
                "what": ACTION_LABELS.get(entry.action, entry.action),
                "changes": [
                    {
                        "field": _field_label(model, name),
                        "before": _show(before, _choices(model, name)),
                        "after": _show(after, _choices(model, name)),
                    }
                    for name, (before, after) in entry.changes.items()
                ],
            }
        )
    return timeline
