"""Cursor pagination in a stable order (keyset: "the rows after this one"), with signed cursors.

A cursor holds the sort keys of the last row of a page, signed so callers cannot forge one
(and so it names the ordering it belongs to). Rows inserted or removed while someone pages
never make another row repeat or vanish, as an offset would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core import signing
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from secretariat.api.problems import ApiProblem

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
_SALT = "secretariat.api.cursor"

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Key:
    """One sort key: a field (`__` paths allowed), its direction, and whether NULLs sort last."""

    field: str
    descending: bool = False
    nulls_last: bool = False

    def order_by(self) -> Any:
        expression = models.F(self.field)
        if self.descending:
            return expression.desc(nulls_last=True) if self.nulls_last else expression.desc()
        return expression.asc(nulls_last=True) if self.nulls_last else expression.asc()


@dataclass(frozen=True)
class Ordering:
    """A total order: the last key must be unique within the listed rows."""

    name: str
    keys: tuple[Key, ...]


def _value_of(row: models.Model | dict[str, Any], field: str) -> Any:
    if isinstance(row, dict):
        # A row of .values(): the sort keys are among its columns.
        return row[field]
    value: Any = row
    for part in field.split("__"):
        value = getattr(value, part) if value is not None else None
    if isinstance(value, models.Model):
        value = value.pk
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "t" in value:
        return dt.datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and "d" in value:
        return dt.date.fromisoformat(value["d"])
    return value


def make_cursor(ordering: Ordering, row: models.Model | dict[str, Any]) -> str:
    values = [_encode(_value_of(row, key.field)) for key in ordering.keys]
    return signing.dumps({"o": ordering.name, "v": values}, salt=_SALT, compress=True)


def read_cursor(ordering: Ordering, cursor: str) -> list[Any]:
    try:
        data = signing.loads(cursor, salt=_SALT)
        if data["o"] != ordering.name or len(data["v"]) != len(ordering.keys):
            raise ValueError
        return [_decode(v) for v in data["v"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ApiProblem(
            422,
            _("The cursor is not one this list gave out (or the sort changed); start again."),
            extra={"errors": [{"field": "cursor", "message": _("Not a valid cursor.")}]},
        ) from None


def _after(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """Rows that come strictly after the row with these key values."""
    result = Q(pk__in=[])
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            # In the NULL block (NULLs last): nothing non-null comes after within this key.
            beyond = Q(pk__in=[])
            same = Q(**{f"{key.field}__isnull": True})
        else:
            beyond = Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value})
            if key.nulls_last:
                beyond |= Q(**{f"{key.field}__isnull": True})
            same = Q(**{key.field: value})
        result |= equal_so_far & beyond
        equal_so_far &= same
    return result


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None


def paginate(
    rows: QuerySet[M] | QuerySet[M, dict[str, Any]],
    *,
    ordering: Ordering,
    cursor: str | None,
    limit: int,
) -> Page:
    """One page of `rows` in `ordering`, after `cursor`; fetches one row more to know if more follow."""
    limit = max(1, min(limit, MAX_LIMIT))
    ordered = rows.order_by(*(key.order_by() for key in ordering.keys))
    if cursor:
        ordered = ordered.filter(_after(ordering.keys, read_cursor(ordering, cursor)))
    fetched: list[Any] = list(ordered[: limit + 1])
    page = fetched[:limit]
    more = len(fetched) > limit
    return Page(rows=page, next_cursor=make_cursor(ordering, page[-1]) if more and page else None)
