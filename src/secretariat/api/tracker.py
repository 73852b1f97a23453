"""Action items: list (the staff screen's filters), read, create, edit, complete, merge, notes,
history. Reads go through tracker.queries, writes through tracker.services, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, Protocol

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from pydantic import Field

from secretariat.api.auth import caller_of, refuse_unless, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.problems import ApiProblem
from secretariat.api.schemas import (
    ActionItemCreate,
    ActionItemOut,
    ActionItemPage,
    ActionItemPatch,
    CompleteIn,
    GroupOwnerRef,
    HistoryPage,
    Input,
    MergeIn,
    NoteIn,
    NoteOut,
    NotePage,
    OwnerEntry,
    PersonOwnerRef,
    Problem,
)
from secretariat.api.teams import PageParams, person_ref, team_of
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.core.permissions import Action
from secretariat.core.visibility import access_for
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import groups_of, resolve_owner_names, roster
from secretariat.tracker import queries, services
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote

router = Router(tags=["action items"])

READ_ERRORS: dict[int, type[Problem]] = dict.fromkeys((401, 404, 422, 429), Problem)
WRITE_ERRORS: dict[int, type[Problem]] = dict.fromkeys((400, 401, 403, 404, 413, 422, 429), Problem)
VERSIONED_ERRORS: dict[int, type[Problem]] = {**WRITE_ERRORS, 412: Problem, 428: Problem}

# The keyset orderings of tracker.queries.SORTS, key for key (a test keeps them in step).
ORDERINGS: dict[str, Ordering] = {
    "number": Ordering("number", (Key("number"),)),
    "-number": Ordering("-number", (Key("number", descending=True),)),
    "due": Ordering("due", (Key("due_on", nulls_last=True), Key("number"))),
    "-due": Ordering(
        "-due", (Key("due_on", descending=True, nulls_last=True), Key("number", descending=True))
    ),
    "requested": Ordering("requested", (Key("requested_on", nulls_last=True), Key("number"))),
    "-requested": Ordering(
        "-requested",
        (Key("requested_on", descending=True, nulls_last=True), Key("number", descending=True)),
    ),
    "status": Ordering("status", (Key("status"), Key("number", descending=True))),
    "category": Ordering("category", (Key("category"), Key("number", descending=True))),
}
NOTES = Ordering("notes", (Key("noted_on"), Key("created_at"), Key("id")))
HISTORY = Ordering("history", (Key("created_at"), Key("id")))

SortValue = Literal[
    "number", "-number", "due", "-due", "requested", "-requested", "status", "category"
]
StatusFilter = Literal["active", "all", "open", "in_progress", "done", "dropped", "merged"]
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


class ActionFilters(Input):
    """The list screen's filters."""

    status: list[StatusFilter] = Field(
        default_factory=list,
        description="Repeat for several; `active` is open or in progress; none or `all`: every status.",
    )
    owner: str | None = Field(
        None, pattern=r"^(person|group):\d{1,18}$", description="person:<id> or group:<id>"
    )
    mine: bool = Field(False, description="Items the caller owns, directly or through a group.")
    category: str | None = Field(None, max_length=80)
    topic: str | None = Field(None, max_length=200)
    overdue: bool = False
    due_before: dt.date | None = None
    q: str | None = Field(None, max_length=200, description="Text, or an item number (#365).")
    sort: SortValue = "-number"
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)

    def to_filters(self) -> queries.TrackerFilters:
        statuses: list[str] = []
        for value in self.status:
            if value == "all":
                return self._with([])
            if value == "active":
                statuses.extend(str(s) for s in ActionItem.ACTIVE_STATUSES)
            else:
                statuses.append(value)
        return self._with(sorted(set(statuses)))

    def _with(self, statuses: list[str]) -> queries.TrackerFilters:
        return queries.TrackerFilters(
            statuses=statuses,
            owner=self.owner or "",
            mine=self.mine,
            category=self.category or "",
            topic=self.topic or "",
            overdue=self.overdue,
            due_before=self.due_before,
            text=self.q or "",
            sort=self.sort,
        )


# Output --------------------------------------------------------------------------------------


def owner_out(link: Any) -> dict[str, Any]:
    if link.person_id:
        return {"type": "person", "id": link.person_id, "name": link.person.name}
    return {"type": "group", "id": link.group_id, "name": link.group.name}


def item_url_prefix(team: Team) -> str:
    """The start of every item page's address in this team: the page is prefix + "<number>/"."""
    return reverse("tracker:list", args=[team.slug])


def item_out(item: ActionItem, team: Team) -> dict[str, Any]:
    """An item as the API shows it; owners, source meeting and merge target come prefetched."""
    return {
        "number": item.number,
        "text": item.text,
        "owners": [owner_out(link) for link in item.owners.all()],
        "category": item.category,
        "topic": item.topic,
        "status": item.status,
        "source_meeting": item.source_meeting.number if item.source_meeting else None,
        "source_text": item.source_text,
        "requested_on": item.requested_on,
        "due_on": item.due_on,
        "due_text": item.due_text,
        "completed_response": item.completed_response,
        "completed_on": item.completed_on,
        "merged_into": item.merged_into.number if item.merged_into else None,
        "visibility": item.visibility,
        "visibility_reason": item.visibility_reason,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "html_url": f"{item_url_prefix(team)}{item.number}/",
    }


# The columns of a listed item (item_rows_out): the item's own fields and the numbers of its
# source meeting and merge target, read in the list's one query as plain values.
ITEM_COLUMNS = (
    "pk",
    "number",
    "text",
    "category",
    "topic",
    "status",
    "source_meeting__number",
    "source_text",
    "requested_on",
    "due_on",
    "due_text",
    "completed_response",
    "completed_on",
    "merged_into__number",
    "visibility",
    "visibility_reason",
    "version",
    "created_at",
    "updated_at",
)


def item_rows_out(rows: list[dict[str, Any]], team: Team) -> list[dict[str, Any]]:
    """Listed items (rows of ITEM_COLUMNS) as the API shows them, the same as item_out, with
    their owners read in one query and no model instances built."""
    owners: dict[int, list[dict[str, Any]]] = {row["pk"]: [] for row in rows}
    links = (
        ActionItemOwner.objects.filter(item_id__in=list(owners))
        .order_by("item_id", "position")
        .values_list("item_id", "person_id", "person__name", "group_id", "group__name")
    )
    for item_id, person_id, person_name, group_id, group_name in links:
        owners[item_id].append(
            {"type": "person", "id": person_id, "name": person_name}
            if person_id
            else {"type": "group", "id": group_id, "name": group_name}
        )
    prefix = item_url_prefix(team)
    return [
        {
            "number": row["number"],
            "text": row["text"],
            "owners": owners[row["pk"]],
            "category": row["category"],
            "topic": row["topic"],
            "status": row["status"],
            "source_meeting": row["source_meeting__number"],
            "source_text": row["source_text"],
            "requested_on": row["requested_on"],
            "due_on": row["due_on"],
            "due_text": row["due_text"],
            "completed_response": row["completed_response"],
            "completed_on": row["completed_on"],
            "merged_into": row["merged_into__number"],
            "visibility": row["visibility"],
            "visibility_reason": row["visibility_reason"],
            "version": row["version"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "html_url": f"{prefix}{row['number']}/",
        }
        for row in rows
    ]


def note_out(note: ProgressNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "noted_on": note.noted_on,
        "text": note.text,
        "author": person_ref(note.author) if note.author else None,
        "visibility": note.visibility,
        "created_at": note.created_at,
    }


def history_out(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "version": entry.version,
        "action": entry.action,
        "actor": entry.actor_name,
        "changes": entry.changes,
        "created_at": entry.created_at,
    }


def history_page(
    entries: QuerySet[HistoryEntry],
    page: PageParams,
    *,
    readable: Callable[[list[HistoryEntry]], list[HistoryEntry]] | None = None,
) -> dict[str, Any]:
    """One page of a record's history as every history endpoint answers it; `readable`
    rewrites the page's entries first where a record's app hides some of what they name."""
    result = paginate(entries, ordering=HISTORY, cursor=page.cursor, limit=page.limit)
    rows = readable(result.rows) if readable else result.rows
    return {"items": [history_out(e) for e in rows], "next_cursor": result.next_cursor}


class Versioned(Protocol):
    version: int


def etag(record: Versioned) -> str:
    """The ETag of any record that carries a version (the If-Match a write must send back)."""
    return f'"{record.version}"'


# Input ---------------------------------------------------------------------------------------


IF_MATCH = Header(
    None,
    alias="If-Match",
    description='The ETag of the version you read, e.g. "7". Required.',
    max_length=200,
)


def expected_version(header: str | None) -> int:
    """The version named by If-Match: 428 without one; an unreadable one never matches (412)."""
    if header is None or not header.strip():
        raise ApiProblem(
            428,
            _('Send If-Match with the ETag of the item you read, e.g. If-Match: "7".'),
        )
    match = _ETAG.match(header.split(",")[0])
    # 0 is never a version, so the service refuses it as stale and reports the current one.
    return int(match.group(1)) if match else 0


def resolve_owners(team: Team, entries: Sequence[OwnerEntry]) -> list[Person | Group]:
    """Owners given by name, {"person": id} or {"group": id}, in order; one 422 naming every miss."""
    owners: list[Person | Group] = []
    problems: list[str] = []
    people = (
        {p.pk: p for p in roster(team)}
        if any(isinstance(e, PersonOwnerRef) for e in entries)
        else {}
    )
    groups = (
        {g.pk: g for g in groups_of(team)}
        if any(isinstance(e, GroupOwnerRef) for e in entries)
        else {}
    )
    for entry in entries:
        if isinstance(entry, PersonOwnerRef):
            if entry.person in people:
                owners.append(people[entry.person])
            else:
                problems.append(_("Person %(id)s is not on this team.") % {"id": entry.person})
        elif isinstance(entry, GroupOwnerRef):
            if entry.group in groups:
                owners.append(groups[entry.group])
            else:
                problems.append(
                    _("Group %(id)s is not a group of this team.") % {"id": entry.group}
                )
        else:
            try:
                owners.extend(resolve_owner_names(team=team, names=[entry]))
            except ValidationError as exc:
                problems.extend(exc.message_dict["owners"])
    if problems:
        raise ValidationError({"owners": " ".join(problems)})
    return owners


def source_meeting(team: Team, number: int | None) -> Meeting | None:
    if number is None:
        return None
    meeting = Meeting.objects.filter(team=team, number=number).first()
    if meeting is None:
        raise ValidationError(
            {
                "source_meeting": _("%(team)s has no meeting #%(number)s.")
                % {"team": team.slug, "number": number}
            }
        )
    return meeting


def require_reason(visibility: str, reason: str) -> None:
    """As on the screens: a restricted item says why, and the public sees the reason."""
    if visibility == Visibility.RESTRICTED and not reason.strip():
        raise ValidationError(
            {"visibility_reason": _("Say why the item is restricted; the public sees this reason.")}
        )


def _item(request: HttpRequest, slug: str, number: int) -> tuple[Team, ActionItem]:
    team = team_of(slug)
    if number < 1 or number > 2**62:
        raise Http404
    user = caller_of(request).user
    return team, queries.get_action_item(viewer=user, team=team, number=number)


def _reread(user: User, team: Team, number: int) -> ActionItem:
    """The item after a write, as the writer may now see it (with owners prefetched)."""
    return queries.get_action_item(viewer=user, team=team, number=number)


# Routes --------------------------------------------------------------------------------------


@router.get(
    "/{slug}/actions", response={200: ActionItemPage, **READ_ERRORS}, summary="List action items"
)
def list_items(request: HttpRequest, slug: str, filters: Query[ActionFilters]) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    visible = queries.visible_action_items(viewer=user, team=team)
    matching = queries.filter_action_items(
        visible, filters=filters.to_filters(), access=access_for(user, team)
    )
    # Plain values rather than model instances: owners, meeting and merge target are read by
    # item_rows_out (the owners' prefetch of the instances is not needed).
    rows = matching.prefetch_related(None).values(*ITEM_COLUMNS)
    page = paginate(
        rows, ordering=ORDERINGS[filters.sort], cursor=filters.cursor, limit=filters.limit
    )
    return {"items": item_rows_out(page.rows, team), "next_cursor": page.next_cursor}


@router.post(
    "/{slug}/actions",
    response={201: ActionItemOut, **WRITE_ERRORS},
    summary="Create an action item",
)
def create_item(
    request: HttpRequest, slug: str, payload: ActionItemCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    values = payload.model_dump()
    values["owners"] = resolve_owners(team, payload.owners)
    values["source_meeting"] = source_meeting(team, payload.source_meeting)
    require_reason(payload.visibility, payload.visibility_reason)
    created = services.create_action_item(team=team, by=user, **values)
    item = _reread(user, team, created.number)
    response["ETag"] = etag(item)
    response["Location"] = f"/api/v1/teams/{team.slug}/actions/{item.number}"
    return Status(201, item_out(item, team))


@router.get(
    "/{slug}/actions/{number}",
    response={200: ActionItemOut, **READ_ERRORS},
    summary="Read an action item (ETag: its version)",
)
def get_item(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    team, item = _item(request, slug, number)
    response["ETag"] = etag(item)
    return item_out(item, team)


@router.patch(
    "/{slug}/actions/{number}",
    response={200: ActionItemOut, **VERSIONED_ERRORS},
    summary="Change some fields of an action item (If-Match required)",
)
def update_item(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: ActionItemPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, item = _item(request, slug, number)
    refuse_unless(user, Action.EDIT, team, item)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("text", "category", "topic", "source_text", "due_text", "visibility_reason"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("status", "visibility"):
        if name in changes and changes[name] is None:
            del changes[name]
    if "owners" in changes:
        changes["owners"] = resolve_owners(team, payload.owners or [])
    if "source_meeting" in changes:
        changes["source_meeting"] = source_meeting(team, payload.source_meeting)
    require_reason(
        changes.get("visibility", item.visibility),
        changes.get("visibility_reason", item.visibility_reason),
    )
    services.update_action_item(item=item, by=user, expected_version=version, changes=changes)
    item = _reread(user, team, number)
    response["ETag"] = etag(item)
    return item_out(item, team)


@router.post(
    "/{slug}/actions/{number}/complete",
    response={200: ActionItemOut, **VERSIONED_ERRORS},
    summary="Complete an action item (If-Match required)",
)
def complete_item(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: CompleteIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, item = _item(request, slug, number)
    refuse_unless(user, Action.COMPLETE, team, item)
    version = expected_version(if_match)
    services.complete_action_item(
        item=item,
        by=user,
        expected_version=version,
        response=payload.completed_response,
        completed_on=payload.completed_on,
    )
    item = _reread(user, team, number)
    response["ETag"] = etag(item)
    return item_out(item, team)


@router.post(
    "/{slug}/actions/{number}/merge",
    response={200: ActionItemOut, **VERSIONED_ERRORS},
    summary="Merge an action item into another (If-Match required)",
)
def merge_item(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: MergeIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, item = _item(request, slug, number)
    refuse_unless(user, Action.MERGE, team, item)
    version = expected_version(if_match)
    try:
        target = queries.get_action_item(viewer=user, team=team, number=payload.into)
    except Http404:
        raise ValidationError(
            {
                "into": _("%(team)s has no item #%(number)s.")
                % {"team": team.slug, "number": payload.into}
            }
        ) from None
    services.merge_action_item(item=item, into=target, by=user, expected_version=version)
    item = _reread(user, team, number)
    response["ETag"] = etag(item)
    return item_out(item, team)


@router.get(
    "/{slug}/actions/{number}/notes",
    response={200: NotePage, **READ_ERRORS},
    summary="List an action item's progress notes",
)
def list_notes(
    request: HttpRequest, slug: str, number: int, page: Query[PageParams]
) -> dict[str, Any]:
    _team, item = _item(request, slug, number)
    notes = queries.visible_notes(viewer=caller_of(request).user, item=item)
    result = paginate(notes, ordering=NOTES, cursor=page.cursor, limit=page.limit)
    return {"items": [note_out(n) for n in result.rows], "next_cursor": result.next_cursor}


@router.post(
    "/{slug}/actions/{number}/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    summary="Add a progress note (no If-Match needed: notes never overwrite anything)",
)
def add_note(
    request: HttpRequest, slug: str, number: int, payload: NoteIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, item = _item(request, slug, number)
    refuse_unless(user, Action.ADD_NOTE, team, item)
    note = services.add_progress_note(
        item=item,
        by=user,
        text=payload.text,
        noted_on=payload.noted_on,
        visibility=payload.visibility,
    )
    response["ETag"] = etag(item)
    return Status(201, note_out(note))


@router.get(
    "/{slug}/actions/{number}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="An action item's history",
)
def list_history(
    request: HttpRequest, slug: str, number: int, page: Query[PageParams]
) -> dict[str, Any]:
    _team, item = _item(request, slug, number)
    return history_page(queries.visible_history(viewer=caller_of(request).user, item=item), page)
