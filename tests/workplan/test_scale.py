"""The benchmark figure of issue 7: the timeline and the progress report for a team with 300
milestones and 10,000 action items. Slow (about a minute), so it runs only when asked:

    BENCH_WORKPLAN=1 .venv/bin/pytest tests/workplan/test_scale.py -s -p no:cacheprovider

It prints the seconds each step takes and fails only if one takes more than its ceiling.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.documents import progress_report
from secretariat.documents.build import operator_viewer
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from secretariat.workplan import reports
from secretariat.workplan.models import Baseline, BaselineEntry, Milestone, MilestoneOwner

pytestmark = pytest.mark.skipif(
    not os.environ.get("BENCH_WORKPLAN"), reason="the scale benchmark runs with BENCH_WORKPLAN=1"
)

D = dt.date
MILESTONES = 300
ITEMS = 10_000
STREAMS = ["SSR1 implementation", "ICANN Security", "DNS SSR", "Future challenges", "Work plan"]
CEILING_SECONDS = 30.0  # generous: the machine running it may be shared


def _populate(team: Team, owners: list[Person | Group]) -> None:
    rng = random.Random(59)
    start = D(2017, 3, 1)
    milestones = []
    for n in range(MILESTONES):
        begin = start + dt.timedelta(days=rng.randrange(0, 400))
        key = n % 5 == 0
        milestones.append(
            Milestone(
                team=team,
                title=f"Findings draft {n}: review of the SSR1 recommendation {n % 28 + 1}",
                workstream=STREAMS[n % len(STREAMS)],
                start_on=None if key else begin,
                end_on=begin + dt.timedelta(days=0 if key else rng.randrange(14, 120)),
                status=rng.choice(["planned", "in_progress", "done", "planned", "late"]),
            )
        )
    Milestone.objects.bulk_create(milestones)
    milestones = list(Milestone.objects.filter(team=team).order_by("pk"))
    MilestoneOwner.objects.bulk_create(
        MilestoneOwner(milestone=m, position=0, person=o if isinstance(o, Person) else None,
                       group=o if isinstance(o, Group) else None)
        for m, o in zip(milestones, owners * MILESTONES, strict=False)
    )  # fmt: skip
    through = Milestone.depends_on.through
    through.objects.bulk_create(
        through(from_milestone_id=later.pk, to_milestone_id=earlier.pk)
        for earlier, later in zip(milestones[:-1:3], milestones[1::3], strict=False)
    )
    baseline = Baseline.objects.create(team=team, name="Adopted at ICANN59")
    BaselineEntry.objects.bulk_create(
        BaselineEntry(baseline=baseline, milestone=m, start_on=m.start_on,
                      end_on=m.end_on - dt.timedelta(days=rng.choice([0, 0, 7, 30])))
        for m in milestones
    )  # fmt: skip
    items = []
    for n in range(1, ITEMS + 1):
        requested = start + dt.timedelta(days=rng.randrange(0, 450))
        status = rng.choice(["open", "in_progress", "done", "done", "done", "dropped"])
        items.append(
            ActionItem(
                team=team, number=n, text=f"Follow up on briefing request {n} with ICANN Org.",
                requested_on=requested, due_on=requested + dt.timedelta(days=rng.randrange(3, 60)),
                status=status,
                completed_on=requested + dt.timedelta(days=rng.randrange(1, 90)) if status == "done" else None,
                visibility=rng.choice(["public", "public", "public", "team", "restricted"]),
            )
        )  # fmt: skip
    ActionItem.objects.bulk_create(items, batch_size=2000)
    ActionItemOwner.objects.bulk_create(
        (
            ActionItemOwner(item_id=pk, position=0, person=o if isinstance(o, Person) else None,
                            group=o if isinstance(o, Group) else None)
            for pk, o in zip(ActionItem.objects.filter(team=team).order_by("pk").values_list("pk", flat=True),
                             owners * ITEMS, strict=False)
        ),
        batch_size=2000,
    )  # fmt: skip


def _timed(label: str, step: Callable[[], Any], figures: dict[str, float]) -> Any:
    begin = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = step()
    figures[label] = time.perf_counter() - begin
    print(f"{label:<44} {figures[label]:7.2f} s  {len(queries.captured_queries):3d} queries")
    return result


def test_the_timeline_and_the_report_at_300_milestones_and_10000_items(
    team: Team, staff: Person, chair: Person, member: Person, co_chairs: Group
) -> None:
    _populate(team, [co_chairs, staff, member, chair])
    figures: dict[str, float] = {}
    viewer = operator_viewer()
    today = D(2017, 9, 1)
    print()
    svg, _baseline = _timed(
        "timeline SVG (query + render)",
        lambda: reports.workplan_timeline(viewer=viewer, team=team, today=today),
        figures,
    )
    assert svg.count('<g class="milestone"') == MILESTONES
    pages, _baseline = _timed(
        "timeline in pages, SVG + PNG",
        lambda: reports.timeline_pages(viewer=viewer, team=team, today=today),
        figures,
    )
    report = _timed(
        "progress report data (3 months)",
        lambda: reports.build_progress_report(
            viewer=viewer, team=team, since=D(2017, 6, 1), until=today, today=today
        ),
        figures,
    )
    _timed("progress report Markdown", lambda: progress_report.render_markdown(report), figures)
    _timed("progress report DOCX", lambda: progress_report.render_docx(report), figures)
    pdf = _timed("progress report PDF", lambda: progress_report.render_pdf(report), figures)
    assert pdf.startswith(b"%PDF")
    _timed("charts (team home, progress page)",
           lambda: reports.team_charts(viewer=viewer, team=team, today=today), figures)  # fmt: skip
    client = Client()
    _timed("GET /ssr2/workplan/ (public)", lambda: client.get("/ssr2/workplan/"), figures)
    _timed("GET /ssr2/progress/ (public)", lambda: client.get("/ssr2/progress/"), figures)
    print(f"{'timeline pages, PNG size':<44} {sum(len(p.png) for p in pages) / 1024:7.0f} KiB")
    print(f"{'timeline SVG size':<44} {len(svg) / 1024:7.0f} KiB")
    print(f"{'progress report PDF size':<44} {len(pdf) / 1024:7.0f} KiB")
    slow = {label: s for label, s in figures.items() if s > CEILING_SECONDS}
    assert slow == {}
