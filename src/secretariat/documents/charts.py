"""The progress pictures: plain data in, SVG strings out (pure; no database, no JavaScript).

- `render_open_closed_svg`: open and closed action items over time (two lines, one dashed);
- `render_overdue_by_owner_svg`: overdue items per owner (horizontal bars);
- `render_closed_per_month_svg`: items closed per month (vertical bars).
Each has role="img", a <title> and a <desc> that states the figures, so a screen reader (or a
printout in black and white) loses nothing. `chart_png` paints any of them as a PNG (for DOCX).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree  # type: ignore[import-untyped]
from django.utils import dateformat
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from secretariat.documents.content import Picture
from secretariat.documents.timeline import dashed_line, font_of, shorten, svg_open, text

WIDTH = 640
INK = "#1f3864"
SECOND = "#b35900"


def _nice_max(value: int) -> int:
    """A round top for an axis that holds `value`, with four equal whole steps."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if value <= step * 4:
            return step * 4
    return -(-value // 4) * 4


def _empty(out: list[str], message: str) -> str:
    out.append(f'<text x="16" y="60" font-size="14">{text(message)}</text></svg>')
    return "\n".join(out)


def render_open_closed_svg(
    points: Sequence[tuple[dt.date, int, int]],
    *,
    title: str = "",
    ident: str = "open-closed",
) -> str:
    """Open and closed items at each date: `points` are (date, open, closed), in date order."""
    title = title or _("Open and closed action items over time")
    height = 280
    if points:
        last = points[-1]
        description = _(
            "From %(first)s to %(last)s; on %(last)s, %(open)s open and %(closed)s closed."
        ) % {
            "first": points[0][0].isoformat(),
            "last": last[0].isoformat(),
            "open": last[1],
            "closed": last[2],
        }
    else:
        description = _("No action items yet.")
    out = svg_open(width=WIDTH, height=height, title=title, description=description, ident=ident)
    if not points:
        return _empty(out, _("No action items yet."))
    left, right, top, bottom = 50, WIDTH - 20, 20, height - 50
    top_value = _nice_max(max(max(o, c) for _d, o, c in points))
    first_day, last_day = points[0][0], points[-1][0]
    span = max((last_day - first_day).days, 1)

    def x(day: dt.date) -> float:
        return round(left + (day - first_day).days / span * (right - left), 1)

    def y(value: int) -> float:
        return round(bottom - value / top_value * (bottom - top), 1)

    out.append('<g class="axis" fill="#444444" font-size="10">')
    for k in range(5):
        value = round(top_value * k / 4)
        out.append(
            f'<line x1="{left}" y1="{y(value)}" x2="{right}" y2="{y(value)}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y(value) + 3}" text-anchor="end">{value}</text>'
        )
    ends = (points[0][0], "start"), (points[len(points) // 2][0], "middle"), (last_day, "end")
    for day, anchor in ends:
        out.append(
            f'<text x="{x(day)}" y="{bottom + 16}" text-anchor="{anchor}">{day.isoformat()}</text>'
        )
    out.append("</g>")
    series = (
        ("open", [(day, n) for day, n, _c in points], INK, ""),
        ("closed", [(day, n) for day, _o, n in points], SECOND, ' stroke-dasharray="6 3"'),
    )
    for name, values, colour, dash in series:
        coords = " ".join(f"{x(day)},{y(n)}" for day, n in values)
        out.append(
            f'<polyline class="series-{name}" points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
    legend_y = height - 14
    out.append(
        f'<g class="legend" font-size="11"><line x1="{left}" y1="{legend_y - 4}" '
        f'x2="{left + 24}" y2="{legend_y - 4}" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{left + 30}" y="{legend_y}">{text(_("Open"))}</text>'
        f'<line x1="{left + 110}" y1="{legend_y - 4}" x2="{left + 134}" y2="{legend_y - 4}" '
        f'stroke="{SECOND}" stroke-width="2" stroke-dasharray="6 3"/>'
        f'<text x="{left + 140}" y="{legend_y}">{text(_("Closed"))}</text></g>'
    )
    out.append("</svg>")
    return "\n".join(out)


def render_overdue_by_owner_svg(
    counts: Sequence[tuple[str, int]], *, title: str = "", ident: str = "overdue-by-owner"
) -> str:
    """Overdue items per owner, largest first as given: `counts` are (owner name, number)."""
    title = title or _("Overdue action items by owner")
    bar, gap, label_width = 18, 6, 200
    height = 40 + max(len(counts), 1) * (bar + gap) + 10
    description = (
        "; ".join(f"{name}: {n}" for name, n in counts) if counts else _("No overdue items.")
    )
    out = svg_open(width=WIDTH, height=height, title=title, description=description, ident=ident)
    if not counts:
        return _empty(out, _("No overdue items."))
    top_value = _nice_max(max(n for _name, n in counts))
    chart = WIDTH - label_width - 60
    for row, (name, n) in enumerate(counts):
        y = 30 + row * (bar + gap)
        length = round(n / top_value * chart, 1)
        out.append(
            f'<g class="bar-row"><title>{text(name)}: {n}</title>'
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">'
            f"{text(shorten(name, 30))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar}" '
            f'fill="{INK}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 13}">{n}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def render_closed_per_month_svg(
    counts: Sequence[tuple[dt.date, int]], *, title: str = "", ident: str = "closed-per-month"
) -> str:
    """Items closed in each month: `counts` are (first day of the month, number), in order."""
    title = title or _("Action items closed per month")
    height = 260
    description = (
        "; ".join(f"{dateformat.format(month, 'M Y')}: {n}" for month, n in counts)
        if counts
        else _("No items closed yet.")
    )
    out = svg_open(width=WIDTH, height=height, title=title, description=description, ident=ident)
    if not counts:
        return _empty(out, _("No items closed yet."))
    left, right, top, bottom = 50, WIDTH - 20, 20, height - 40
    top_value = _nice_max(max(n for _month, n in counts))
    slot = (right - left) / len(counts)
    bar = max(min(slot * 0.7, 40), 2)
    out.append('<g class="axis" fill="#444444" font-size="10">')
    for k in range(5):
        value = round(top_value * k / 4)
        y = round(bottom - value / top_value * (bottom - top), 1)
        out.append(
            f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 3}" text-anchor="end">{value}</text>'
        )
    out.append("</g>")
    every = max(1, len(counts) // 12)
    for index, (month, n) in enumerate(counts):
        height_px = round(n / top_value * (bottom - top), 1)
        x = round(left + index * slot + (slot - bar) / 2, 1)
        label = dateformat.format(month, "M Y")
        out.append(
            f'<g class="bar-col"><title>{text(label)}: {n}</title>'
            f'<rect x="{x}" y="{bottom - height_px}" width="{bar}" height="{height_px}" '
            f'fill="{INK}"/>'
        )
        if index % every == 0:
            out.append(
                f'<text x="{x + bar / 2}" y="{bottom + 14}" font-size="10" '
                f'text-anchor="middle">{text(label)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --- PNG, for documents that cannot hold SVG (DOCX) --------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"


def _number(value: str | None, default: float = 0.0) -> float:
    return float(value) if value not in (None, "") else default  # type: ignore[arg-type]


def chart_png(svg: str, *, scale: int = 2) -> bytes:
    """One of the charts above drawn as a PNG: the small SVG vocabulary they use (rect, line,
    polyline, text in groups) painted with Pillow, `scale` pixels per SVG pixel."""
    root = SafeElementTree.fromstring(svg)
    width, height = int(_number(root.get("width"))), int(_number(root.get("height")))
    image = Image.new("RGB", (width * scale, height * scale), "#ffffff")
    draw = ImageDraw.Draw(image)

    def paint(node: ElementTree.Element, size: float, fill: str) -> None:
        for child in node:
            tag = child.tag.removeprefix(_SVG)
            own_size = _number(child.get("font-size"), size)
            own_fill = child.get("fill", fill)
            if tag == "g":
                paint(child, own_size, own_fill)
            elif tag == "rect" and own_fill not in ("none", ""):
                x, y = _number(child.get("x")), _number(child.get("y"))
                w, h = _number(child.get("width")), _number(child.get("height"))
                box = (x * scale, y * scale, (x + w) * scale, (y + h) * scale)
                draw.rectangle(box, fill=own_fill)
            elif tag in ("line", "polyline"):
                if tag == "line":
                    points = [(_number(child.get("x1")), _number(child.get("y1"))),
                              (_number(child.get("x2")), _number(child.get("y2")))]  # fmt: skip
                else:
                    points = [
                        (float(a), float(b))
                        for a, b in (pair.split(",") for pair in child.get("points", "").split())
                    ]
                stroke = child.get("stroke", "#000000")
                line_width = max(1, round(_number(child.get("stroke-width"), 1) * scale))
                scaled = [(a * scale, b * scale) for a, b in points]
                if child.get("stroke-dasharray"):
                    dash, gap = (
                        float(v) * scale for v in child.get("stroke-dasharray", "").split()
                    )
                    for start, end in itertools.pairwise(scaled):
                        dashed_line(
                            draw, start, end, fill=stroke, width=line_width, dash=dash, gap=gap
                        )
                else:
                    draw.line(scaled, fill=stroke, width=line_width, joint="curve")
            elif tag == "text" and child.text:
                anchor = {"middle": "ms", "end": "rs"}.get(child.get("text-anchor", ""), "ls")
                font = font_of(round(own_size * scale), child.get("font-weight") == "bold")
                where = (_number(child.get("x")) * scale, _number(child.get("y")) * scale)
                colour = own_fill if own_fill not in ("none", "") else "#222222"
                draw.text(where, child.text, fill=colour, font=font, anchor=anchor)

    paint(root, _number(root.get("font-size"), 12), "#222222")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def chart_picture(svg: str, *, png: bool = True) -> Picture:
    """A chart as a document picture: its <title> and <desc> as the text, and the PNG."""
    root = SafeElementTree.fromstring(svg)
    title = root.findtext(f"{_SVG}title") or ""
    description = root.findtext(f"{_SVG}desc") or ""
    return Picture(title, description, svg=svg, png=chart_png(svg) if png else b"")
