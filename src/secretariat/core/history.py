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


def history_for(obj: models.Model) -> models.QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).order_by("created_at", "id")


ACTION_LABELS = {
    "tracker.item.created": _("created the item"),
    "tracker.item.updated": _("edited the item"),
    "tracker.item.completed": _("completed the item"),
    "tracker.item.merged": _("merged the item"),
    "tracker.note.added": _("added a progress note"),
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
