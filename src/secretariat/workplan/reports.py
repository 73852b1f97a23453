"""Fill the work plan's pictures and the progress report from the database, for one viewer.

Everything is read through the apps' visibility queries, so a picture or a report shows exactly
what its viewer may read; the renderers in secretariat.documents never query.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from secretariat.core.history import latest_change
from secretariat.core.visibility import Viewer
from secretariat.documents.charts import (
    chart_picture,
    render_closed_per_month_svg,
    render_open_closed_svg,
    render_overdue_by_owner_svg,
)
from secretariat.documents.content import DecisionLine, ItemLine, Picture
from secretariat.documents.progress_report import (
    CLOSED_PER_MONTH,
    OPEN_CLOSED,
    OVERDUE_BY_OWNER,
    TIMELINE,
    MeetingLine,
    MilestoneLine,
    ProgressReport,
)
from secretariat.documents.timeline import (
    TimelineEvent,
    TimelineRow,
    axis,
    describe,
    paginate_rows,
    render_timeline_png,
    render_timeline_svg,
)
from secretariat.meetings.models import Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from secretariat.tracker.queries import visible_action_items
from secretariat.workplan import queries
from secretariat.workplan.models import Milestone

OVERDUE_OWNERS_SHOWN = 15
MONTHS_SHOWN = 24
DEFAULT_PERIOD_DAYS = 30
PAGE_LINES = 40  # lines of the timeline on one page of a document (an A4 page holds about 55)
ITEMS_LISTED = 100  # per list of the report (opened, closed, overdue); the counts stay exact


# --- the timeline -----------------------------------------------------------------------------


def owner_names(milestone: Milestone) -> str:
    return ", ".join(str(owner) for owner in milestone.owners.all())


def timeline_rows(
    milestones: Sequence[Milestone],
    baseline: dict[int, tuple[dt.date | None, dt.date]],
    *,
    today: dt.date | None = None,
) -> list[TimelineRow]:
    """The milestones as the timeline draws them, each with its current status (late once past
    its end or held up by a dependency) and its baseline dates."""
    rows = []
    for m in milestones:
        base_start, base_end = baseline.get(m.pk, (None, None))
        rows.append(
            TimelineRow(
                label=m.title,
                start_on=m.start_on,
                end_on=m.end_on,
                workstream=m.workstream,
                status=m.current_status(today),
                baseline_start=base_start,
                baseline_end=base_end,
                owners=owner_names(m),
            )
        )
    return rows


def public_events(*, viewer: Viewer | None, team: Team) -> list[TimelineEvent]:
    """The public events of the events app (ICANN59 Johannesburg, 26-29 June 2017) and the
    team's face-to-face meetings outside them, as this viewer may read them."""
    marked: list[TimelineEvent] = []
    if apps.is_installed("secretariat.events"):
        from secretariat.events.queries import visible_events

        events = visible_events(viewer=viewer, team=team).only("name", "starts_on", "ends_on")
        # An event whose dates are not announced has no place on a timeline yet.
        marked = [
            TimelineEvent(e.starts_on, e.name, e.ends_on)
            for e in events.order_by("starts_on")
            if e.starts_on is not None
        ]
    meetings = (
        visible_meetings(viewer=viewer, team=team)
        .filter(kind=Meeting.Kind.FACE_TO_FACE, starts_at__isnull=False)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    for m in meetings.only("starts_at", "place", "title"):
        day = m.starts_at.astimezone(dt.UTC).date()  # type: ignore[union-attr]
        if not any(e.starts_on <= day <= e.last_day for e in marked):
            marked.append(TimelineEvent(day, m.place or m.title))
    return sorted(marked, key=lambda e: (e.starts_on, e.label))


def workplan_timeline(
    *,
    viewer: Viewer | None,
    team: Team,
    milestones: Sequence[Milestone] | None = None,
    today: dt.date | None = None,
) -> tuple[str, dict[int, tuple[dt.date | None, dt.date]]]:
    """The timeline SVG of the milestones this viewer may read, and their baseline dates."""
    day = today or timezone.localdate()
    if milestones is None:
        milestones = list(queries.visible_milestones(viewer=viewer, team=team))
    baseline = queries.baseline_dates(queries.latest_baseline(team), [m.pk for m in milestones])
    svg = render_timeline_svg(
        timeline_rows(milestones, baseline, today=day),
        today=day,
        events=public_events(viewer=viewer, team=team),
        title=_("%(team)s: work plan") % {"team": team.name},
    )
    return svg, baseline


def timeline_pages(
    *,
    viewer: Viewer | None,
    team: Team,
    milestones: Sequence[Milestone] | None = None,
    today: dt.date | None = None,
    png: bool = True,
    lines: int = PAGE_LINES,
) -> tuple[tuple[Picture, ...], dict[int, tuple[dt.date | None, dt.date]]]:
    """The timeline for documents, cut into pictures of at most `lines` lines that share one
    time axis (a page or a slide holds one), each as SVG and, if `png`, PNG; and the baseline
    dates. No milestone: one picture that says so."""
    day = today or timezone.localdate()
    if milestones is None:
        milestones = list(queries.visible_milestones(viewer=viewer, team=team))
    baseline = queries.baseline_dates(queries.latest_baseline(team), [m.pk for m in milestones])
    rows = timeline_rows(milestones, baseline, today=day)
    events = public_events(viewer=viewer, team=team)
    span = axis(rows, today=day, events=events)
    title = _("%(team)s: work plan") % {"team": team.name}
    pages = paginate_rows(rows, lines) or [[]]
    pictures = []
    for number, page in enumerate(pages, start=1):
        name = (
            title
            if len(pages) == 1
            else _("%(title)s (%(page)s of %(pages)s)")
            % {"title": title, "page": number, "pages": len(pages)}
        )
        drawn = {"today": day, "events": events, "title": name, "span": span}
        pictures.append(
            Picture(
                title=name,
                description=describe(page, today=day, events=events),
                svg=render_timeline_svg(page, ident=f"timeline-{number}", **drawn),  # type: ignore[arg-type]
                png=render_timeline_png(page, **drawn) if png else b"",  # type: ignore[arg-type]
            )
        )
    return tuple(pictures), baseline


# --- the progress pictures --------------------------------------------------------------------


def _closed_on(status: str, completed_on: dt.date | None, updated_at: dt.datetime) -> dt.date:
    if status == ActionItem.Status.DONE and completed_on is not None:
        return completed_on
    return updated_at.astimezone(dt.UTC).date()


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def open_closed_points(
    items: QuerySet[ActionItem], *, today: dt.date
) -> list[tuple[dt.date, int, int]]:
    """(date, open, closed) at the start of each month since the first item, and today."""
    opened: list[dt.date] = []
    closed: list[dt.date] = []
    rows = items.order_by().values_list(
        "requested_on", "created_at", "status", "completed_on", "updated_at"
    )
    for requested_on, created_at, status, completed_on, updated_at in rows:
        opened.append(requested_on or created_at.astimezone(dt.UTC).date())
        if status not in ActionItem.ACTIVE_STATUSES:
            closed.append(_closed_on(status, completed_on, updated_at))
    if not opened:
        return []
    opened.sort()
    closed.sort()
    days = [opened[0]]
    day = _next_month(opened[0])
    while day < today:
        days.append(day)
        day = _next_month(day)
    days = [*days[-(MONTHS_SHOWN + 1) :], today]
    points = []
    for day in days:
        n_opened = bisect.bisect_right(opened, day)
        n_closed = bisect.bisect_right(closed, day)
        points.append((day, n_opened - n_closed, n_closed))
    return points


def overdue_by_owner(items: QuerySet[ActionItem], *, today: dt.date) -> list[tuple[str, int]]:
    """Overdue items per owner (an item with two owners counts for both), most first; counted
    by the database in two queries, whatever the number of items."""
    overdue = items.filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__lt=today)
    counts: Counter[str] = Counter()
    rows = (
        ActionItemOwner.objects.filter(item__in=overdue.order_by().values("pk"))
        .values("person__name", "group__name")
        .annotate(n=Count("item_id", distinct=True))
        .order_by()
    )
    for person, group, n in rows.values_list("person__name", "group__name", "n"):
        counts[person or group] += n
    unowned = overdue.order_by().filter(owners__isnull=True).count()
    if unowned:
        counts[_("(no owner)")] += unowned
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].casefold()))
    return ranked[:OVERDUE_OWNERS_SHOWN]


def closed_per_month(items: QuerySet[ActionItem], *, today: dt.date) -> list[tuple[dt.date, int]]:
    """Items completed in each month, the last MONTHS_SHOWN months up to today's, zeros kept."""
    dates = items.filter(status=ActionItem.Status.DONE, completed_on__isnull=False).values_list(
        "completed_on", flat=True
    )
    counts = Counter(_month(day) for day in dates.order_by() if day is not None)
    if not counts:
        return []
    month, last = min(counts), _month(today)
    months = []
    while month <= last:
        months.append((month, counts.get(month, 0)))
        month = _next_month(month)
    return months[-MONTHS_SHOWN:]


@dataclass(frozen=True)
class ChartData:
    """The figures the progress pictures draw, also shown as tables (their text alternative)."""

    open_closed: list[tuple[dt.date, int, int]]
    overdue_by_owner: list[tuple[str, int]]
    closed_per_month: list[tuple[dt.date, int]]


def team_chart_data(
    *, viewer: Viewer | None, team: Team, today: dt.date | None = None
) -> ChartData:
    """What the progress pictures show, counted from the items this viewer may read."""
    day = today or timezone.localdate()
    items = visible_action_items(viewer=viewer, team=team)
    return ChartData(
        open_closed=open_closed_points(items, today=day),
        overdue_by_owner=overdue_by_owner(items, today=day),
        closed_per_month=closed_per_month(items, today=day),
    )


def render_charts(data: ChartData) -> dict[str, str]:
    return {
        "open_closed": render_open_closed_svg(data.open_closed),
        "overdue_by_owner": render_overdue_by_owner_svg(data.overdue_by_owner),
        "closed_per_month": render_closed_per_month_svg(data.closed_per_month),
    }


# How long the public's copy of the pictures may serve after a change made outside the
# services (which write no history entry); changes through them are seen at once.
PUBLIC_CHARTS_CACHE_SECONDS = 600


def team_charts(
    *, viewer: Viewer | None, team: Team, today: dt.date | None = None
) -> dict[str, str]:
    """The team's progress pictures as SVG strings, for the team's home page and reports:
    `open_closed`, `overdue_by_owner` and `closed_per_month`.

    Counting them reads every item the viewer may read, so the public's copy (the same for
    every visitor without an account) is kept, keyed by the team's latest history entry, the
    day and the language: any change to the items writes a history entry, and so a new key.
    People who sign in may read more, some of it by being named, so theirs are drawn afresh.
    """
    if viewer is not None and viewer.is_authenticated:
        return render_charts(team_chart_data(viewer=viewer, team=team, today=today))
    day = today or timezone.localdate()
    revision = latest_change(team.pk)
    key = f"workplan:public-charts:{team.pk}:{revision}:{day.isoformat()}:{get_language()}"
    charts: dict[str, str] | None = cache.get(key)
    if charts is None:
        charts = render_charts(team_chart_data(viewer=None, team=team, today=day))
        cache.set(key, charts, PUBLIC_CHARTS_CACHE_SECONDS)
    return charts


# --- the progress report ----------------------------------------------------------------------


def _item_line(item: ActionItem) -> ItemLine:
    return ItemLine(
        number=item.number,
        text=item.text,
        owners=tuple(str(owner) for owner in item.owners.all()),
        due_on=item.due_on,
        due_text=item.due_text,
        status=item.status,
    )


def _milestone_line(m: Milestone, baseline_end: dt.date | None = None) -> MilestoneLine:
    return MilestoneLine(
        title=m.title,
        end_on=m.end_on,
        workstream=m.workstream,
        status=m.status,
        reached_on=m.reached_on,
        baseline_end=baseline_end,
    )


def outstanding_requests(*, viewer: Viewer | None, team: Team) -> tuple[str, ...] | None:
    """Requests not yet delivered, declined or withdrawn; None if the requests app is absent."""
    if not apps.is_installed("secretariat.requests"):
        return None
    try:
        module = importlib.import_module("secretariat.requests.queries")
        visible = module.visible_requests
        filter_requests = module.filter_requests
    except (ImportError, AttributeError):
        return None
    rows = filter_requests(visible(viewer=viewer, team=team), status="outstanding")
    return tuple(
        f"#{r.number} {r.title} ({r.get_status_display()})" for r in rows.order_by("number")
    )


def build_progress_report(
    *,
    viewer: Viewer | None,
    team: Team,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
    png: bool = True,
) -> ProgressReport:
    """What happened between `since` (default: 30 days before `until`) and `until` (default:
    today), as this viewer may read it; with `png`, the timeline also as a PNG (for DOCX)."""
    day = today or timezone.localdate()
    until = until or day
    since = since or until - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    meetings = (
        visible_meetings(viewer=viewer, team=team)
        .filter(starts_at__gte=start, starts_at__lt=min(end, timezone.now()))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    decisions = (
        visible_decisions(viewer=viewer, team=team)
        .filter(decided_on__gte=since, decided_on__lte=until)
        .order_by("decided_on", "number")
    )
    items = visible_action_items(viewer=viewer, team=team)
    opened = items.filter(requested_on__gte=since, requested_on__lte=until).order_by("number")
    closed = items.filter(
        status=ActionItem.Status.DONE, completed_on__gte=since, completed_on__lte=until
    ).order_by("number")
    overdue = items.filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__lt=until).order_by(
        "due_on", "number"
    )
    milestones = list(queries.visible_milestones(viewer=viewer, team=team))
    timeline_svg, baseline = workplan_timeline(
        viewer=viewer, team=team, milestones=milestones, today=day
    )
    pages, _baseline = timeline_pages(
        viewer=viewer, team=team, milestones=milestones, today=day, png=png
    )
    reached = [
        m
        for m in milestones
        if m.status == Milestone.Status.DONE
        and m.reached_on is not None
        and since <= m.reached_on <= until
    ]
    slipped = [
        m
        for m in milestones
        if m.status != Milestone.Status.DROPPED
        and m.pk in baseline
        and m.end_on > baseline[m.pk][1]
    ]
    late = [
        m
        for m in milestones
        if m.current_status(until) == Milestone.Status.LATE and m.status != Milestone.Status.DONE
    ]
    upcoming = sorted(
        (
            m
            for m in milestones
            if m.status not in (Milestone.Status.DONE, Milestone.Status.DROPPED)
            and m.end_on >= until
        ),
        key=lambda m: (m.end_on, m.pk),
    )[:5]
    charts = {
        OPEN_CLOSED: render_open_closed_svg(open_closed_points(items, today=day)),
        OVERDUE_BY_OWNER: render_overdue_by_owner_svg(overdue_by_owner(items, today=until)),
        CLOSED_PER_MONTH: render_closed_per_month_svg(closed_per_month(items, today=until)),
    }
    return ProgressReport(
        team_name=team.name,
        since=since,
        until=until,
        meetings=tuple(
            MeetingLine(
                title=m.title,
                number=m.number,
                held_on=m.starts_at.astimezone(dt.UTC).date() if m.starts_at else None,
            )
            for m in meetings
        ),
        decisions=tuple(
            DecisionLine(number=d.number, text=d.text, decided_on=d.decided_on) for d in decisions
        ),
        opened=tuple(_item_line(i) for i in opened[:ITEMS_LISTED]),
        closed=tuple(_item_line(i) for i in closed[:ITEMS_LISTED]),
        overdue=tuple(_item_line(i) for i in overdue[:ITEMS_LISTED]),
        totals={"opened": opened.count(), "closed": closed.count(), "overdue": overdue.count()},
        milestones_reached=tuple(_milestone_line(m) for m in reached),
        milestones_slipped=tuple(_milestone_line(m, baseline[m.pk][1]) for m in slipped),
        milestones_late=tuple(
            _milestone_line(m, baseline[m.pk][1] if m.pk in baseline else None) for m in late
        ),
        upcoming=tuple(_milestone_line(m) for m in upcoming),
        requests=outstanding_requests(viewer=viewer, team=team),
        figures={TIMELINE: timeline_svg, **charts},
        pictures={
            TIMELINE: pages,
            **{name: (chart_picture(svg, png=png),) for name, svg in charts.items()},
        },
    )
