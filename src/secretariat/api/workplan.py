"""Milestones of the work plan: list (by workstream and date), read, create, edit, and set a
milestone's status.

Reads go through workplan.queries (a milestone is read like an action item; what it depends on
and links to is shown only where the caller may read that too), writes through
workplan.services (staff and chairs plan). Edits and status changes need If-Match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from secretariat.api.auth import caller_of, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.problems import ApiProblem
from secretariat.api.schemas import HistoryPage, Input
from secretariat.api.schemas_events import (
    MilestoneCreate,
    MilestoneOut,
    MilestonePage,
    MilestonePatch,
    MilestoneStatus,
    MilestoneStatusIn,
)
from secretariat.api.schemas_requests import Day
from secretariat.api.teams import PageParams, team_of
from secretariat.api.tracker import (
    IF_MATCH,
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    etag,
    expected_version,
    history_page,
    owner_out,
    resolve_owners,
)
from secretariat.meetings.models import Meeting
from secretariat.meetings.queries import visible_meetings
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items
from secretariat.workplan import queries, services
from secretariat.workplan.models import Milestone

router = Router(tags=["work plan"])

MAX_ID = 2**62
MILESTONES = Ordering(
    "milestones",
    (Key("workstream"), Key("start_on", nulls_last=True), Key("end_on"), Key("id")),
)
PENDING = (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS, Milestone.Status.LATE)


class MilestoneFilters(Input):
    """The work plan's groupings, and what the progress report asks: what is overdue."""

    workstream: str | None = Field(None, max_length=200, description="Exactly this workstream.")
    status: list[MilestoneStatus] = Field(default_factory=list, description="Repeat for several.")
    overdue: bool = Field(False, description="Not done nor dropped, and past its end.")
    since: Day | None = Field(None, description="Ending on or after this day.")
    until: Day | None = Field(None, description="Ending on or before this day.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


# Output ---------------------------------------------------------------------------------------


def milestone_out(milestone: Milestone, team: Team) -> dict[str, Any]:
    """A milestone; needs visible_milestones' prefetches (owners, visible dependencies/links)."""
    links = getattr(milestone, "visible_links", [])
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "workstream": milestone.workstream,
        "description": milestone.description,
        "start_on": milestone.start_on,
        "end_on": milestone.end_on,
        "key_date": milestone.is_key_date,
        "status": milestone.status,
        "reached_on": milestone.reached_on,
        "overdue": milestone.is_overdue(),
        "owners": [owner_out(link) for link in milestone.owners.all()],
        "depends_on": [
            {"id": other.pk, "title": other.title}
            for other in getattr(milestone, "visible_dependencies", [])
        ],
        "action_items": [link.action_item.number for link in links if link.action_item_id],
        "meetings": [
            link.meeting.number for link in links if link.meeting_id and link.meeting.number
        ],
        "visibility": milestone.visibility,
        "visibility_reason": milestone.visibility_reason,
        "version": milestone.version,
        "created_at": milestone.created_at,
        "updated_at": milestone.updated_at,
        "html_url": reverse("workplan:page", args=[team.slug]),
    }


# Lookups --------------------------------------------------------------------------------------


def _milestone(request: HttpRequest, slug: str, milestone_id: int) -> tuple[Team, Milestone]:
    team = team_of(slug)
    if milestone_id < 1 or milestone_id > MAX_ID:
        raise Http404
    user = caller_of(request).user
    return team, queries.get_milestone(viewer=user, team=team, pk=milestone_id)


def _refuse_unless_planner(user: User, team: Team, record: Milestone | None = None) -> None:
    if not services.can_plan(user, team, record):
        raise ApiProblem(403, _("Only staff and chairs change the work plan."))


def _all_of(
    found: QuerySet[Any], wanted: Sequence[int], key: str, field: str, label: str
) -> list[Any]:
    """The records named in a body, in its order; one 422 on `field` naming every miss."""
    if not wanted:
        return []
    by_key = {getattr(record, key): record for record in found}
    missing = [str(value) for value in wanted if value not in by_key]
    if missing:
        raise ValidationError(
            {field: _("Unknown %(what)s: %(list)s.") % {"what": label, "list": ", ".join(missing)}}
        )
    return [by_key[value] for value in dict.fromkeys(wanted)]


def _dependencies(user: User, team: Team, ids: Sequence[int]) -> list[Milestone]:
    found = queries.visible_milestones(viewer=user, team=team).filter(pk__in=ids) if ids else []
    return _all_of(found, ids, "pk", "depends_on", _("milestones"))  # type: ignore[arg-type]


def _items(user: User, team: Team, numbers: Sequence[int]) -> list[ActionItem]:
    found = visible_action_items(viewer=user, team=team).filter(number__in=numbers)
    return _all_of(found, numbers, "number", "action_items", _("action items"))


def _meetings(user: User, team: Team, numbers: Sequence[int]) -> list[Meeting]:
    found = visible_meetings(viewer=user, team=team).filter(number__in=numbers)
    return _all_of(found, numbers, "number", "meetings", _("meetings"))


# Routes ---------------------------------------------------------------------------------------


@router.get(
    "/{slug}/milestones",
    response={200: MilestonePage, **READ_ERRORS},
    summary="List the work plan's milestones, by workstream and date",
)
def list_milestones(
    request: HttpRequest, slug: str, filters: Query[MilestoneFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    milestones = queries.visible_milestones(viewer=caller_of(request).user, team=team)
    if filters.workstream is not None:
        milestones = milestones.filter(workstream=filters.workstream)
    if filters.status:
        milestones = milestones.filter(status__in=filters.status)
    if filters.overdue:
        milestones = milestones.filter(status__in=PENDING, end_on__lt=timezone.localdate())
    if filters.since:
        milestones = milestones.filter(end_on__gte=filters.since)
    if filters.until:
        milestones = milestones.filter(end_on__lte=filters.until)
    page = paginate(milestones, ordering=MILESTONES, cursor=filters.cursor, limit=filters.limit)
    return {"items": [milestone_out(m, team) for m in page.rows], "next_cursor": page.next_cursor}


@router.post(
    "/{slug}/milestones",
    response={201: MilestoneOut, **WRITE_ERRORS},
    summary="Add a milestone (a phase, or a key date with no start)",
)
def create_milestone(
    request: HttpRequest, slug: str, payload: MilestoneCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    _refuse_unless_planner(user, team)
    values = payload.model_dump()
    values["owners"] = resolve_owners(team, payload.owners)
    values["depends_on"] = _dependencies(user, team, payload.depends_on)
    values["action_items"] = _items(user, team, payload.action_items)
    values["meetings"] = _meetings(user, team, payload.meetings)
    created = services.create_milestone(team=team, by=user, **values)
    _team, milestone = _milestone(request, slug, created.pk)
    response["ETag"] = etag(milestone)
    response["Location"] = f"/api/v1/teams/{team.slug}/milestones/{milestone.pk}"
    return Status(201, milestone_out(milestone, team))


@router.get(
    "/{slug}/milestones/{milestone_id}",
    response={200: MilestoneOut, **READ_ERRORS},
    summary="Read a milestone (ETag: its version)",
)
def get_milestone(
    request: HttpRequest, slug: str, milestone_id: int, response: HttpResponse
) -> dict[str, Any]:
    team, milestone = _milestone(request, slug, milestone_id)
    response["ETag"] = etag(milestone)
    return milestone_out(milestone, team)


@router.get(
    "/{slug}/milestones/{milestone_id}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="A milestone's history, as far as you may see it",
)
def list_milestone_history(
    request: HttpRequest, slug: str, milestone_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    _team, milestone = _milestone(request, slug, milestone_id)
    entries = queries.milestone_history(viewer=caller_of(request).user, milestone=milestone)
    return history_page(entries, page)


def _apply(
    request: HttpRequest,
    slug: str,
    milestone_id: int,
    changes_for: Callable[[User, Team], dict[str, Any]],
    if_match: str | None,
    response: HttpResponse,
) -> dict[str, Any]:
    """Permission and If-Match first, then the body's records, then the service."""
    user = writer(request)
    team, milestone = _milestone(request, slug, milestone_id)
    _refuse_unless_planner(user, team, milestone)
    version = expected_version(if_match)
    services.update_milestone(
        milestone=milestone, by=user, expected_version=version, changes=changes_for(user, team)
    )
    team, milestone = _milestone(request, slug, milestone_id)
    response["ETag"] = etag(milestone)
    return milestone_out(milestone, team)


@router.patch(
    "/{slug}/milestones/{milestone_id}",
    response={200: MilestoneOut, **VERSIONED_ERRORS},
    summary="Change some fields of a milestone (If-Match required)",
)
def update_milestone(
    request: HttpRequest,
    slug: str,
    milestone_id: int,
    payload: MilestonePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:

    def changes_for(user: User, team: Team) -> dict[str, Any]:
        changes = payload.model_dump(exclude_unset=True)
        for name in ("workstream", "description", "visibility_reason"):
            if name in changes and changes[name] is None:
                changes[name] = ""
        for name in ("title", "end_on", "status", "visibility"):
            if name in changes and changes[name] is None:
                del changes[name]
        if "owners" in changes:
            changes["owners"] = resolve_owners(team, payload.owners or [])
        if "depends_on" in changes:
            changes["depends_on"] = _dependencies(user, team, payload.depends_on or [])
        if "action_items" in changes:
            changes["action_items"] = _items(user, team, payload.action_items or [])
        if "meetings" in changes:
            changes["meetings"] = _meetings(user, team, payload.meetings or [])
        return changes

    return _apply(request, slug, milestone_id, changes_for, if_match, response)


@router.post(
    "/{slug}/milestones/{milestone_id}/status",
    response={200: MilestoneOut, **VERSIONED_ERRORS},
    summary="Set a milestone's status (done: reached today unless `reached_on`; If-Match required)",
)
def set_milestone_status(
    request: HttpRequest,
    slug: str,
    milestone_id: int,
    payload: MilestoneStatusIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": payload.status}
    if payload.reached_on is not None:
        changes["reached_on"] = payload.reached_on
    return _apply(request, slug, milestone_id, lambda _u, _t: changes, if_match, response)
