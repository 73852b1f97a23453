"""Meetings with their agenda, attendance, materials and minutes; and decisions reached.

Reads go through meetings.queries (whoever reads a meeting reads its agenda, attendance and
minutes; materials and decisions carry their own visibility), writes through
meetings.services. Edits of a meeting, of its minutes and of an agenda item need If-Match;
adding to an agenda, reordering it, recording attendance and adding a link do not (they
overwrite nothing another editor wrote).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from secretariat.api.auth import caller_of, refuse_unless, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.problems import ApiProblem
from secretariat.api.schemas import Input
from secretariat.api.schemas_meetings import (
    AgendaItemCreate,
    AgendaItemOut,
    AgendaItemPatch,
    AgendaMove,
    AgendaOut,
    AttendanceIn,
    AttendanceList,
    DecisionCreate,
    DecisionList,
    DecisionOut,
    DecisionPage,
    DecisionSource,
    MaterialCreate,
    MaterialList,
    MaterialOut,
    MeetingCreate,
    MeetingKind,
    MeetingOut,
    MeetingPage,
    MeetingPatch,
    MeetingStatus,
    MinutesApprove,
    MinutesDraft,
    MinutesOut,
)
from secretariat.api.teams import person_ref, team_of
from secretariat.api.tracker import (
    IF_MATCH,
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    etag,
    expected_version,
)
from secretariat.core.permissions import Action
from secretariat.core.visibility import Access, access_for
from secretariat.meetings import queries, services
from secretariat.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Material,
    Meeting,
    Minutes,
)
from secretariat.meetings.queries import AgendaNode
from secretariat.teams.models import Person, Team
from secretariat.teams.queries import resolve_owner_names, roster

router = Router(tags=["meetings"])

MEETINGS = Ordering(
    "meetings",
    (
        Key("starts_at", descending=True, nulls_last=True),
        Key("number", descending=True, nulls_last=True),
        Key("id", descending=True),
    ),
)
DECISIONS = Ordering(
    "decisions", (Key("decided_on", descending=True), Key("number", descending=True))
)
AGENDA_ERRORS = {**WRITE_ERRORS, **dict.fromkeys((412, 428), VERSIONED_ERRORS[412])}
_ETAG_TEXT = re.compile(r'^\s*(?:W/)?"?([0-9a-f]{1,64})"?\s*$')
MAX_NUMBER = 2**62


# Filters --------------------------------------------------------------------------------------


class MeetingFilters(Input):
    """The meetings screen's filters, and a date range."""

    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    since: dt.date | None = Field(None, description="Meetings starting on or after this day.")
    until: dt.date | None = Field(None, description="Meetings starting on or before this day.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


class DecisionFilters(Input):
    """The decisions screen's filters."""

    source: DecisionSource | None = None
    since: dt.date | None = Field(None, description="Decided on or after this day.")
    until: dt.date | None = Field(None, description="Decided on or before this day.")
    q: str | None = Field(None, max_length=200, description="Text in the decision.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


# Output ---------------------------------------------------------------------------------------


def agenda_etag(item: AgendaItem) -> str:
    """An agenda item has no version: its ETag is a digest of what an edit can change."""
    state = [
        item.title,
        item.presenter_id,
        item.presenter_text,
        item.minutes,
        item.notes,
        item.links,
        item.reached,
        item.standing,
        item.parent_id,
        item.position,
    ]
    digest = hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()
    return f'"{digest[:20]}"'


def agenda_out(node: AgendaNode) -> dict[str, Any]:
    item = node.item
    return {
        "id": item.pk,
        "label": node.label,
        "title": item.title,
        "parent": item.parent_id,
        "position": item.position,
        "presenter": person_ref(item.presenter) if item.presenter else None,
        "presenter_text": item.presenter_text,
        "minutes": item.minutes,
        "notes": item.notes,
        "links": item.link_list,
        "reached": item.reached,
        "standing": item.standing,
        "etag": agenda_etag(item),
        "children": [agenda_out(child) for child in node.children],
    }


def meeting_summary(meeting: Meeting, access: Access) -> dict[str, Any]:
    """A meeting without its agenda; needs visible_meetings' counts and `previous` loaded."""
    previous = meeting.previous
    return {
        "number": meeting.number,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "status": meeting.status,
        # The previous meeting's number only if the caller may read that meeting too.
        "previous": (
            previous.number
            if previous is not None and access.can_read(previous.visibility, named=False)
            else None
        ),
        "visibility": meeting.visibility,
        "visibility_reason": meeting.visibility_reason,
        "attendance_counts": {
            role: getattr(meeting, f"n_{role}", 0) for role in Attendance.Role.values
        },
        "version": meeting.version,
        "created_at": meeting.created_at,
        "html_url": (
            reverse("meetings:detail", args=[meeting.team.slug, meeting.number])
            if meeting.number is not None
            else ""
        ),
    }


def meeting_out(meeting: Meeting, access: Access) -> dict[str, Any]:
    return {
        **meeting_summary(meeting, access),
        "agenda": [agenda_out(node) for node in queries.agenda_tree(meeting)],
    }


def material_out(material: Material, team: Team) -> dict[str, Any]:
    meeting = material.meeting
    return {
        "id": material.pk,
        "kind": material.kind,
        "title": material.title,
        "url": material.url or None,
        "file_url": (
            reverse("meetings:material", args=[team.slug, meeting.number, material.pk])
            if material.file and meeting.number is not None
            else None
        ),
        "visibility": material.visibility,
        "created_at": material.created_at,
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    meeting = decision.meeting
    return {
        "number": decision.number,
        "text": decision.text,
        "decided_on": decision.decided_on,
        "source": decision.source,
        "meeting": meeting.number if meeting is not None else None,
        "source_text": decision.source_text,
        "visibility": decision.visibility,
        "visibility_reason": decision.visibility_reason,
        "version": decision.version,
        "created_at": decision.created_at,
    }


def minutes_out(minutes: Minutes, meeting: Meeting, access: Access) -> dict[str, Any]:
    approved_at = minutes.approved_at
    return {
        "meeting": meeting.number,
        "text": minutes.text,
        "status": minutes.status,
        # The approving meeting's number only if the caller may read that meeting too.
        "approved_at": (
            approved_at.number
            if approved_at is not None and access.can_read(approved_at.visibility, named=False)
            else None
        ),
        "drafted_text": minutes.drafted_text,
        "version": minutes.version,
        "updated_at": minutes.updated_at,
    }


def attendance_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """Who was there, as what: by role (in the model's order), then by name."""
    grouped = queries.attendance_by_role(meeting)
    return [
        {"person": person_ref(person), "role": role}
        for role in Attendance.Role.values
        for person in grouped[role]
    ]


# Lookups --------------------------------------------------------------------------------------


def _number(number: int) -> int:
    if number < 1 or number > MAX_NUMBER:
        raise Http404
    return number


def _meeting(request: HttpRequest, slug: str, number: int) -> tuple[Team, Meeting]:
    """The meeting as the caller may read it (404 otherwise), with its attendance counts."""
    team = team_of(slug)
    user = caller_of(request).user
    meeting = (
        queries.visible_meetings(viewer=user, team=team)
        .filter(number=_number(number))
        .select_related("team", "previous")
        .first()
    )
    if meeting is None:
        raise Http404
    return team, meeting


def _named_meeting(user: User, team: Team, number: int, field: str) -> Meeting:
    """A meeting named in a body; one the caller cannot read is as unknown as a missing one."""
    found = queries.visible_meetings(viewer=user, team=team).filter(number=number).first()
    if found is None:
        raise ValidationError(
            {
                field: _("%(team)s has no meeting #%(number)s.")
                % {"team": team.slug, "number": number}
            }
        )
    return found


def _other_meeting(user: User, team: Team, number: int | None, field: str) -> Meeting | None:
    return None if number is None else _named_meeting(user, team, number, field)


def _decision(request: HttpRequest, slug: str, number: int) -> tuple[Team, Decision]:
    team = team_of(slug)
    user = caller_of(request).user
    decision = (
        queries.visible_decisions(viewer=user, team=team).filter(number=_number(number)).first()
    )
    if decision is None:
        raise Http404
    return team, decision


def _agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of this meeting's (readable) agenda, or 404."""
    if item_id < 1 or item_id > MAX_NUMBER:
        raise Http404
    for node in queries.flatten(queries.agenda_tree(meeting)):
        if node.item.pk == item_id:
            return node.item
    raise Http404


def _presenter(team: Team, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = roster(team).filter(pk=person_id).first()
    if person is None:
        raise ValidationError(
            {"presenter": _("Person %(id)s is not on this team's roster.") % {"id": person_id}}
        )
    return person


def _parent(meeting: Meeting, parent_id: int | None) -> AgendaItem | None:
    if parent_id is None:
        return None
    try:
        return _agenda_item(meeting, parent_id)
    except Http404:
        raise ValidationError(
            {"parent": _("Item %(id)s is not on this meeting's agenda.") % {"id": parent_id}}
        ) from None


def _links(links: list[str]) -> str:
    return "\n".join(link.strip() for link in links if link.strip())


def _reread(request: HttpRequest, slug: str, number: int) -> tuple[Team, Meeting]:
    return _meeting(request, slug, number)


# Meetings -------------------------------------------------------------------------------------


@router.get("/{slug}/meetings", response={200: MeetingPage, **READ_ERRORS}, summary="List meetings")
def list_meetings(
    request: HttpRequest, slug: str, filters: Query[MeetingFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    meetings = queries.visible_meetings(viewer=user, team=team).select_related("team", "previous")
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.status:
        meetings = meetings.filter(status=filters.status)
    if filters.since:
        meetings = meetings.filter(starts_at__date__gte=filters.since)
    if filters.until:
        meetings = meetings.filter(starts_at__date__lte=filters.until)
    page = paginate(meetings, ordering=MEETINGS, cursor=filters.cursor, limit=filters.limit)
    access = access_for(user, team)
    return {
        "items": [meeting_summary(m, access) for m in page.rows],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/{slug}/meetings", response={201: MeetingOut, **WRITE_ERRORS}, summary="Create a meeting"
)
def create_meeting(
    request: HttpRequest, slug: str, payload: MeetingCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    values = payload.model_dump()
    values["previous"] = _other_meeting(user, team, payload.previous, "previous")
    created = services.create_meeting(team=team, by=user, **values)
    _team, meeting = _reread(request, slug, created.number or 0)  # new meetings are numbered
    response["ETag"] = etag(meeting)
    response["Location"] = f"/api/v1/teams/{team.slug}/meetings/{meeting.number}"
    return Status(201, meeting_out(meeting, access_for(user, team)))


@router.get(
    "/{slug}/meetings/{number}",
    response={200: MeetingOut, **READ_ERRORS},
    summary="Read a meeting with its agenda (ETag: its version)",
)
def get_meeting(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    team, meeting = _meeting(request, slug, number)
    response["ETag"] = etag(meeting)
    return meeting_out(meeting, access_for(caller_of(request).user, team))


@router.patch(
    "/{slug}/meetings/{number}",
    response={200: MeetingOut, **VERSIONED_ERRORS},
    summary="Change some fields of a meeting (If-Match required)",
)
def update_meeting(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: MeetingPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("place", "visibility_reason"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("title", "number", "kind", "status", "visibility", "duration_minutes"):
        if name in changes and changes[name] is None:
            del changes[name]
    updated = services.update_meeting(
        meeting=meeting, by=user, expected_version=version, changes=changes
    )
    team, meeting = _reread(request, slug, updated.number or 0)  # PATCH never unnumbers
    response["ETag"] = etag(meeting)
    return meeting_out(meeting, access_for(user, team))


# The agenda -----------------------------------------------------------------------------------


@router.get(
    "/{slug}/meetings/{number}/agenda",
    response={200: AgendaOut, **READ_ERRORS},
    summary="A meeting's agenda, as a tree",
)
def get_agenda(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    _team, meeting = _meeting(request, slug, number)
    return {"items": [agenda_out(node) for node in queries.agenda_tree(meeting)]}


def _node_of(meeting: Meeting, item_id: int) -> dict[str, Any]:
    """The item as it now stands in the agenda (label and sub-items included)."""
    for node in queries.flatten(queries.agenda_tree(meeting)):
        if node.item.pk == item_id:
            return agenda_out(node)
    raise Http404  # pragma: no cover - the item was just written


@router.post(
    "/{slug}/meetings/{number}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Add an agenda item (at the end of the top level, or under `parent`)",
)
def add_agenda_item(
    request: HttpRequest, slug: str, number: int, payload: AgendaItemCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    item = services.add_agenda_item(
        meeting=meeting,
        by=user,
        title=payload.title,
        parent=_parent(meeting, payload.parent),
        presenter=_presenter(team, payload.presenter),
        presenter_text=payload.presenter_text,
        minutes=payload.minutes,
        notes=payload.notes,
        links=_links(payload.links),
        standing=payload.standing,
    )
    out = _node_of(meeting, item.pk)
    response["ETag"] = out["etag"]
    return Status(201, out)


def _expected_etag(header: str | None) -> str:
    if header is None or not header.strip():
        raise ApiProblem(
            428,
            _("Send If-Match with the agenda item's etag, as you read it."),
        )
    match = _ETAG_TEXT.match(header.split(",")[0])
    return f'"{match.group(1)}"' if match else ""


@router.patch(
    "/{slug}/meetings/{number}/agenda/{item_id}",
    response={200: AgendaItemOut, **AGENDA_ERRORS},
    summary="Change some fields of an agenda item (If-Match: the item's etag)",
)
def update_agenda_item(
    request: HttpRequest,
    slug: str,
    number: int,
    item_id: int,
    payload: AgendaItemPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    item = _agenda_item(meeting, item_id)
    refuse_unless(user, Action.EDIT, team, meeting)
    wanted = _expected_etag(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("presenter_text", "notes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("title", "reached", "standing"):
        if name in changes and changes[name] is None:
            del changes[name]
    if "links" in changes:
        changes["links"] = _links(payload.links or [])
    if "presenter" in changes:
        changes["presenter"] = _presenter(team, payload.presenter)
    with transaction.atomic():
        # Lock in the services' order (meeting, then item), so the comparison holds until
        # the change is written.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        now = agenda_etag(current)
        if wanted != now:
            raise ApiProblem(
                412,
                _("The agenda item changed since you read it; read it again and re-apply."),
                headers={"ETag": now},
                extra={"current_etag": now},
            )
        services.update_agenda_item(item=current, by=user, changes=changes)
    out = _node_of(meeting, item.pk)
    response["ETag"] = out["etag"]
    return out


@router.post(
    "/{slug}/meetings/{number}/agenda/{item_id}/move",
    response={200: AgendaOut, **WRITE_ERRORS},
    summary="Reorder the agenda: move an item up or down, or nest it elsewhere",
)
def move_agenda_item(
    request: HttpRequest, slug: str, number: int, item_id: int, payload: AgendaMove
) -> dict[str, Any]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    item = _agenda_item(meeting, item_id)
    refuse_unless(user, Action.EDIT, team, meeting)
    sent = payload.model_fields_set
    if payload.direction is not None:
        if sent & {"parent", "position"}:
            raise ValidationError(
                {"direction": _("Send either a direction or a parent and position, not both.")}
            )
        services.move_agenda_item(item=item, by=user, direction=payload.direction)
    elif sent & {"parent", "position"}:
        parent = _parent(meeting, payload.parent) if "parent" in sent else item.parent
        services.nest_agenda_item(item=item, by=user, parent=parent, position=payload.position)
    else:
        raise ValidationError({"direction": _("Send a direction, or a parent and/or position.")})
    return {"items": [agenda_out(node) for node in queries.agenda_tree(meeting)]}


@router.delete(
    "/{slug}/meetings/{number}/agenda/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take an item (and its sub-items) off the agenda; it is kept, marked removed",
)
def remove_agenda_item(request: HttpRequest, slug: str, number: int, item_id: int) -> Status[None]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    item = _agenda_item(meeting, item_id)
    refuse_unless(user, Action.EDIT, team, meeting)
    services.remove_agenda_item(item=item, by=user)
    return Status(204, None)


# Attendance -----------------------------------------------------------------------------------


@router.get(
    "/{slug}/meetings/{number}/attendance",
    response={200: AttendanceList, **READ_ERRORS},
    summary="Who attended, as what (or sent apologies)",
)
def get_attendance(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    _team, meeting = _meeting(request, slug, number)
    return {"items": attendance_rows(meeting)}


def _attendees(team: Team, payload: AttendanceIn) -> dict[Person, str | None]:
    """Each entry's person, by id or by name; one 422 on `attendance` naming every miss."""
    ids = {e.person for e in payload.attendance if isinstance(e.person, int)}
    people = {p.pk: p for p in roster(team).filter(pk__in=ids)} if ids else {}
    roles: dict[Person, str | None] = {}
    problems: list[str] = []
    for entry in payload.attendance:
        person: Person | None = None
        if isinstance(entry.person, int):
            person = people.get(entry.person)
            if person is None:
                problems.append(
                    _("Person %(id)s is not on the team's roster; add them to the team first.")
                    % {"id": entry.person}
                )
        else:
            try:
                found = resolve_owner_names(team=team, names=[entry.person], field="attendance")
            except ValidationError as exc:
                problems.extend(exc.message_dict["attendance"])
                continue
            if found and isinstance(found[0], Person):
                person = found[0]
            else:
                problems.append(
                    _("%(name)s is a group; record each person.") % {"name": entry.person}
                )
        if person is not None:
            if person in roles and roles[person] != entry.role:
                problems.append(_("%(name)s is listed twice.") % {"name": person.name})
            roles[person] = entry.role
    if problems:
        raise ValidationError({"attendance": problems})
    return roles


@router.post(
    "/{slug}/meetings/{number}/attendance",
    response={200: AttendanceList, **WRITE_ERRORS},
    summary="Record attendance for the roster in one call (people left out are unchanged)",
)
def record_attendance(
    request: HttpRequest, slug: str, number: int, payload: AttendanceIn
) -> dict[str, Any]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    services.record_attendance(meeting=meeting, by=user, roles=_attendees(team, payload))
    return {"items": attendance_rows(meeting)}


# Materials ------------------------------------------------------------------------------------


@router.get(
    "/{slug}/meetings/{number}/materials",
    response={200: MaterialList, **READ_ERRORS},
    summary="A meeting's materials (links and uploaded files) that you may see",
)
def list_materials(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    team, meeting = _meeting(request, slug, number)
    materials = queries.visible_materials(viewer=caller_of(request).user, meeting=meeting)
    return {"items": [material_out(m, team) for m in materials.select_related("meeting")]}


@router.post(
    "/{slug}/meetings/{number}/materials",
    response={201: MaterialOut, **WRITE_ERRORS},
    summary="Add a link to a meeting (slides, recording, transcript…); files are uploaded on the site",
)
def add_material(
    request: HttpRequest, slug: str, number: int, payload: MaterialCreate
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    material = services.add_material(
        meeting=meeting,
        by=user,
        kind=payload.kind,
        title=payload.title,
        url=payload.url,
        visibility=payload.visibility,
    )
    return Status(201, material_out(material, team))


# Minutes --------------------------------------------------------------------------------------


def _minutes(meeting: Meeting) -> Minutes:
    minutes = queries.minutes_of(meeting)
    if minutes is None:
        raise Http404
    return minutes


@router.get(
    "/{slug}/meetings/{number}/minutes",
    response={200: MinutesOut, **READ_ERRORS},
    summary="A meeting's minutes (ETag: their version); 404 if none were written",
)
def get_minutes(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    team, meeting = _meeting(request, slug, number)
    minutes = _minutes(meeting)
    response["ETag"] = etag(minutes)
    return minutes_out(minutes, meeting, access_for(caller_of(request).user, team))


@router.put(
    "/{slug}/meetings/{number}/minutes",
    response={200: MinutesOut, 201: MinutesOut, **VERSIONED_ERRORS},
    summary="Save the draft minutes (If-Match required once a draft exists)",
)
def save_minutes(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: MinutesDraft,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    existing = queries.minutes_of(meeting)
    version = expected_version(if_match) if existing is not None else None
    minutes = services.save_minutes_draft(
        meeting=meeting, by=user, text=payload.text, expected_version=version
    )
    minutes = _minutes(meeting)
    response["ETag"] = etag(minutes)
    out = minutes_out(minutes, meeting, access_for(user, team))
    return Status(201 if existing is None else 200, out)


@router.post(
    "/{slug}/meetings/{number}/minutes/approve",
    response={200: MinutesOut, **VERSIONED_ERRORS},
    summary="Approve the minutes at a later meeting, amended or as drafted (If-Match required)",
)
def approve_minutes(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: MinutesApprove,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, meeting = _meeting(request, slug, number)
    refuse_unless(user, Action.EDIT, team, meeting)
    minutes = _minutes(meeting)
    version = expected_version(if_match)
    at_meeting = _named_meeting(user, team, payload.at_meeting, "at_meeting")
    services.approve_minutes(
        minutes=minutes,
        by=user,
        at_meeting=at_meeting,
        text=payload.text,
        expected_version=version,
    )
    minutes = _minutes(meeting)
    response["ETag"] = etag(minutes)
    return minutes_out(minutes, meeting, access_for(user, team))


# Decisions ------------------------------------------------------------------------------------


@router.get(
    "/{slug}/meetings/{number}/decisions",
    response={200: DecisionList, **READ_ERRORS},
    summary="The decisions a meeting reached that you may see",
)
def meeting_decisions(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    _team, meeting = _meeting(request, slug, number)
    user = caller_of(request).user
    decisions = queries.meeting_decisions(viewer=user, meeting=meeting)
    return {"items": [decision_out(d) for d in decisions]}


@router.get(
    "/{slug}/decisions", response={200: DecisionPage, **READ_ERRORS}, summary="List decisions"
)
def list_decisions(
    request: HttpRequest, slug: str, filters: Query[DecisionFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    decisions = queries.filter_decisions(
        queries.visible_decisions(viewer=user, team=team),
        source=filters.source or "",
        since=filters.since,
        until=filters.until,
        text=filters.q or "",
    )
    page = paginate(decisions, ordering=DECISIONS, cursor=filters.cursor, limit=filters.limit)
    return {"items": [decision_out(d) for d in page.rows], "next_cursor": page.next_cursor}


@router.post(
    "/{slug}/decisions", response={201: DecisionOut, **WRITE_ERRORS}, summary="Record a decision"
)
def create_decision(
    request: HttpRequest, slug: str, payload: DecisionCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    values = payload.model_dump()
    values["meeting"] = _other_meeting(user, team, payload.meeting, "meeting")
    created = services.record_decision(team=team, by=user, **values)
    _team, decision = _decision(request, slug, created.number)
    response["ETag"] = etag(decision)
    response["Location"] = f"/api/v1/teams/{team.slug}/decisions/{decision.number}"
    return Status(201, decision_out(decision))


@router.get(
    "/{slug}/decisions/{number}",
    response={200: DecisionOut, **READ_ERRORS},
    summary="Read a decision (ETag: its version)",
)
def get_decision(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    _team, decision = _decision(request, slug, number)
    response["ETag"] = etag(decision)
    return decision_out(decision)
