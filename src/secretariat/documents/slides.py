"""The deck as a list of slides, laid out once and drawn three ways (Markdown, PPTX, PDF).

Nothing here draws: it decides what goes on which slide. Text that would not fit is moved to
the next slide; a table row or bullet too tall for a slide of its own is cut with "…" and a note.
Heights are estimates: a text takes as many lines as greedy word wrapping at the column's width
gives, counting every character as `CHAR_EM` of the font size (DejaVu Sans, the PDF's font,
averages 0.51 em on the seed's English; Calibri, PowerPoint's, is narrower).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from secretariat.documents.content import AgendaEntry, DeckContent, ItemLine
from secretariat.documents.text import (
    due_text,
    format_when,
    owners_text,
    plain_line,
    plain_text,
    status_line,
)

# Geometry, in inches and points: a 16:9 slide, also the PDF's page.
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
LEFT_IN = 0.5
TITLE_TOP_IN = 0.3
TITLE_HEIGHT_IN = 1.0
TITLE_PT = 28
BODY_TOP_IN = 1.45
BODY_WIDTH_IN = 12.333
BODY_HEIGHT_IN = 5.65  # leaves 0.4 in at the bottom of the slide

CHAR_EM = 0.56  # estimated average character width, as a fraction of the font size
LINE_HEIGHT = 1.2  # line height, as a multiple of the font size
BULLET_SPACE_BEFORE = 0.2  # space before each bullet, as a multiple of its font size
BULLET_PT = (20, 18, 16)  # by level; deeper levels take the last
BULLET_INDENT_IN = (0.4, 0.9, 1.4, 1.9, 2.4)  # by level; deeper levels take the last
BODY_INSET_IN = 0.1  # the text box's own inner margin on each side

CELL_PT = 12
CELL_PAD_X_IN = 0.1
CELL_PAD_Y_IN = 0.05
ROW_BORDER_PT = 1.5  # rule lines between rows
COLUMN_WIDTHS_IN = (8.333, 2.5, 1.5)  # Action, Owner, Due Date; sum = BODY_WIDTH_IN

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Bullet:
    """One line of a bullet slide: plain text at a nesting level (0 = top)."""

    text: str
    level: int = 0

    @property
    def size_pt(self) -> int:
        return BULLET_PT[min(self.level, len(BULLET_PT) - 1)]

    @property
    def style_level(self) -> int:
        """The deepest level the layout styles differently (deeper ones look alike)."""
        return min(self.level, len(BULLET_INDENT_IN) - 1)

    @property
    def indent_in(self) -> float:
        return BULLET_INDENT_IN[min(self.level, len(BULLET_INDENT_IN) - 1)]


@dataclass(frozen=True)
class Row:
    """One row of a review table: the item's plain texts and its estimated height in lines."""

    action: str
    owner: str
    due: str
    lines: int
    number: int | None = None
    truncated: bool = False


@dataclass(frozen=True)
class Slide:
    """A slide: `kind` is "title", "divider", "bullets", "table" or "picture" (the work-plan
    timeline's `picture`-th page: `subtitle` holds its text alternative)."""

    kind: str
    title: str
    subtitle: tuple[str, ...] = ()
    bullets: tuple[Bullet, ...] = ()
    rows: tuple[Row, ...] = ()
    picture: int = 0


def chars_per_line(width_in: float, size_pt: float) -> int:
    """How many characters an estimate puts on one line of `width_in` at `size_pt`."""
    return max(1, int(width_in * POINTS_PER_INCH / (size_pt * CHAR_EM)))


def _wrap(text: str, width_in: float, size_pt: float) -> list[str]:
    width = chars_per_line(width_in, size_pt)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    return lines


def estimate_lines(text: str, width_in: float, size_pt: float) -> int:
    """The number of lines `text` takes once wrapped at `width_in` (at least one)."""
    return len(_wrap(text, width_in, size_pt))


def fit_text(text: str, width_in: float, size_pt: float, max_lines: int, note: str) -> str:
    """`text` if it fits in `max_lines`, else its beginning, "…" and `note`."""
    lines = _wrap(text, width_in, size_pt)
    if len(lines) <= max_lines:
        return text
    for keep in range(max_lines, -1, -1):
        cut = " ".join(line.strip() for line in lines[:keep]).rstrip() + "… " + note
        if estimate_lines(cut, width_in, size_pt) <= max_lines:
            return cut
    return "…"


def text_width_in(column_in: float) -> float:
    """The width a table cell leaves for its text."""
    return column_in - 2 * CELL_PAD_X_IN


def row_height_pt(lines: int) -> float:
    """The estimated height of a table row whose tallest cell has `lines` lines."""
    return lines * CELL_PT * LINE_HEIGHT + 2 * CELL_PAD_Y_IN * POINTS_PER_INCH + ROW_BORDER_PT


def bullet_height_pt(bullet: Bullet) -> float:
    """The estimated height of a bullet, space before included."""
    width = BODY_WIDTH_IN - 2 * BODY_INSET_IN - bullet.indent_in
    lines = estimate_lines(bullet.text, width, bullet.size_pt)
    return bullet.size_pt * (lines * LINE_HEIGHT + BULLET_SPACE_BEFORE)


BODY_HEIGHT_PT = BODY_HEIGHT_IN * POINTS_PER_INCH
TABLE_ROOM_PT = BODY_HEIGHT_PT - row_height_pt(1)  # below the header row
MAX_ROW_LINES = int((TABLE_ROOM_PT - row_height_pt(0)) // (CELL_PT * LINE_HEIGHT))
BULLET_ROOM_PT = BODY_HEIGHT_PT - 2 * BODY_INSET_IN * POINTS_PER_INCH


def _truncation_note(number: int | None) -> str:
    if number is None:
        return _("(shortened)")
    return _("(shortened; full text in action item #%(number)s)") % {"number": number}


def review_row(item: ItemLine) -> Row:
    """An item as a table row, each cell cut to what one slide can hold."""
    note = _truncation_note(item.number)
    cells = []
    for text, column_in in zip(
        (plain_text(item.text), owners_text(item), due_text(item)), COLUMN_WIDTHS_IN, strict=True
    ):
        cells.append(fit_text(text, text_width_in(column_in), CELL_PT, MAX_ROW_LINES, note))
    lines = max(
        estimate_lines(text, text_width_in(column_in), CELL_PT)
        for text, column_in in zip(cells, COLUMN_WIDTHS_IN, strict=True)
    )
    truncated = any(cell.endswith(note) for cell in cells)
    return Row(cells[0], cells[1], cells[2], lines, item.number, truncated)


def paginate(heights: Sequence[float], room: float) -> list[range]:
    """Greedy pages: consecutive indexes whose heights add up to at most `room`.

    Every height must be at most `room` (the callers cut what is taller).
    """
    pages: list[range] = []
    start, used = 0, 0.0
    for index, height in enumerate(heights):
        if used + height > room and index > start:
            pages.append(range(start, index))
            start, used = index, 0.0
        used += height
    if start < len(heights):
        pages.append(range(start, len(heights)))
    return pages


def fit_title(title: str) -> str:
    """A title cut to two lines, leaving room for " (k of N)" after it."""
    width = BODY_WIDTH_IN - 2 * BODY_INSET_IN - 2.5
    return fit_text(title, width, TITLE_PT, 2, "").rstrip()


def paged_title(title: str, page: int, pages: int) -> str:
    """`title (k of N)`."""
    return _("%(title)s (%(page)s of %(pages)s)") % {"title": title, "page": page, "pages": pages}


def review_slides(items: Sequence[ItemLine]) -> list[Slide]:
    """ "Review Open Action Items (k of N)" tables, or one slide saying there is nothing open."""
    title = _("Review Open Action Items")
    if not items:
        return [Slide("bullets", title, bullets=(Bullet(_("There are no open action items.")),))]
    rows = [review_row(item) for item in items]
    pages = paginate([row_height_pt(row.lines) for row in rows], TABLE_ROOM_PT)
    return [
        Slide("table", paged_title(title, k, len(pages)), rows=tuple(rows[i] for i in page))
        for k, page in enumerate(pages, start=1)
    ]


def fit_bullet(bullet: Bullet) -> Bullet:
    """The bullet, cut with "…" if it alone would not fit on a slide."""
    width = BODY_WIDTH_IN - 2 * BODY_INSET_IN - bullet.indent_in
    max_lines = int(BULLET_ROOM_PT / bullet.size_pt / LINE_HEIGHT - BULLET_SPACE_BEFORE)
    text = fit_text(bullet.text, width, bullet.size_pt, max_lines, _("(shortened)"))
    return Bullet(text, bullet.level)


def bullet_slides(title: str, bullets: Sequence[Bullet], empty: str) -> list[Slide]:
    """One slide of bullets, or as many "title (k of N)" slides as the bullets need."""
    if not bullets:
        return [Slide("bullets", title, bullets=(Bullet(empty),))]
    fitted = [fit_bullet(bullet) for bullet in bullets]
    pages = paginate([bullet_height_pt(bullet) for bullet in fitted], BULLET_ROOM_PT)
    if len(pages) == 1:
        return [Slide("bullets", title, bullets=tuple(fitted))]
    return [
        Slide("bullets", paged_title(title, k, len(pages)), bullets=tuple(fitted[i] for i in page))
        for k, page in enumerate(pages, start=1)
    ]


def _entry_label(entry: AgendaEntry) -> str:
    details = [entry.presenter] if entry.presenter else []
    if entry.minutes:
        details.append(_("%(minutes)s min") % {"minutes": entry.minutes})
    label = plain_line(entry.title)
    return f"{label} ({', '.join(details)})" if details else label


def agenda_bullets(
    entries: Iterable[AgendaEntry], *, level: int = 0, notes: bool = False
) -> list[Bullet]:
    """An agenda tree as bullets, depth first; with `notes`, each note line under its item."""
    bullets: list[Bullet] = []
    for entry in entries:
        bullets.append(Bullet(_entry_label(entry), level))
        if notes:
            for line in plain_text(entry.notes).splitlines():
                bullets.append(Bullet(line, level + 1))
        bullets.extend(agenda_bullets(entry.children, level=level + 1, notes=notes))
    return bullets


def open_item_bullets(items: Iterable[ItemLine]) -> list[Bullet]:
    """Each open item or request, with its "Status: …" line under it."""
    bullets: list[Bullet] = []
    for item in items:
        bullets.append(Bullet(plain_line(item.text), 0))
        bullets.append(Bullet(status_line(item), 1))
    return bullets


def plan_deck(content: DeckContent) -> list[Slide]:
    """The co-chairs' deck, slide by slide, in the seed's order."""
    meeting = content.meeting
    subtitle = [meeting.team_name, format_when(meeting.starts_at, meeting.duration_minutes)]
    if meeting.place:
        subtitle.append(meeting.place)
    slides = [
        Slide("title", fit_title(meeting.title), subtitle=tuple(line for line in subtitle if line))
    ]
    slides += bullet_slides(
        _("Proposed Agenda"), agenda_bullets(meeting.agenda), _("No agenda items yet.")
    )
    for section in content.sections:
        slides += bullet_slides(
            fit_title(plain_line(section.title)),
            agenda_bullets(section.bullets, notes=True),
            "—",
        )
    slides += bullet_slides(
        _("Open Action Items/Requests"),
        open_item_bullets(content.open_items),
        _("There are no open action items or requests."),
    )
    if content.briefings:  # the co-chairs' table of briefings with the staff's availability
        slides += bullet_slides(
            _("Outstanding Briefing Requests"),
            agenda_bullets(content.briefings, notes=True),
            "—",
        )
    if content.recommended_sessions:
        slides += bullet_slides(
            _("Sessions Recommended to the Team"),
            agenda_bullets(content.recommended_sessions, notes=True),
            "—",
        )
    for index, picture in enumerate(content.timeline):  # the work plan, drawn
        slides.append(
            Slide("picture", picture.title, subtitle=(picture.description,), picture=index)
        )
    slides.append(Slide("divider", _("Additional Information")))
    slides += review_slides(content.review_items)
    return slides


def table_height_pt(rows: Iterable[Row]) -> float:
    """The estimated height of a review table, header included."""
    return row_height_pt(1) + sum(row_height_pt(row.lines) for row in rows)
