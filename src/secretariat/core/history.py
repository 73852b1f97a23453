"""Writing and reading the history table.

Services call `record_change` inside their transaction, with the diff produced by `diff`,
so a change and its history entry commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

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
        name: [before.get(name), after[name]]
        for name in after
        if before.get(name) != after[name]
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
    actor = by if by is not None and by.is_authenticated else None
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
