"""The benchmark's ceilings, served by the same workers as the site (bench/urls.py mounts them
under /bench/, only in bench.settings).

- `constant`: a constant JSON body. Nothing is faster through this stack (gunicorn, WSGI,
  Django's middleware); it is the stack's ceiling.
- `actions` and `action`: the API's list of open items and its read of one item, written by
  hand: the same rows through SQL on the database cursor and `json.dumps`, with no ORM, no
  serializer, no visibility object and no template. They are the work's ceiling: what the API
  could reach if it did nothing but fetch and encode. Like an anonymous API caller they read
  public items only.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

CONSTANT = json.dumps({"status": "ok", "items": [], "note": "the stack's ceiling"}).encode()

ITEM_COLUMNS = (
    "i.id, i.number, i.text, i.category, i.topic, i.status, m.number, i.source_text, "
    "i.requested_on, i.due_on, i.due_text, i.completed_response, i.completed_on, t.number, "
    "i.visibility, i.visibility_reason, i.version, i.created_at, i.updated_at"
)
ITEM_FROM = (
    "FROM tracker_actionitem i "
    "JOIN teams_team team ON team.id = i.team_id "
    "LEFT JOIN meetings_meeting m ON m.id = i.source_meeting_id "
    "LEFT JOIN tracker_actionitem t ON t.id = i.merged_into_id "
)
OWNERS_SQL = (
    "SELECT o.item_id, o.person_id, p.name, o.group_id, g.name "
    "FROM tracker_actionitemowner o "
    "LEFT JOIN teams_person p ON p.id = o.person_id "
    "LEFT JOIN teams_group g ON g.id = o.group_id "
    "WHERE o.item_id IN ({marks}) ORDER BY o.item_id, o.position"
)


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _rows_out(slug: str, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    ids = [row[0] for row in rows]
    owners: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(OWNERS_SQL.format(marks=", ".join(["%s"] * len(ids))), ids)
            for item_id, person_id, person_name, group_id, group_name in cursor.fetchall():
                owners[item_id].append(
                    {"type": "person", "id": person_id, "name": person_name}
                    if person_id
                    else {"type": "group", "id": group_id, "name": group_name}
                )
    out = []
    for row in rows:
        values = [_value(v) for v in row]
        out.append(
            {
                "number": values[1],
                "text": values[2],
                "owners": owners[row[0]],
                "category": values[3],
                "topic": values[4],
                "status": values[5],
                "source_meeting": values[6],
                "source_text": values[7],
                "requested_on": values[8],
                "due_on": values[9],
                "due_text": values[10],
                "completed_response": values[11],
                "completed_on": values[12],
                "merged_into": values[13],
                "visibility": values[14],
                "visibility_reason": values[15],
                "version": values[16],
                "created_at": values[17],
                "updated_at": values[18],
                "html_url": f"/{slug}/actions/{values[1]}/",
            }
        )
    return out


def _json(payload: Any, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), content_type="application/json")
    for name, value in headers.items():
        response[name] = value
    return response


@require_safe
def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(CONSTANT, content_type="application/json")


@require_safe
def actions(request: HttpRequest, slug: str) -> HttpResponse:
    """The API list's work: one page of public items of a status, newest first, with owners."""
    status = request.GET.get("status", "open")
    limit = min(max(int(request.GET.get("limit", "100") or 100), 1), 500)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ITEM_COLUMNS} {ITEM_FROM}"
            "WHERE team.slug = %s AND i.status = %s AND i.visibility = 'public' "
            "ORDER BY i.number DESC LIMIT %s",
            [slug, status, limit],
        )
        rows = cursor.fetchall()
    return _json({"items": _rows_out(slug, rows), "next_cursor": None})


@require_safe
def action(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The API read's work: one public item with its owners."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {ITEM_COLUMNS} {ITEM_FROM}"
            "WHERE team.slug = %s AND i.number = %s AND i.visibility = 'public'",
            [slug, number],
        )
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    item = _rows_out(slug, rows)[0]
    return _json(item, ETag=f'"{item["version"]}"')


urlpatterns = [
    path("constant", constant, name="bench_constant"),
    path("teams/<slug:slug>/actions", actions, name="bench_actions"),
    path("teams/<slug:slug>/actions/<int:number>", action, name="bench_action"),
]
