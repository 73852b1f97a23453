"""`GET /teams/{slug}/export`: every record of a team the caller may see, as one JSON document.

The document is built from the same visibility queries as the rest of the API, one query (or
a fixed few) per kind of record, whatever the team's size: the children of many records
(notes, history, agenda items, attendance, materials, minutes) are read in one query each,
with the visibility rule of their per-record query applied to all of them at once. Records
come in a fixed order and nothing in the document depends on the moment of the export, so
two exports of an unchanged team are byte for byte the same (tools can compare or hash them).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import NinjaJSONEncoder

from secretariat.api.auth import caller_of
from secretariat.api.meetings import (
    agenda_out,
    decision_out,
    material_out,
    meeting_summary,
    minutes_out,
)
from secretariat.api.schemas_meetings import TeamExport
from secretariat.api.teams import person_out, person_ref, team_of, team_out
from secretariat.api.tracker import READ_ERRORS, history_out, item_out, note_out
from secretariat.core.models import HistoryEntry
from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.meetings import queries as meeting_queries
from secretariat.meetings.models import AgendaItem, Attendance, Material, Minutes
from secretariat.meetings.queries import AgendaNode
from secretariat.teams import queries as team_queries
from secretariat.teams.models import Team
from secretariat.tracker import queries as tracker_queries
from secretariat.tracker.models import ActionItem, ProgressNote

FORMAT = "secretariat.team-export"
FORMAT_VERSION = 1

router = Router(tags=["export"])


# The children of many records at once, with each per-record query's visibility rule ------------


def _notes(access: Access, items: list[ActionItem], visible: Any) -> dict[int, list[ProgressNote]]:
    """tracker.queries.visible_notes for every item at once: a note is read if its item is
    (the `visible` subquery) and its own level allows, counting the item's owners as named."""
    named = [item.pk for item in items if item.names(access)]
    notes = (
        ProgressNote.objects.filter(item__in=visible)
        .filter(access.filter(named=Q(item_id__in=named)))
        .select_related("author")
        .order_by("item_id", "noted_on", "created_at", "id")
    )
    grouped: dict[int, list[ProgressNote]] = {}
    for note in notes:
        grouped.setdefault(note.item_id, []).append(note)
    return grouped


def _history(
    access: Access, items: list[ActionItem], visible: Any
) -> dict[int, list[HistoryEntry]]:
    """tracker.queries.visible_history for every item at once (same rule as the notes)."""
    named = [item.pk for item in items if item.names(access)]
    entries = (
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(ActionItem), object_id__in=visible
        )
        .filter(access.filter(named=Q(object_id__in=named)))
        .select_related("actor")
        .order_by("object_id", "created_at", "id")
    )
    grouped: dict[int, list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.object_id, []).append(entry)
    return grouped


def _agendas(meeting_ids: list[int]) -> dict[int, list[AgendaNode]]:
    """meetings.queries.agenda_tree for every meeting at once (one query)."""
    rows = (
        AgendaItem.objects.filter(meeting_id__in=meeting_ids, removed=False)
        .select_related("presenter")
        .order_by("meeting_id", "position", "id")
    )
    by_parent: dict[tuple[int, int | None], list[AgendaItem]] = {}
    for row in rows:
        by_parent.setdefault((row.meeting_id, row.parent_id), []).append(row)

    def build(meeting_id: int, parent_id: int | None, depth: int, prefix: str) -> list[AgendaNode]:
        nodes = []
        for index, item in enumerate(by_parent.get((meeting_id, parent_id), []), start=1):
            label = f"{prefix}{index}"
            node = AgendaNode(item=item, depth=depth, label=label)
            node.children = build(meeting_id, item.pk, depth + 1, f"{label}.")
            nodes.append(node)
        return nodes

    return {meeting_id: build(meeting_id, None, 0, "") for meeting_id in meeting_ids}


def _attendance(meeting_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Who attended each meeting, by role (in the model's order), then name, as on the API."""
    order = {role: index for index, role in enumerate(Attendance.Role.values)}
    rows = sorted(
        Attendance.objects.filter(meeting_id__in=meeting_ids).select_related("person"),
        key=lambda a: (a.meeting_id, order.get(a.role, len(order)), a.person.name, a.person_id),
    )
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row.meeting_id, []).append(
            {"person": person_ref(row.person), "role": row.role}
        )
    return grouped


def _materials(access: Access, meeting_ids: list[int]) -> dict[int, list[Material]]:
    """meetings.queries.visible_materials for every meeting at once."""
    rows = (
        Material.objects.filter(meeting_id__in=meeting_ids)
        .filter(access.filter(named=meeting_queries.NOBODY))
        .select_related("meeting")
        .order_by("meeting_id", "kind", "id")
    )
    grouped: dict[int, list[Material]] = {}
    for row in rows:
        grouped.setdefault(row.meeting_id, []).append(row)
    return grouped


def _minutes(meeting_ids: list[int]) -> dict[int, Minutes]:
    """meetings.queries.minutes_of for every meeting at once."""
    rows = Minutes.objects.filter(meeting_id__in=meeting_ids).select_related("approved_at")
    return {row.meeting_id: row for row in rows}


# The document ---------------------------------------------------------------------------------


def build_export(*, viewer: Viewer | None, team: Team) -> dict[str, Any]:
    """Every record of `team` that `viewer` may read, as plain JSON-ready data, in fixed order."""
    access = access_for(viewer, team)
    private = access.sees_team_records

    people = team_queries.roster(team).order_by("name", "id")
    groups = team_queries.groups_of(team).prefetch_related("members").order_by("name", "id")
    memberships = team_queries.active_memberships(team).order_by("role", "person__name", "id")

    visible_items = tracker_queries.visible_action_items(viewer=viewer, team=team)
    items = list(visible_items.order_by("number"))
    visible_ids = visible_items.prefetch_related(None).order_by().values("pk")
    notes = _notes(access, items, visible_ids)
    history = _history(access, items, visible_ids)

    meetings = list(
        meeting_queries.visible_meetings(viewer=viewer, team=team)
        .select_related("team", "previous")
        .order_by(F("starts_at").asc(nulls_last=True), F("number").asc(nulls_last=True), "id")
    )
    meeting_ids = [m.pk for m in meetings]
    agendas = _agendas(meeting_ids)
    attendance = _attendance(meeting_ids)
    materials = _materials(access, meeting_ids)
    minutes = _minutes(meeting_ids)
    decisions = list(meeting_queries.visible_decisions(viewer=viewer, team=team).order_by("number"))
    decided_at: dict[int, list[int]] = {}
    for decision in decisions:
        if decision.meeting_id is not None:
            decided_at.setdefault(decision.meeting_id, []).append(decision.number)

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "team": team_out(team),
        "people": [person_out(p, private=private) for p in people],
        "groups": [
            {
                "id": g.pk,
                "name": g.name,
                "members": [
                    person_ref(p) for p in sorted(g.members.all(), key=lambda p: (p.name, p.pk))
                ],
            }
            for g in groups
        ],
        "memberships": [
            {
                "person": person_ref(m.person),
                "role": m.role,
                "start_on": m.start_on,
                "end_on": m.end_on,
                "active": m.is_active(),
            }
            for m in memberships
        ],
        "action_items": [
            {
                **item_out(item, team),
                "notes": [note_out(n) for n in notes.get(item.pk, [])],
                "history": [history_out(e) for e in history.get(item.pk, [])],
            }
            for item in items
        ],
        "meetings": [
            {
                **meeting_summary(meeting, access),
                "agenda": [agenda_out(node) for node in agendas.get(meeting.pk, [])],
                "attendance": attendance.get(meeting.pk, []),
                "materials": [material_out(m, team) for m in materials.get(meeting.pk, [])],
                "decisions": decided_at.get(meeting.pk, []),
                "minutes": (
                    minutes_out(minutes[meeting.pk], meeting, access)
                    if meeting.pk in minutes
                    else None
                ),
            }
            for meeting in meetings
        ],
        "decisions": [decision_out(d) for d in decisions],
    }


def render_export(document: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON, dates written as the rest of the API writes them;
    the same document always gives the same bytes."""
    return json.dumps(
        document, cls=NinjaJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


@router.get(
    "/{slug}/export",
    response={200: TeamExport, **READ_ERRORS},
    summary="Every record of the team you may see, as one JSON document",
    description=(
        "Team, people, groups, memberships, action items (with owners, progress notes and "
        "history), meetings (with agenda, attendance, materials, decisions and minutes) and "
        "decisions, as far as you may see them. The order is fixed and the document holds no "
        "timestamp of its own, so an unchanged team exports the same bytes; the ETag is their "
        "SHA-256."
    ),
)
def export_team(request: HttpRequest, slug: str) -> HttpResponse:
    team = team_of(slug)
    body = render_export(build_export(viewer=caller_of(request).user, team=team))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()}"'
    response["Content-Disposition"] = f'inline; filename="{team.slug}-export.json"'
    return response
