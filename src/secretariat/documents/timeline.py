"""The work plan drawn as a Gantt-style timeline: plain data in, an SVG string out.

Pure: no database, no JavaScript. Rows are grouped by workstream; a phase is a bar, a key date
a diamond; today's date is a vertical line; a milestone whose end moved since the baseline
shows its baseline dates as a dashed ghost bar and "+N days" (or "-N days" when it moved
earlier); public events are dashed vertical lines with their label. Every text is escaped, and
colours come with patterns of line and shape, so the picture reads in black and white print.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.translation import gettext as _

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
ROW = 22
TODAY_REACH = 92  # days: how far from the plan today may be and still stretch the axis
HEADER = 44
LABEL_WIDTH = 280
CHART_WIDTH = 660
PAD = 12
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Fill and stroke per status; done is solid dark, planned pale with a border, late hatched red.
STATUS_STYLE = {
    "planned": ("#c9d6ea", "#1f3864"),
    "in_progress": ("#5b7fb8", "#1f3864"),
    "done": ("#1f3864", "#1f3864"),
    "late": ("#e8a09a", "#9b1c1c"),
    "dropped": ("#eeeeee", "#888888"),
}


def text(value: object) -> str:
    """A value as escaped XML text (characters XML cannot hold are dropped)."""
    return html.escape(_NOT_XML.sub("", str(value)), quote=True)


def shorten(value: str, limit: int) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def svg_open(*, width: int, height: int, title: str, description: str, ident: str) -> list[str]:
    """The opening of an accessible SVG document: role="img", <title> and <desc>."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}" font-size="12">',
        f'<title id="{ident}-title">{text(title)}</title>',
        f'<desc id="{ident}-desc">{text(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


@dataclass(frozen=True)
class TimelineRow:
    """One milestone as the timeline draws it."""

    label: str
    end_on: dt.date
    start_on: dt.date | None = None
    workstream: str = ""
    status: str = "planned"
    baseline_start: dt.date | None = None
    baseline_end: dt.date | None = None
    owners: str = ""

    @property
    def is_key_date(self) -> bool:
        return self.start_on is None or self.start_on == self.end_on

    @property
    def slip_days(self) -> int:
        """Days the end moved since the baseline (positive: later); 0 without a baseline."""
        if self.baseline_end is None:
            return 0
        return (self.end_on - self.baseline_end).days


def slip_label(days: int) -> str:
    if days > 0:
        return _("+%(n)s days") % {"n": days} if days != 1 else _("+1 day")
    if days < 0:
        return (
            _("\N{MINUS SIGN}%(n)s days") % {"n": -days} if days != -1 else _("\N{MINUS SIGN}1 day")
        )
    return ""


def _dates(rows: Sequence[TimelineRow], events: Sequence[tuple[dt.date, str]]) -> Iterator[dt.date]:
    for row in rows:
        yield row.end_on
        if row.start_on:
            yield row.start_on
        if row.baseline_end:
            yield row.baseline_end
        if row.baseline_start:
            yield row.baseline_start
    for day, _label in events:
        yield day


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months (or quarters, on long plans) between `first` and `last`."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 18 else 3 if months <= 48 else 12
    day = dt.date(first.year, first.month, 1)
    ticks = []
    while day <= last:
        if day >= first and (day.month - 1) % step == 0:
            ticks.append(day)
        year, month = divmod(day.month, 12)
        day = dt.date(day.year + year, month + 1, 1)
    return ticks


def group_rows(rows: Iterable[TimelineRow]) -> list[tuple[str, list[TimelineRow]]]:
    """Rows by workstream, in order of first appearance (rows without one last)."""
    groups: dict[str, list[TimelineRow]] = {}
    for row in rows:
        groups.setdefault(row.workstream, []).append(row)
    named = [(name, members) for name, members in groups.items() if name]
    return named + ([("", groups[""])] if "" in groups else [])


def render_timeline_svg(
    rows: Sequence[TimelineRow],
    *,
    today: dt.date,
    events: Sequence[tuple[dt.date, str]] = (),
    title: str = "",
    ident: str = "timeline",
) -> str:
    """The timeline as a standalone SVG document (also fit to be inlined in HTML)."""
    title = title or _("Work plan timeline")
    width = LABEL_WIDTH + CHART_WIDTH + 2 * PAD
    groups = group_rows(rows)
    n_lines = sum(len(members) + (1 if name or len(groups) > 1 else 0) for name, members in groups)
    height = HEADER + max(n_lines, 1) * ROW + 2 * PAD + 20
    slipped = sum(1 for row in rows if row.slip_days > 0)
    description = _(
        "%(n)s milestones in %(g)s workstreams; %(s)s slipped against the baseline; "
        "today is %(today)s."
    ) % {"n": len(rows), "g": len(groups), "s": slipped, "today": today.isoformat()}
    out = svg_open(width=width, height=height, title=title, description=description, ident=ident)
    if not rows:
        out.append(
            f'<text x="{PAD}" y="{HEADER}" font-size="14">{text(_("No milestones yet."))}</text>'
        )
        out.append("</svg>")
        return "\n".join(out)

    all_dates = list(_dates(rows, events))
    first, last = min(all_dates), max(all_dates)
    # Today stretches the axis only when it is near the plan; far off, it is marked at the edge.
    if first - dt.timedelta(days=TODAY_REACH) <= today <= last + dt.timedelta(days=TODAY_REACH):
        first, last = min(first, today), max(last, today)
    first -= dt.timedelta(days=7)
    last += dt.timedelta(days=7)
    shown_today = min(max(today, first), last)
    today_text = (
        _("Today") if shown_today == today else _("Today: %(date)s") % {"date": today.isoformat()}
    )
    span = max((last - first).days, 1)
    left = PAD + LABEL_WIDTH
    top = PAD + HEADER
    bottom = height - PAD - 20

    def x(day: dt.date) -> float:
        return round(left + (day - first).days / span * CHART_WIDTH, 1)

    # Month grid and labels.
    out.append('<g class="axis" fill="#444444">')
    for tick in _ticks(first, last):
        out.append(
            f'<line x1="{x(tick)}" y1="{top - 6}" x2="{x(tick)}" y2="{bottom}" '
            'stroke="#d0d7de" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x(tick) + 3}" y="{top - 10}" font-size="10">'
            f"{text(dateformat.format(tick, 'M Y'))}</text>"
        )
    out.append("</g>")

    # Rows.
    y = top
    for name, members in groups:
        if name or len(groups) > 1:
            heading = name or _("Other milestones")
            out.append(
                f'<g class="workstream"><rect x="{PAD}" y="{y}" width="{width - 2 * PAD}" '
                f'height="{ROW}" fill="#eef1f6"/><text x="{PAD + 4}" y="{y + 15}" '
                f'font-weight="bold">{text(shorten(heading, 90))}</text></g>'
            )
            y += ROW
        for row in members:
            out.append(_row(row, y=y, x=x))
            y += ROW

    # Events, then today's line on top of everything.
    for day, label in events:
        out.append(
            f'<g class="event"><title>{text(label)} ({day.isoformat()})</title>'
            f'<line x1="{x(day)}" y1="{top - 4}" x2="{x(day)}" y2="{bottom}" stroke="#6a3d9a" '
            'stroke-width="1.5" stroke-dasharray="2 3"/>'
            f'<text x="{x(day) + 3}" y="{bottom + 14}" fill="#6a3d9a" font-size="10">'
            f"{text(shorten(label, 30))}</text></g>"
        )
    out.append(
        f'<g class="today" id="{ident}-today"><title>{text(_("Today"))} ({today.isoformat()})</title>'
        f'<line x1="{x(shown_today)}" y1="{top - 24}" x2="{x(shown_today)}" y2="{bottom}" '
        'stroke="#b00020" stroke-width="2"/>'
        f'<text x="{x(shown_today) + (3 if shown_today < last else -3)}" y="{top - 26}" '
        f'text-anchor="{"start" if shown_today < last else "end"}" fill="#b00020" '
        f'font-size="10" font-weight="bold">{text(today_text)}</text></g>'
    )
    out.append("</svg>")
    return "\n".join(out)


def _row(row: TimelineRow, *, y: int, x: Callable[[dt.date], float]) -> str:
    fill, stroke = STATUS_STYLE.get(row.status, STATUS_STYLE["planned"])
    mid = y + ROW / 2
    when = (
        row.end_on.isoformat()
        if row.is_key_date
        else f"{row.start_on.isoformat()} \N{EN DASH} {row.end_on.isoformat()}"  # type: ignore[union-attr]
    )
    tooltip = f"{row.label}: {when}"
    if row.owners:
        tooltip += f" ({row.owners})"
    parts = [
        f'<g class="milestone" data-status="{text(row.status)}"><title>{text(tooltip)}</title>',
        f'<text x="{PAD + 12}" y="{y + 15}">{text(shorten(row.label, 44))}</text>',
    ]
    slip = row.slip_days
    if row.baseline_end is not None and (
        slip != 0 or (row.baseline_start is not None and row.baseline_start != row.start_on)
    ):
        ghost_start = row.baseline_start or row.baseline_end
        parts.append(
            f'<rect class="baseline" x="{x(ghost_start)}" y="{y + 3}" '
            f'width="{max(x(row.baseline_end) - x(ghost_start), 4)}" height="{ROW - 6}" '
            'fill="none" stroke="#555555" stroke-width="1" stroke-dasharray="3 2"/>'
        )
    dash = ' stroke-dasharray="4 2"' if row.status == "dropped" else ""
    if row.is_key_date:
        cx = x(row.end_on)
        r = ROW / 2 - 3
        parts.append(
            f'<polygon class="key-date" points="{cx},{mid - r} {cx + r},{mid} {cx},{mid + r} '
            f'{cx - r},{mid}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
        )
        end_x = cx + r
    else:
        start_x = x(row.start_on)  # type: ignore[arg-type]
        end_x = x(row.end_on)
        parts.append(
            f'<rect class="bar" x="{start_x}" y="{y + 5}" width="{max(end_x - start_x, 2)}" '
            f'height="{ROW - 10}" fill="{fill}" stroke="{stroke}" stroke-width="1"{dash}/>'
        )
    label = slip_label(slip)
    if label:
        far = max(end_x, x(row.baseline_end) if row.baseline_end else end_x)
        colour = "#9b1c1c" if slip > 0 else "#1b5e20"
        parts.append(
            f'<text class="slip" x="{far + 5}" y="{y + 15}" fill="{colour}" font-size="10" '
            f'font-weight="bold">{text(label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
