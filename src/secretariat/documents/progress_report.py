"""The progress report for the stakeholder groups: plain data (`ProgressReport`) in, Markdown,
DOCX (python-docx) and PDF (WeasyPrint, like the deck) out. Pure: never queries.

Staff edit the Markdown draft before sending, so DOCX and PDF are made *from Markdown*
(`markdown_to_docx`, `markdown_to_pdf`): the command's output and the edited draft come out
the same way. A paragraph that is exactly a figure marker ("[Figure: work-plan timeline]")
becomes the picture in the PDF; in the DOCX it becomes the PNG edition of the picture where the
report carries one (drawn by Pillow: the timeline's pages and the charts), else a note pointing
to the PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from secretariat.core.markdown import render_markdown as markdown_html
from secretariat.documents.content import DecisionLine, ItemLine, Picture
from secretariat.documents.pdf import html_to_pdf
from secretariat.documents.templating import read_stylesheet, render_template
from secretariat.documents.text import format_date, markdown_line, owners_text, plain_line
from secretariat.documents.timeline import slip_label

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

TIMELINE = "timeline"
OPEN_CLOSED = "open_closed"
OVERDUE_BY_OWNER = "overdue_by_owner"
CLOSED_PER_MONTH = "closed_per_month"
FIGURES = (TIMELINE, OPEN_CLOSED, OVERDUE_BY_OWNER, CLOSED_PER_MONTH)
DOCX_PICTURE_WIDTH_IN = 6.3


def figure_marker(name: str) -> str:
    labels = {
        TIMELINE: _("work-plan timeline"),
        OPEN_CLOSED: _("open and closed action items"),
        OVERDUE_BY_OWNER: _("overdue action items by owner"),
        CLOSED_PER_MONTH: _("action items closed per month"),
    }
    return "[" + _("Figure: %(name)s") % {"name": labels.get(name, name)} + "]"


@dataclass(frozen=True)
class MeetingLine:
    title: str
    number: int | None = None
    held_on: dt.date | None = None


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    end_on: dt.date
    workstream: str = ""
    status: str = "planned"
    reached_on: dt.date | None = None
    baseline_end: dt.date | None = None

    @property
    def slip_days(self) -> int:
        return (self.end_on - self.baseline_end).days if self.baseline_end else 0


@dataclass(frozen=True)
class ProgressReport:
    """What happened in a team between `since` and `until` (both included)."""

    team_name: str
    since: dt.date
    until: dt.date
    meetings: tuple[MeetingLine, ...] = ()
    decisions: tuple[DecisionLine, ...] = ()
    opened: tuple[ItemLine, ...] = ()
    closed: tuple[ItemLine, ...] = ()
    overdue: tuple[ItemLine, ...] = ()
    milestones_reached: tuple[MilestoneLine, ...] = ()
    milestones_slipped: tuple[MilestoneLine, ...] = ()
    milestones_late: tuple[MilestoneLine, ...] = ()  # past their end, or held up by another
    upcoming: tuple[MilestoneLine, ...] = ()
    requests: tuple[str, ...] | None = None  # None: the requests app is not available
    # "opened", "closed", "overdue" -> how many there are, when the tuples hold only the first
    totals: Mapping[str, int] = field(default_factory=dict)
    figures: Mapping[str, str] = field(default_factory=dict)  # name -> SVG document
    # name -> the figure in pages (SVG and PNG), for PDF and DOCX; else `figures` is drawn whole
    pictures: Mapping[str, tuple[Picture, ...]] = field(default_factory=dict)

    def total(self, name: str) -> int:
        """How many items `name` ("opened", "closed", "overdue") counts, listed or not."""
        listed: tuple[ItemLine, ...] = getattr(self, name)
        return max(self.totals.get(name, 0), len(listed))

    @property
    def has_activity(self) -> bool:
        return any(
            (
                self.meetings,
                self.decisions,
                self.opened,
                self.closed,
                self.milestones_reached,
                self.milestones_slipped,
            )
        )


def report_title(report: ProgressReport) -> str:
    return _("Progress report: %(team)s") % {"team": report.team_name}


# --- Markdown ---------------------------------------------------------------------------------


def _item(item: ItemLine, *, closed: bool = False) -> str:
    number = f"#{item.number} " if item.number is not None else ""
    owners = owners_text(item)
    due = item.due_display
    extra = _("owners: %(owners)s") % {"owners": owners}
    if not closed:
        extra += "; " + _("due %(due)s") % {"due": due}
    return f"- {number}{markdown_line(plain_line(item.text))} ({markdown_line(extra)})"


def _milestone(m: MilestoneLine, *, reached: bool = False) -> str:
    stream = f" ({markdown_line(m.workstream)})" if m.workstream else ""
    if reached:
        day = format_date(m.reached_on or m.end_on)
        return f"- {markdown_line(m.title)}{stream}: " + _("reached %(date)s") % {"date": day}
    text = f"- {markdown_line(m.title)}{stream}: " + _("now due %(date)s") % {
        "date": format_date(m.end_on)
    }
    if m.baseline_end:
        text += " " + _("(baseline %(date)s, %(slip)s)") % {
            "date": format_date(m.baseline_end),
            "slip": slip_label(m.slip_days),
        }
    return text


def _list(lines: list[str], empty: str) -> list[str]:
    return lines if lines else [f"*{empty}*"]


def render_markdown(report: ProgressReport) -> str:
    """The draft, as Markdown staff can edit."""
    period = _("%(since)s to %(until)s") % {
        "since": format_date(report.since),
        "until": format_date(report.until),
    }
    lines = [f"# {markdown_line(report_title(report))}", "", markdown_line(period), ""]
    lines += [f"## {_('Summary')}", ""]
    if report.has_activity:
        lines += [
            f"- {label}: {count}"
            for label, count in (
                (_("Meetings held"), len(report.meetings)),
                (_("Decisions reached"), len(report.decisions)),
                (_("Action items opened"), report.total("opened")),
                (_("Action items closed"), report.total("closed")),
                (_("Action items overdue"), report.total("overdue")),
                (_("Milestones reached"), len(report.milestones_reached)),
                (_("Milestones slipped against the baseline"), len(report.milestones_slipped)),
            )
        ]
    else:
        lines.append(_("There was no recorded activity in this period."))
    lines += ["", f"## {_('Meetings held')}", ""]
    lines += _list(
        [
            "- "
            + markdown_line(
                m.title
                if m.number is None or f"#{m.number}" in m.title
                else f"{m.title} #{m.number}"
            )
            + (f" ({format_date(m.held_on)})" if m.held_on else "")
            for m in report.meetings
        ],
        _("No meetings were held."),
    )
    lines += ["", f"## {_('Decisions reached')}", ""]
    lines += _list(
        [
            f"- {markdown_line(plain_line(d.text))}"
            + (f" ({format_date(d.decided_on)})" if d.decided_on else "")
            for d in report.decisions
        ],
        _("No decisions were reached."),
    )
    lines += ["", f"## {_('Action items')}", ""]
    for heading, name, empty, closed in (
        (_("Opened"), "opened", _("None opened."), False),
        (_("Closed"), "closed", _("None closed."), True),
        (_("Overdue"), "overdue", _("None overdue."), False),
    ):
        items = getattr(report, name)
        total = report.total(name)
        lines += [f"### {heading} ({total})", ""]
        lines += _list([_item(i, closed=closed) for i in items], empty)
        if total > len(items):
            lines.append(
                "- "
                + _("… and %(n)s more: the team's action-item tracker lists them all.")
                % {"n": total - len(items)}
            )
        lines.append("")
    for name in (OPEN_CLOSED, OVERDUE_BY_OWNER, CLOSED_PER_MONTH):
        if name in report.figures:
            lines += [figure_marker(name), ""]
    lines += [f"## {_('Milestones')}", ""]
    lines += [f"### {_('Reached')} ({len(report.milestones_reached)})", ""]
    lines += _list(
        [_milestone(m, reached=True) for m in report.milestones_reached], _("None reached.")
    )
    lines += ["", f"### {_('Slipped')} ({len(report.milestones_slipped)})", ""]
    lines += _list([_milestone(m) for m in report.milestones_slipped], _("None slipped."))
    if report.milestones_late:
        lines += ["", f"### {_('Late')} ({len(report.milestones_late)})", ""]
        lines += [_milestone(m) for m in report.milestones_late]
    if TIMELINE in report.figures:
        lines += ["", figure_marker(TIMELINE)]
    lines += ["", f"## {_('Requests outstanding')}", ""]
    if report.requests is None:
        lines.append(f"*{_('Not available: requests are not tracked here yet.')}*")
    else:
        lines += _list(
            [f"- {markdown_line(r)}" for r in report.requests], _("No requests outstanding.")
        )
    lines += ["", f"## {_('Next steps')}", ""]
    lines += _list(
        [
            f"- {markdown_line(m.title)}: " + _("due %(date)s") % {"date": format_date(m.end_on)}
            for m in report.upcoming
        ],
        _("Staff: add the next steps here."),
    )
    return "\n".join(lines).rstrip() + "\n"


# --- DOCX -------------------------------------------------------------------------------------

_parser = MarkdownIt("commonmark")


def _add_picture(document: DocxDocument, picture: Picture) -> None:
    """The PNG at the text's width, its description as the alternative text, and a caption."""
    from docx.shared import Inches

    document.add_picture(io.BytesIO(picture.png), width=Inches(DOCX_PICTURE_WIDTH_IN))
    shape = document.inline_shapes[-1]
    shape._inline.docPr.set("descr", picture.description)  # python-docx has no API for it
    shape._inline.docPr.set("title", picture.title)
    caption = document.add_paragraph(picture.title)
    caption.runs[0].italic = True


def markdown_to_docx(
    markdown: str,
    *,
    figures: Mapping[str, str] | None = None,
    pictures: Mapping[str, Sequence[Picture]] | None = None,
) -> bytes:
    """A Word document from the draft: headings, paragraphs and (nested) bullet lists; a figure
    marker becomes the picture (its pages) where `pictures` has PNGs for it, else a note."""
    by_marker = {
        figure_marker(name): [page for page in pages if page.png]
        for name, pages in (pictures or {}).items()
        if any(page.png for page in pages)
    }
    markers = {figure_marker(name) for name in (*(figures or {}), *FIGURES)}
    # python-docx (with lxml) only when a report is asked for: a web worker need not carry it.
    from docx import Document

    document = Document()
    depth = 0
    heading: int | None = None
    for token in _parser.parse(markdown or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = None
        elif token.type == "inline":
            words = plain_line(token.content)
            if heading is not None:
                document.add_heading(words, level=min(heading, 4) if heading > 1 else 0)
            elif depth:
                style = "List Bullet" if depth == 1 else "List Bullet 2"
                document.add_paragraph(words, style=style)
            elif words in by_marker:
                for page in by_marker[words]:
                    _add_picture(document, page)
            elif words in markers:
                note = document.add_paragraph()
                note.add_run(
                    _(
                        "%(figure)s The picture is in the PDF edition of this report and on the "
                        "team's pages."
                    )
                    % {"figure": words}
                ).italic = True
            else:
                document.add_paragraph(words)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_docx(report: ProgressReport) -> bytes:
    return markdown_to_docx(
        render_markdown(report), figures=report.figures, pictures=report.pictures
    )


# --- PDF --------------------------------------------------------------------------------------


def _figure_html(name: str, svg: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    match = re.search(r"<title[^>]*>(.*?)</title>", svg, re.DOTALL)
    alt = match.group(1) if match else name  # already escaped in the SVG
    return (
        f'<figure class="chart"><img src="data:image/svg+xml;base64,{data}" alt="{alt}">'
        f"<figcaption>{alt}</figcaption></figure>"
    )


def markdown_to_html(
    markdown: str,
    *,
    figures: Mapping[str, str] | None = None,
    pictures: Mapping[str, Sequence[Picture]] | None = None,
    title: str = "",
) -> str:
    """The draft as an HTML document: Markdown sanitised, figure markers replaced by pictures
    (by the pages of a figure in `pictures`, else by the whole one in `figures`)."""
    body = str(markdown_html(markdown))
    drawn = {name: [svg] for name, svg in (figures or {}).items()}
    drawn.update(
        {name: [p.svg for p in pages] for name, pages in (pictures or {}).items() if pages}
    )
    for name, svgs in drawn.items():
        html = "".join(_figure_html(name, svg) for svg in svgs)
        body = body.replace(f"<p>{escape(figure_marker(name))}</p>", html)
    heading = re.search(r"<h1>(.*?)</h1>", body)
    return render_template(
        "documents/progress_report.html",
        {
            "title": mark_safe(heading.group(1)) if heading else title,  # noqa: S308 - sanitised above
            "body": mark_safe(body),  # noqa: S308 - nh3-sanitised Markdown and our own SVG
        },
    )


def markdown_to_pdf(
    markdown: str,
    *,
    figures: Mapping[str, str] | None = None,
    pictures: Mapping[str, Sequence[Picture]] | None = None,
) -> bytes:
    return html_to_pdf(
        markdown_to_html(markdown, figures=figures, pictures=pictures),
        stylesheet=read_stylesheet("print.css") + read_stylesheet("progress.css"),
    )


def render_pdf(report: ProgressReport) -> bytes:
    return markdown_to_pdf(
        render_markdown(report), figures=report.figures, pictures=report.pictures
    )
