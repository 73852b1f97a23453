"""The co-chairs' coordination deck as Markdown, PPTX (python-pptx) and PDF (WeasyPrint).

All three draw the same slides, planned once by `slides.plan_deck`: a title slide, "Proposed
Agenda", one slide per section, "Open Action Items/Requests" with each item's latest status,
the work plan's timeline (a picture: SVG in the PDF, PNG in the PPTX, its description in
Markdown) when the team has one, "Additional Information", then the "Review Open Action Items
(k of N)" tables.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as PptxPresentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide as PptxSlide
from pptx.table import _Cell
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from secretariat.documents import slides as layout
from secretariat.documents.content import DeckContent, Picture
from secretariat.documents.pdf import html_to_pdf
from secretariat.documents.slides import Slide
from secretariat.documents.templating import read_stylesheet, render_template
from secretariat.documents.text import markdown_line

TITLE_LAYOUT, BULLETS_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5  # python-pptx's default template


def column_titles() -> tuple[str, str, str]:
    """The review tables' column headings."""
    return _("Action"), _("Owner"), _("Due Date")


# Markdown


def _md_cell(text: str) -> str:
    return markdown_line(text).replace("|", "\\|")


def _slide_markdown(slide: Slide) -> list[str]:
    if slide.kind == "title":
        return [
            f"# {markdown_line(slide.title)}",
            "",
            *(markdown_line(line) for line in slide.subtitle),
        ]
    lines = [f"## {markdown_line(slide.title)}"]
    if slide.kind == "picture":
        lines += ["", *(markdown_line(line) for line in slide.subtitle)]
    if slide.bullets:
        lines.append("")
        lines += [f"{'  ' * b.level}- {markdown_line(b.text)}" for b in slide.bullets]
    if slide.rows:
        lines += ["", "| " + " | ".join(column_titles()) + " |", "| --- | --- | --- |"]
        lines += [
            f"| {_md_cell(r.action)} | {_md_cell(r.owner)} | {_md_cell(r.due)} |"
            for r in slide.rows
        ]
    return lines


def render_deck_markdown(content: DeckContent) -> str:
    """The deck as Markdown: one `---`-separated part per slide, the same slides as the PPTX."""
    parts = ["\n".join(_slide_markdown(slide)) for slide in layout.plan_deck(content)]
    return "\n\n---\n\n".join(parts) + "\n"


# PPTX


def _place(shape: BaseShape, *, top_in: float, height_in: float) -> None:
    shape.left, shape.top = Inches(layout.LEFT_IN), Inches(top_in)
    shape.width, shape.height = Inches(layout.BODY_WIDTH_IN), Inches(height_in)


def _set_text(frame: TextFrame, lines: list[tuple[str, int, int]], *, bold: bool = False) -> None:
    """Fill a text frame with (text, level, size in points) paragraphs; no autofit."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, (text, level, size) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.level = level
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold or None


def _titled(slide: PptxSlide, title: str, *, top_in: float = layout.TITLE_TOP_IN) -> None:
    shape = slide.shapes.title
    if shape is None:  # every layout used here has one; a changed template would not
        raise ValueError("slide layout without a title placeholder")
    _place(shape, top_in=top_in, height_in=layout.TITLE_HEIGHT_IN)
    _set_text(shape.text_frame, [(title, 0, layout.TITLE_PT)])


def _fill_row(cells: list[_Cell], texts: tuple[str, str, str], *, header: bool) -> None:
    for cell, text in zip(cells, texts, strict=True):
        cell.margin_left = cell.margin_right = Inches(layout.CELL_PAD_X_IN)
        cell.margin_top = cell.margin_bottom = Inches(layout.CELL_PAD_Y_IN)
        _set_text(cell.text_frame, [(text, 0, layout.CELL_PT)], bold=header)


def _add_table(slide: PptxSlide, rows: tuple[layout.Row, ...]) -> None:
    """A review table whose rows have the heights the layout estimated."""
    left, top = Inches(layout.LEFT_IN), Inches(layout.BODY_TOP_IN)
    height = Emu(Pt(layout.table_height_pt(rows)))
    shape = slide.shapes.add_table(
        len(rows) + 1, 3, left, top, Inches(layout.BODY_WIDTH_IN), height
    )
    table = shape.table
    for index, width in enumerate(layout.COLUMN_WIDTHS_IN):
        table.columns[index].width = Inches(width)
    table.rows[0].height = Emu(Pt(layout.row_height_pt(1)))
    _fill_row(list(table.rows[0].cells), column_titles(), header=True)
    for index, row in enumerate(rows, start=1):
        table.rows[index].height = Emu(Pt(layout.row_height_pt(row.lines)))
        _fill_row(list(table.rows[index].cells), (row.action, row.owner, row.due), header=False)


def _add_slide(deck: PptxPresentation, slide: Slide) -> None:
    layouts = deck.slide_layouts
    if slide.kind == "title":
        page = deck.slides.add_slide(layouts[TITLE_LAYOUT])
        _titled(page, slide.title, top_in=2.2)
        subtitle = page.placeholders[1]
        _place(subtitle, top_in=3.4, height_in=2.0)
        _set_text(subtitle.text_frame, [(line, 0, 20) for line in slide.subtitle])
    elif slide.kind == "bullets":
        page = deck.slides.add_slide(layouts[BULLETS_LAYOUT])
        _titled(page, slide.title)
        body = page.placeholders[1]
        _place(body, top_in=layout.BODY_TOP_IN, height_in=layout.BODY_HEIGHT_IN)
        lines = [(b.text, b.level, b.size_pt) for b in slide.bullets]
        _set_text(body.text_frame, lines)
    else:
        page = deck.slides.add_slide(layouts[TITLE_ONLY_LAYOUT])
        _titled(page, slide.title, top_in=3.0 if slide.kind == "divider" else layout.TITLE_TOP_IN)
        if slide.rows:
            _add_table(page, slide.rows)


def _add_picture(slide: PptxSlide, picture: Picture) -> None:
    """The PNG, as large as the body allows at its own proportions, with its alternative text."""
    with Image.open(io.BytesIO(picture.png)) as image:
        ratio = image.width / image.height
    width, height = layout.BODY_WIDTH_IN, layout.BODY_WIDTH_IN / ratio
    if height > layout.BODY_HEIGHT_IN:
        width, height = layout.BODY_HEIGHT_IN * ratio, layout.BODY_HEIGHT_IN
    shape = slide.shapes.add_picture(
        io.BytesIO(picture.png),
        Inches(layout.LEFT_IN + (layout.BODY_WIDTH_IN - width) / 2),
        Inches(layout.BODY_TOP_IN),
        Inches(width),
        Inches(height),
    )
    element: Any = shape._element  # python-pptx has no API for the alternative text
    element.nvPicPr.cNvPr.set("descr", picture.description)


def render_deck_pptx(content: DeckContent) -> bytes:
    """The deck as a PowerPoint file (16:9), with Markdown in texts shown as plain text."""
    deck = Presentation()
    deck.slide_width = Inches(layout.SLIDE_WIDTH_IN)
    deck.slide_height = Inches(layout.SLIDE_HEIGHT_IN)
    for slide in layout.plan_deck(content):
        _add_slide(deck, slide)
        if slide.kind == "picture":
            _add_picture(deck.slides[-1], content.timeline[slide.picture])
    meeting = content.meeting
    deck.core_properties.title = meeting.title
    deck.core_properties.subject = meeting.team_name
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# PDF


def _geometry_css() -> str:
    """The slide geometry of `slides` as CSS, so the PDF paginates as the PPTX does."""
    cols = layout.COLUMN_WIDTHS_IN
    return f"""
@page deck {{ size: {layout.SLIDE_WIDTH_IN}in {layout.SLIDE_HEIGHT_IN}in; margin: 0; }}
.slide {{ padding: {layout.TITLE_TOP_IN}in {layout.LEFT_IN}in 0; }}
.slide h1 {{ height: {layout.TITLE_HEIGHT_IN}in; font-size: {layout.TITLE_PT}pt; }}
.slide .body {{ margin-top: {layout.BODY_TOP_IN - layout.TITLE_TOP_IN - layout.TITLE_HEIGHT_IN}in;
  width: {layout.BODY_WIDTH_IN}in; box-sizing: border-box; }}
.bullets {{ padding: {layout.BODY_INSET_IN}in; }}
.review th, .review td {{ font-size: {layout.CELL_PT}pt; padding: {layout.CELL_PAD_Y_IN}in {layout.CELL_PAD_X_IN}in; }}
.review col.action {{ width: {cols[0]}in; }}
.review col.owner {{ width: {cols[1]}in; }}
.review col.due {{ width: {cols[2]}in; }}
.picture img {{ width: {layout.BODY_WIDTH_IN}in; max-height: {layout.BODY_HEIGHT_IN}in; }}
""" + "".join(
        f".level-{level} {{ margin-left: {indent}in; font-size: {size}pt; "
        f"margin-top: {size * layout.BULLET_SPACE_BEFORE}pt; }}\n"
        for level, (indent, size) in enumerate(
            zip(layout.BULLET_INDENT_IN, _bullet_sizes(), strict=True)
        )
    )


def _bullet_sizes() -> list[int]:
    return [layout.Bullet("", level).size_pt for level in range(len(layout.BULLET_INDENT_IN))]


def render_deck_html(content: DeckContent) -> str:
    """The deck as one HTML document, one `<section class="slide">` per slide."""
    context = {"meeting": content.meeting, "slides": layout.plan_deck(content)}
    context["picture_srcs"] = [
        "data:image/svg+xml;base64," + base64.b64encode(p.svg.encode("utf-8")).decode("ascii")
        for p in content.timeline
    ]
    return render_template("documents/deck.html", {**context, "columns": column_titles()})


def render_deck_pdf(content: DeckContent) -> bytes:
    """The deck as a landscape PDF, one page per slide."""
    stylesheet = read_stylesheet("print.css") + _geometry_css()
    return html_to_pdf(render_deck_html(content), stylesheet=stylesheet)
