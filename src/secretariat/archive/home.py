"""What a team's home page shows, read through the apps' queries with the viewer's visibility.

A fixed number of queries whatever the size of the record: counts are aggregates, lists are
sliced, the overdue items' owners are read in one query (tracker.queries.owner_names).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.visibility import Viewer, access_for
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import (
    TrackerFilters,
    filter_action_items,
    owner_names,
    status_counts,
    visible_action_items,
)

LATEST_DECISIONS = 5
RECENTLY_COMPLETED = 5
OVERDUE_SHOWN = 100  # a team with more overdue items than this has a bigger problem than a page


@dataclass
class OwnerOverdue:
    owner: str  # a person's or group's name, or "Unassigned"
    items: list[ActionItem] = field(default_factory=list)


@dataclass
class TeamHome:
    team: Team
    counts: dict[str, int]
    open_total: int
    overdue_total: int
    overdue_by_owner: list[OwnerOverdue]
    next_meeting: Meeting | None
    last_meeting: Meeting | None
    decisions: list[Decision]
    completed: list[ActionItem]


def overdue_by_owner(items: list[ActionItem]) -> list[OwnerOverdue]:
    """Overdue items under each of their owners (an item with two owners is under both),
    owners by name, items by due date as given."""
    groups: dict[str, OwnerOverdue] = {}
    unassigned = _("Unassigned")
    owners = owner_names(items)
    for item in items:
        names = owners[item.pk] or [unassigned]
        for name in names:
            groups.setdefault(name, OwnerOverdue(owner=name)).items.append(item)
    return sorted(groups.values(), key=lambda g: (g.owner == unassigned, g.owner.casefold()))


def team_home(*, viewer: Viewer | None, team: Team, now: dt.datetime | None = None) -> TeamHome:
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    access = access_for(viewer, team)
    # The page shows an item's number, text and dates, and its owners' names (read in one query
    # by overdue_by_owner): no prefetched owners, source meeting or merge target.
    items = (
        visible_action_items(viewer=viewer, team=team)
        .prefetch_related(None)
        .select_related(None)
        .only("pk", "team_id", "number", "text", "status", "due_on", "completed_on")
    )
    counts = status_counts(items)
    overdue = list(
        filter_action_items(
            items, filters=TrackerFilters(overdue=True, sort="due"), access=access, today=today
        )[: OVERDUE_SHOWN + 1]
    )
    overdue_total = (
        len(overdue)
        if len(overdue) <= OVERDUE_SHOWN
        else filter_action_items(
            items, filters=TrackerFilters(overdue=True), access=access, today=today
        ).count()
    )
    completed = list(
        items.filter(status=ActionItem.Status.DONE).order_by("-completed_on", "-number")[
            :RECENTLY_COMPLETED
        ]
    )
    meetings = visible_meetings(viewer=viewer, team=team).filter(starts_at__isnull=False)
    next_meeting = (
        meetings.filter(starts_at__gte=moment)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "number")
        .first()
    )
    last_meeting = (
        meetings.filter(starts_at__lt=moment)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-number")
        .first()
    )
    decisions = list(visible_decisions(viewer=viewer, team=team)[:LATEST_DECISIONS])
    return TeamHome(
        team=team,
        counts=counts,
        open_total=sum(counts[s] for s in ActionItem.ACTIVE_STATUSES),
        overdue_total=overdue_total,
        overdue_by_owner=overdue_by_owner(overdue[:OVERDUE_SHOWN]),
        next_meeting=next_meeting,
        last_meeting=last_meeting,
        decisions=decisions,
        completed=completed,
    )
