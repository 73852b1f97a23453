"""Every read of the work plan that reaches a person, with visibility applied here.

A milestone is read like an action item: public by anyone, team by the team's readers,
restricted by staff, chairs and its owners. What it links to (action items, meetings) and
depends on is shown only where the viewer may read that too.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry
from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.meetings.queries import visible_meetings
from secretariat.teams.models import Team
from secretariat.tracker.queries import visible_action_items
from secretariat.workplan.models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneLink,
    MilestoneOwner,
)

STREAM_ORDER = ("workstream", "start_on", "end_on", "id")


def _names_viewer(access: Access) -> Q:
    if access.person_id is None:
        return Q(pk__in=[])
    owned = MilestoneOwner.objects.filter(milestone=OuterRef("pk")).filter(
        Q(person_id=access.person_id) | Q(group_id__in=access.group_ids)
    )
    return Q(Exists(owned))


def _visible(viewer: Viewer | None, team: Team) -> QuerySet[Milestone]:
    access = access_for(viewer, team)
    return Milestone.objects.filter(team=team).filter(access.filter(named=_names_viewer(access)))


def visible_milestones(*, viewer: Viewer | None, team: Team) -> QuerySet[Milestone]:
    """The team's milestones this viewer may read, by workstream and date, with owners, the
    dependencies they may read and the links to items and meetings they may read."""
    links = (
        MilestoneLink.objects.filter(
            Q(action_item__in=visible_action_items(viewer=viewer, team=team).values("pk"))
            | Q(meeting__in=visible_meetings(viewer=viewer, team=team).values("pk"))
        )
        .select_related("action_item", "meeting")
        .order_by("action_item__number", "meeting__number", "pk")
    )
    return (
        _visible(viewer, team)
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=MilestoneOwner.objects.select_related("person", "group").order_by(
                    "position"
                ),
            ),
            Prefetch(
                "depends_on",
                queryset=_visible(viewer, team).order_by(*STREAM_ORDER),
                to_attr="visible_dependencies",
            ),
            Prefetch("links", queryset=links, to_attr="visible_links"),
        )
        .order_by(*STREAM_ORDER)
    )


def get_milestone(*, viewer: Viewer | None, team: Team, pk: int) -> Milestone:
    """One milestone, or 404 if it does not exist or the viewer may not read it."""
    milestone = visible_milestones(viewer=viewer, team=team).filter(pk=pk).first()
    if milestone is None:
        raise Http404
    return milestone


def milestone_history(*, viewer: Viewer | None, milestone: Milestone) -> QuerySet[HistoryEntry]:
    """The milestone's history this viewer may read (a change made while it was restricted
    stays with those who may read restricted milestones, or own this one)."""
    access = access_for(viewer, milestone.team)
    entries = history_for(milestone)
    named = Milestone.objects.filter(pk=milestone.pk).filter(_names_viewer(access)).exists()
    if not access.can_read(milestone.visibility, named=named):
        return entries.none()
    named_q = Q() if named else Q(pk__in=[])
    return entries.filter(access.filter(named=named_q)).select_related("actor")


def latest_baseline(team: Team) -> Baseline | None:
    """The team's most recently saved baseline (a name and a date: nothing personal)."""
    return Baseline.objects.filter(team=team).order_by("-saved_at", "-id").first()


def baseline_dates(
    baseline: Baseline | None, milestone_ids: list[int]
) -> dict[int, tuple[dt.date | None, dt.date]]:
    """The baseline's (start, end) of each of these milestones (callers pass visible ones)."""
    if baseline is None:
        return {}
    rows = BaselineEntry.objects.filter(baseline=baseline, milestone_id__in=milestone_ids)
    return {
        pk: (start, end)
        for pk, start, end in rows.values_list("milestone_id", "start_on", "end_on")
    }


def workstreams(*, viewer: Viewer | None, team: Team) -> list[str]:
    """The workstream names used by milestones this viewer may read (for the form's menu)."""
    names = _visible(viewer, team).order_by().values_list("workstream", flat=True).distinct()
    return sorted({n for n in names if n}, key=str.casefold)
