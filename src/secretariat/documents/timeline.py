"""The work plan drawn as a Gantt-style timeline: plain data in, an SVG (or PNG) out.

Pure: no database, no JavaScript. Rows are grouped by workstream; a phase is a bar, a key date
a diamond; today's date is a vertical line; a milestone whose dates moved since the baseline
shows its baseline dates as a dashed ghost bar and "+N days" (or "-N days" when it moved
earlier); public events are dashed vertical lines (a shaded band over their days) with their
label. A legend under the chart names every mark. Every text is escaped, and colours come with
patterns of line and shape (late bars are hatched, dropped ones dashed), so the picture reads in
black and white print. `render_timeline_png` draws the same layout with Pillow, for documents
that cannot hold SVG (DOCX, PPTX).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.utils import dateformat
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
ROW = 22
TODAY_REACH = 92  # days: how far from the plan today may be and still stretch the axis
HEADER = 44
LABEL_WIDTH = 280
CHART_WIDTH = 660
PAD = 12
EVENT_LINES = 2  # event labels alternate between two lines when they would overlap
LEGEND = 26
PNG_TALL = 1600  # SVG pixels: a taller timeline is drawn at scale 1 in PNG
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Fill and stroke per status; done is solid dark, planned pale with a border, late hatched red.
STATUS_STYLE = {
    "planned": ("#c9d6ea", "#1f3864"),
    "in_progress": ("#5b7fb8", "#1f3864"),
    "done": ("#1f3864", "#1f3864"),
    "late": ("#e8a09a", "#9b1c1c"),
    "dropped": ("#eeeeee", "#888888"),
}
TODAY_COLOUR = "#b00020"
EVENT_COLOUR = "#6a3d9a"
EVENT_BAND = "#efe8f6"
GRID = "#d0d7de"
HEADING_BAND = "#eef1f6"


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

    @property
    def moved(self) -> bool:
        """True if the baseline has other dates than the plan (so its ghost is drawn)."""
        if self.baseline_end is None:
            return False
        return self.slip_days != 0 or (
            self.baseline_start is not None and self.baseline_start != self.start_on
        )


@dataclass(frozen=True)
class TimelineEvent:
    """A public event (ICANN59 Johannesburg) from its first to its last day."""

    starts_on: dt.date
    label: str
    ends_on: dt.date | None = None

    @property
    def last_day(self) -> dt.date:
        return max(self.ends_on or self.starts_on, self.starts_on)


EventLike = TimelineEvent | tuple[dt.date, str]


def as_events(events: Iterable[EventLike]) -> list[TimelineEvent]:
    """Events given as TimelineEvent or (date, label), in date order."""
    found = [e if isinstance(e, TimelineEvent) else TimelineEvent(e[0], e[1]) for e in events]
    return sorted(found, key=lambda e: (e.starts_on, e.label))


def slip_label(days: int) -> str:
    if days > 0:
        return _("+%(n)s days") % {"n": days} if days != 1 else _("+1 day")
    if days < 0:
        return (
            _("\N{MINUS SIGN}%(n)s days") % {"n": -days} if days != -1 else _("\N{MINUS SIGN}1 day")
        )
    return ""


def _dates(rows: Sequence[TimelineRow], events: Sequence[TimelineEvent]) -> Iterator[dt.date]:
    for row in rows:
        yield row.end_on
        if row.start_on:
            yield row.start_on
        if row.baseline_end:
            yield row.baseline_end
        if row.baseline_start:
            yield row.baseline_start
    for event in events:
        yield event.starts_on
        yield event.last_day


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


# --- the layout, shared by the SVG and the PNG --------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One line of the chart: a workstream heading (row None) or a milestone."""

    y: int
    heading: str = ""
    row: TimelineRow | None = None


@dataclass(frozen=True)
class _EventMark:
    event: TimelineEvent
    x: float
    x_end: float
    label_x: float
    label_line: int


@dataclass(frozen=True)
class Layout:
    """Where everything goes, in pixels of the SVG (the PNG scales them)."""

    width: int
    height: int
    first: dt.date
    span: int
    today: dt.date
    shown_today: dt.date
    lines: tuple[_Line, ...]
    events: tuple[_EventMark, ...]
    ticks: tuple[dt.date, ...]

    left = PAD + LABEL_WIDTH
    top = PAD + HEADER

    @property
    def bottom(self) -> int:
        return self.height - PAD - EVENT_LINES * 14 - LEGEND

    @property
    def legend_y(self) -> int:
        return self.height - PAD - LEGEND + 8

    def x(self, day: dt.date) -> float:
        return round(self.left + (day - self.first).days / self.span * CHART_WIDTH, 1)

    def labels_tick(self, tick: dt.date) -> bool:
        """False for a month too near the right edge for its label to fit."""
        return self.x(tick) + 48 <= self.width

    @property
    def today_text(self) -> str:
        if self.shown_today == self.today:
            return _("Today")
        return _("Today: %(date)s") % {"date": self.today.isoformat()}

    @property
    def today_at_end(self) -> bool:
        return self.x(self.shown_today) > self.left + CHART_WIDTH - 60


def axis(
    rows: Sequence[TimelineRow], *, today: dt.date, events: Sequence[EventLike] = ()
) -> tuple[dt.date, dt.date]:
    """The first and last day the time axis shows for these rows (pages of one plan share it)."""
    all_dates = list(_dates(rows, as_events(events))) or [today]
    first, last = min(all_dates), max(all_dates)
    # Today stretches the axis only when it is near the plan; far off, it is marked at the edge.
    if first - dt.timedelta(days=TODAY_REACH) <= today <= last + dt.timedelta(days=TODAY_REACH):
        first, last = min(first, today), max(last, today)
    return first - dt.timedelta(days=7), last + dt.timedelta(days=7)


def paginate_rows(rows: Sequence[TimelineRow], lines: int) -> list[list[TimelineRow]]:
    """The rows in pages of at most `lines` lines, workstream headings counted (a workstream cut
    by a page break is titled again on the next page)."""
    pages: list[list[TimelineRow]] = []
    page: list[TimelineRow] = []
    used = 0
    for _name, members in group_rows(rows):
        used += 1  # the heading
        for row in members:
            if used + 1 > lines and page:
                pages.append(page)
                page, used = [], 1
            page.append(row)
            used += 1
    if page:
        pages.append(page)
    return pages


def layout(
    rows: Sequence[TimelineRow],
    *,
    today: dt.date,
    events: Sequence[TimelineEvent],
    span: tuple[dt.date, dt.date] | None = None,
) -> Layout:
    width = LABEL_WIDTH + CHART_WIDTH + 2 * PAD
    groups = group_rows(rows)
    titled = len(groups) > 1 or bool(groups and groups[0][0])
    lines: list[_Line] = []
    y = PAD + HEADER
    for name, members in groups:
        if titled:
            lines.append(_Line(y, heading=name or _("Other milestones")))
            y += ROW
        for row in members:
            lines.append(_Line(y, row=row))
            y += ROW
    height = y + max(0, 1 - len(lines)) * ROW + EVENT_LINES * 14 + LEGEND + PAD + 6
    first, last = span or axis(rows, today=today, events=events)
    plan = Layout(
        width=width,
        height=height,
        first=first,
        span=max((last - first).days, 1),
        today=today,
        shown_today=min(max(today, first), last),
        lines=tuple(lines),
        events=(),
        ticks=tuple(_ticks(first, last)),
    )
    marks: list[_EventMark] = []
    ends = [-1000.0] * EVENT_LINES  # where the last label on each line ends
    for event in events:
        start = plan.x(event.starts_on)
        end = max(plan.x(event.last_day + dt.timedelta(days=1)), start + 2)
        label_x = min(start + 3, width - PAD - 6.2 * min(len(event.label), 30))
        line = min(range(EVENT_LINES), key=lambda k: (ends[k] > label_x, ends[k]))
        ends[line] = label_x + 6.2 * min(len(event.label), 30) + 6
        marks.append(_EventMark(event, start, end, label_x, line))
    return replace(plan, events=tuple(marks))


def describe(rows: Sequence[TimelineRow], *, today: dt.date, events: Sequence[EventLike]) -> str:
    """The picture in one sentence, for <desc> and the alternative text of the PNG."""
    slipped = sum(1 for row in rows if row.slip_days > 0)
    late = sum(1 for row in rows if row.status == "late")
    description = _(
        "%(n)s milestones in %(g)s workstreams; %(late)s late; %(s)s slipped against the "
        "baseline; today is %(today)s."
    ) % {
        "n": len(rows),
        "g": len(group_rows(rows)),
        "late": late,
        "s": slipped,
        "today": today.isoformat(),
    }
    marked = as_events(events)
    if marked:
        description += " " + _("Public events: %(events)s.") % {
            "events": "; ".join(f"{e.label} ({e.starts_on.isoformat()})" for e in marked)
        }
    return description


def _when(row: TimelineRow) -> str:
    if row.is_key_date:
        return row.end_on.isoformat()
    return f"{row.start_on.isoformat()} \N{EN DASH} {row.end_on.isoformat()}"  # type: ignore[union-attr]


def legend_entries() -> list[tuple[str, str]]:
    """(kind, label) of every mark the legend explains, in order."""
    return [
        ("planned", _("Planned")),
        ("in_progress", _("In progress")),
        ("done", _("Done")),
        ("late", _("Late")),
        ("dropped", _("Dropped")),
        ("key_date", _("Key date")),
        ("baseline", _("Baseline")),
        ("today", _("Today")),
        ("event", _("Public event")),
    ]


LEGEND_STEP = (CHART_WIDTH + LABEL_WIDTH) // 9


# --- SVG --------------------------------------------------------------------------------------


def render_timeline_svg(
    rows: Sequence[TimelineRow],
    *,
    today: dt.date,
    events: Sequence[EventLike] = (),
    title: str = "",
    ident: str = "timeline",
    span: tuple[dt.date, dt.date] | None = None,
) -> str:
    """The timeline as a standalone SVG document (also fit to be inlined in HTML); `span` fixes
    the axis (pages of one plan pass the whole plan's `axis`)."""
    title = title or _("Work plan timeline")
    marked = as_events(events)
    plan = layout(rows, today=today, events=marked, span=span)
    description = describe(rows, today=today, events=marked)
    out = svg_open(
        width=plan.width, height=plan.height, title=title, description=description, ident=ident
    )
    hatch = f"{ident}-hatch"
    out.append(
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e8a09a"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9b1c1c" stroke-width="2"/></pattern></defs>'
    )
    if not rows:
        out.append(
            f'<text x="{PAD}" y="{PAD + HEADER}" font-size="14">'
            f"{text(_('No milestones yet.'))}</text>"
        )
        out.append("</svg>")
        return "\n".join(out)
    top, bottom = plan.top, plan.bottom

    # Event bands first, under everything.
    for mark in plan.events:
        if mark.event.ends_on and mark.event.ends_on > mark.event.starts_on:
            out.append(
                f'<rect class="event-days" x="{mark.x}" y="{top - 4}" '
                f'width="{round(mark.x_end - mark.x, 1)}" height="{bottom - top + 4}" '
                f'fill="{EVENT_BAND}"/>'
            )

    # Month grid and labels.
    out.append('<g class="axis" fill="#444444">')
    for tick in plan.ticks:
        out.append(
            f'<line x1="{plan.x(tick)}" y1="{top - 6}" x2="{plan.x(tick)}" y2="{bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        if plan.labels_tick(tick):
            out.append(
                f'<text x="{plan.x(tick) + 3}" y="{top - 10}" font-size="10">'
                f"{text(dateformat.format(tick, 'M Y'))}</text>"
            )
    out.append("</g>")

    for line in plan.lines:
        if line.row is None:
            out.append(
                f'<g class="workstream"><rect x="{PAD}" y="{line.y}" '
                f'width="{plan.width - 2 * PAD}" height="{ROW}" fill="{HEADING_BAND}"/>'
                f'<text x="{PAD + 4}" y="{line.y + 15}" font-weight="bold">'
                f"{text(shorten(line.heading, 90))}</text></g>"
            )
        else:
            out.append(_row_svg(line.row, y=line.y, plan=plan, hatch=hatch))

    # Events, then today's line on top of everything.
    for mark in plan.events:
        event = mark.event
        when = event.starts_on.isoformat()
        if event.ends_on and event.ends_on > event.starts_on:
            when += f" \N{EN DASH} {event.ends_on.isoformat()}"
        out.append(
            f'<g class="event"><title>{text(event.label)} ({when})</title>'
            f'<line x1="{mark.x}" y1="{top - 4}" x2="{mark.x}" y2="{bottom}" '
            f'stroke="{EVENT_COLOUR}" stroke-width="1.5" stroke-dasharray="2 3"/>'
            f'<text x="{mark.label_x}" y="{bottom + 12 + 14 * mark.label_line}" '
            f'fill="{EVENT_COLOUR}" font-size="10">{text(shorten(event.label, 30))}</text></g>'
        )
    at_end = plan.today_at_end
    today_x = plan.x(plan.shown_today)
    out.append(
        f'<g class="today" id="{ident}-today"><title>{text(_("Today"))} ({today.isoformat()})'
        f"</title>"
        f'<line x1="{today_x}" y1="{top - 24}" x2="{today_x}" y2="{bottom}" '
        f'stroke="{TODAY_COLOUR}" stroke-width="2"/>'
        f'<text x="{today_x + (-3 if at_end else 3)}" y="{top - 26}" '
        f'text-anchor="{"end" if at_end else "start"}" fill="{TODAY_COLOUR}" '
        f'font-size="10" font-weight="bold">{text(plan.today_text)}</text></g>'
    )
    out.append(_legend_svg(plan, hatch))
    out.append("</svg>")
    return "\n".join(out)


def _legend_svg(plan: Layout, hatch: str) -> str:
    y = plan.legend_y
    parts = ['<g class="legend" font-size="10" fill="#222222">']
    for index, (kind, label) in enumerate(legend_entries()):
        x = PAD + index * LEGEND_STEP
        if kind in STATUS_STYLE:
            fill, stroke = STATUS_STYLE[kind]
            fill = f"url(#{hatch})" if kind == "late" else fill
            dash = ' stroke-dasharray="4 2"' if kind == "dropped" else ""
            mark = (
                f'<rect x="{x}" y="{y}" width="18" height="10" fill="{fill}" stroke="{stroke}"'
                f"{dash}/>"
            )
        elif kind == "key_date":
            mark = (
                f'<polygon points="{x + 9},{y - 1} {x + 15},{y + 5} {x + 9},{y + 11} '
                f'{x + 3},{y + 5}" fill="#c9d6ea" stroke="#1f3864"/>'
            )
        elif kind == "baseline":
            mark = (
                f'<rect x="{x}" y="{y}" width="18" height="10" fill="none" stroke="#555555" '
                'stroke-dasharray="3 2"/>'
            )
        elif kind == "today":
            mark = (
                f'<line x1="{x + 9}" y1="{y - 2}" x2="{x + 9}" y2="{y + 12}" '
                f'stroke="{TODAY_COLOUR}" stroke-width="2"/>'
            )
        else:
            mark = (
                f'<line x1="{x + 9}" y1="{y - 2}" x2="{x + 9}" y2="{y + 12}" '
                f'stroke="{EVENT_COLOUR}" stroke-width="1.5" stroke-dasharray="2 3"/>'
            )
        parts.append(f'{mark}<text x="{x + 22}" y="{y + 9}">{text(label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _row_svg(row: TimelineRow, *, y: int, plan: Layout, hatch: str) -> str:
    fill, stroke = STATUS_STYLE.get(row.status, STATUS_STYLE["planned"])
    if row.status == "late":
        fill = f"url(#{hatch})"
    x = plan.x
    mid = y + ROW / 2
    tooltip = f"{row.label}: {_when(row)}"
    if row.owners:
        tooltip += f" ({row.owners})"
    if row.slip_days:
        tooltip += f"; {slip_label(row.slip_days)}"
    parts = [
        f'<g class="milestone" data-status="{text(row.status)}"><title>{text(tooltip)}</title>',
        f'<text x="{PAD + 12}" y="{y + 15}">{text(shorten(row.label, 44))}</text>',
    ]
    if row.moved and row.baseline_end is not None:
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
    label = slip_label(row.slip_days)
    if label:
        far = max(end_x, x(row.baseline_end) if row.baseline_end else end_x)
        colour = "#9b1c1c" if row.slip_days > 0 else "#1b5e20"
        parts.append(
            f'<text class="slip" x="{far + 5}" y="{y + 15}" fill="{colour}" font-size="10" '
            f'font-weight="bold">{text(label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


# --- PNG --------------------------------------------------------------------------------------

FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


@cache
def font_of(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_FILES:
        candidate = path.with_name(path.name.replace(".ttf", "-Bold.ttf")) if bold else path
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size)
    return ImageFont.load_default(size)


def dashed_line(
    draw: ImageDraw.ImageDraw,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    fill: str,
    width: int,
    dash: float,
    gap: float,
) -> None:
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    at = 0.0
    while at < length:
        stop = min(at + dash, length)
        draw.line([(x0 + dx * at, y0 + dy * at), (x0 + dx * stop, y0 + dy * stop)], fill, width)
        at = stop + gap


def _dashed_rect(
    draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], *, fill: str, scale: int
) -> None:
    x0, y0, x1, y1 = box
    for start, end in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):  # fmt: skip
        dashed_line(draw, start, end, fill=fill, width=scale, dash=3 * scale, gap=2 * scale)


def _hatch(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], scale: int) -> None:
    """Diagonal strokes inside `box`, the PNG's late pattern."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    step = 6 * scale
    k = x0 - height
    while k < x1:
        a = (max(k, x0), y1 - (max(k, x0) - k))
        b = (min(k + height, x1), y1 - (min(k + height, x1) - k))
        if a[0] < b[0]:
            draw.line([a, b], "#9b1c1c", max(1, scale))
        k += step


def render_timeline_png(
    rows: Sequence[TimelineRow],
    *,
    today: dt.date,
    events: Sequence[EventLike] = (),
    title: str = "",
    scale: int | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> bytes:
    """The same timeline as `render_timeline_svg`, drawn as a PNG (`scale` pixels per SVG
    pixel: 2, sharp in print, unless the plan is so long that 1 keeps the file small) for
    documents that cannot hold SVG; `describe` gives its alternative text."""
    marked = as_events(events)
    plan = layout(rows, today=today, events=marked, span=span)
    scale = scale or (2 if plan.height <= PNG_TALL else 1)
    image = Image.new("RGB", (plan.width * scale, plan.height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)

    def s(value: float) -> float:
        return value * scale

    def write(
        x: float, y: float, words: str, *, size: int = 12, fill: str = "#222222", bold: bool = False
    ) -> None:
        # y is the SVG baseline; Pillow's "ls" anchor puts the baseline there too.
        draw.text((s(x), s(y)), words, fill=fill, font=font_of(size * scale, bold), anchor="ls")

    write(PAD, PAD + 14, title or _("Work plan timeline"), size=13, bold=True)
    if not rows:
        write(PAD, PAD + HEADER, _("No milestones yet."), size=14)
        return _png(image)
    top, bottom = plan.top, plan.bottom
    for mark in plan.events:
        if mark.event.ends_on and mark.event.ends_on > mark.event.starts_on:
            draw.rectangle((s(mark.x), s(top - 4), s(mark.x_end), s(bottom)), fill=EVENT_BAND)
    for tick in plan.ticks:
        draw.line([(s(plan.x(tick)), s(top - 6)), (s(plan.x(tick)), s(bottom))], GRID, scale)
        if plan.labels_tick(tick):
            write(plan.x(tick) + 3, top - 10, dateformat.format(tick, "M Y"), size=10, fill="#444")
    for line in plan.lines:
        if line.row is None:
            draw.rectangle(
                (s(PAD), s(line.y), s(plan.width - PAD), s(line.y + ROW)), fill=HEADING_BAND
            )
            write(PAD + 4, line.y + 15, shorten(line.heading, 90), bold=True)
            continue
        row = line.row
        fill, stroke = STATUS_STYLE.get(row.status, STATUS_STYLE["planned"])
        write(PAD + 12, line.y + 15, shorten(row.label, 44))
        if row.moved and row.baseline_end is not None:
            ghost = plan.x(row.baseline_start or row.baseline_end)
            ghost_end = max(plan.x(row.baseline_end), ghost + 4)
            box = (s(ghost), s(line.y + 3), s(ghost_end), s(line.y + ROW - 3))
            _dashed_rect(draw, box, fill="#555555", scale=scale)
        mid = line.y + ROW / 2
        if row.is_key_date:
            cx, r = plan.x(row.end_on), ROW / 2 - 3
            points = [(s(cx), s(mid - r)), (s(cx + r), s(mid)), (s(cx), s(mid + r)), (s(cx - r), s(mid))]  # fmt: skip
            draw.polygon(points, fill=fill, outline=stroke, width=max(1, scale))
            end_x = cx + r
        else:
            start_x, end_x = plan.x(row.start_on), plan.x(row.end_on)  # type: ignore[arg-type]
            box = (s(start_x), s(line.y + 5), s(max(end_x, start_x + 2)), s(line.y + ROW - 5))
            draw.rectangle(box, fill=fill)
            if row.status == "late":
                _hatch(draw, box, scale)
            if row.status == "dropped":
                _dashed_rect(draw, box, fill=stroke, scale=scale)
            else:
                draw.rectangle(box, outline=stroke, width=scale)
        label = slip_label(row.slip_days)
        if label:
            far = max(end_x, plan.x(row.baseline_end) if row.baseline_end else end_x)
            colour = "#9b1c1c" if row.slip_days > 0 else "#1b5e20"
            write(far + 5, line.y + 15, label, size=10, fill=colour, bold=True)
    for mark in plan.events:
        dashed_line(
            draw,
            (s(mark.x), s(top - 4)),
            (s(mark.x), s(bottom)),
            fill=EVENT_COLOUR,
            width=max(1, round(1.5 * scale)),
            dash=2 * scale,
            gap=3 * scale,
        )
        write(
            mark.label_x,
            bottom + 12 + 14 * mark.label_line,
            shorten(mark.event.label, 30),
            size=10,
            fill=EVENT_COLOUR,
        )
    today_x = plan.x(plan.shown_today)
    draw.line([(s(today_x), s(top - 24)), (s(today_x), s(bottom))], TODAY_COLOUR, 2 * scale)
    at_end = plan.today_at_end
    words = plan.today_text
    if at_end:
        width = draw.textlength(words, font=font_of(10 * scale, True)) / scale
        write(today_x - 3 - width, top - 26, words, size=10, fill=TODAY_COLOUR, bold=True)
    else:
        write(today_x + 3, top - 26, words, size=10, fill=TODAY_COLOUR, bold=True)
    _legend_png(draw, plan, scale, write)
    return _png(image)


def _legend_png(
    draw: ImageDraw.ImageDraw, plan: Layout, scale: int, write: Callable[..., None]
) -> None:
    y = plan.legend_y

    def s(value: float) -> float:
        return value * scale

    for index, (kind, label) in enumerate(legend_entries()):
        x = PAD + index * LEGEND_STEP
        box = (s(x), s(y), s(x + 18), s(y + 10))
        if kind in STATUS_STYLE:
            fill, stroke = STATUS_STYLE[kind]
            draw.rectangle(box, fill=fill)
            if kind == "late":
                _hatch(draw, box, scale)
            if kind == "dropped":
                _dashed_rect(draw, box, fill=stroke, scale=scale)
            else:
                draw.rectangle(box, outline=stroke, width=scale)
        elif kind == "key_date":
            points = [(s(x + 9), s(y - 1)), (s(x + 15), s(y + 5)), (s(x + 9), s(y + 11)), (s(x + 3), s(y + 5))]  # fmt: skip
            draw.polygon(points, fill="#c9d6ea", outline="#1f3864", width=max(1, scale))
        elif kind == "baseline":
            _dashed_rect(draw, box, fill="#555555", scale=scale)
        elif kind == "today":
            draw.line([(s(x + 9), s(y - 2)), (s(x + 9), s(y + 12))], TODAY_COLOUR, 2 * scale)
        else:
            dashed_line(draw, (s(x + 9), s(y - 2)), (s(x + 9), s(y + 12)), fill=EVENT_COLOUR, width=max(1, round(1.5 * scale)), dash=2 * scale, gap=3 * scale)  # fmt: skip
        write(x + 22, y + 9, label, size=10)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
