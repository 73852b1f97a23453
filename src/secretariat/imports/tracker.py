"""A wiki action-item tracker: an HTML table, a tab-separated copy, or the table copied as text
with its cells run together.

Run-together rows look like
    365General8211 Sep 2019Jennifer to share … this week.ICANN org11 Sep 2019
    Shared via email. 18 Sep 2019
i.e. item number, category, source (a meeting number touching the day: "8211 Sep 2019" is
meeting 82 on 11 Sep 2019, or a word such as "Email"), date of request, the action, the owner
and the due date on the first line (cells may also sit on lines of their own), then the progress
notes / completed response, ending with the completion date when the item is done. Which split
of "8211" is right is decided over the whole table (see dates.choose_numbers).

Older trackers have Mtg / Date / Action / Owner / Due Date columns and "(tick)" for done items.
Links in cells are kept as Markdown links.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from secretariat.imports.columns import looks_like_header, read_table
from secretariat.imports.dates import (
    _MONTH,
    choose_numbers,
    number_date_candidates,
    parse_date,
    split_trailing_date,
)
from secretariat.imports.owners import owners_from_text, split_owners
from secretariat.imports.result import ActionItemData, ImportResult, Note, Notice
from secretariat.imports.text import clean, preamble_kind

FORMAT = "tracker"

_ROW_START = re.compile(
    rf"^(?P<number>\d{{1,5}})(?P<letters>[A-Za-z][A-Za-z &/-]*?)\s*(?P<digits>\d{{1,7}})\s*"
    rf"(?P<month>{_MONTH})\s+(?P<year>\d{{4}})(?P<rest>.*)$",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Where the action's cell ends and the owner's begins when they touch: "…this week.ICANN org".
_OWNER_JOIN = re.compile(r"[.)!?\"\u201d\u2019:](?=[A-Z])")


# ---- HTML tables -------------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


class _TableReader(HTMLParser):
    """Cells of every <table> as text, links as Markdown, images by their alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._depth = 0
        self._row: list[str] | None = None
        self._row_line = 0
        self._cell: list[str] | None = None
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self._depth += 1
            self.tables.append(_Table())
        elif tag == "tr" and self._depth:
            self._row = []
            self._row_line = self.getpos()[0]
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif self._cell is not None:
            if tag == "a":
                self._href = attributes.get("href")
                self._link_text = []
            elif tag in ("br", "p", "li", "div"):
                self._write("\n")
            elif tag == "img" and attributes.get("alt"):
                self._write(f" {attributes['alt']} ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("\n".join(clean(x) for x in "".join(self._cell).split("\n")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].rows.append((self._row_line, self._row))
            self._row = None
        elif tag == "a" and self._href is not None and self._cell is not None:
            label = clean("".join(self._link_text)) or self._href
            self._cell.append(f"[{label}]({self._href})")
            self._href = None

    def handle_data(self, data: str) -> None:
        self._write(data)

    def _write(self, data: str) -> None:
        if self._href is not None:
            self._link_text.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def _parse_html(text: str, file: str, reference: dt.date) -> ImportResult:
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    items: list[ActionItemData] = []
    notices: list[Notice] = []
    for table in reader.tables:
        if not table.rows:
            continue
        _header_line, header = table.rows[0]
        if not looks_like_header(header):
            continue
        found, table_notices = read_table(
            header, table.rows[1:], file=file, reference=reference, row_label="line"
        )
        items.extend(found)
        notices.extend(table_notices)
    if not items and not any(n.blocking for n in notices):
        notices.append(
            Notice(
                file,
                _(
                    "expected a table whose header names an Action column and an Owner or Due column"
                ),
                line=1,
                blocking=True,
            )
        )
    return ImportResult(format=FORMAT, file=file, action_items=tuple(items), notices=tuple(notices))


# ---- Text ---------------------------------------------------------------------------------


def _parse_tabs(lines: list[tuple[int, str]], file: str, reference: dt.date) -> ImportResult | None:
    for index, (_number, line) in enumerate(lines):
        if "\t" in line and looks_like_header(line.split("\t")):
            header = [c.strip() for c in line.split("\t")]
            rows = [(n, [c.strip() for c in row.split("\t")]) for n, row in lines[index + 1 :]]
            items, notices = read_table(
                header, rows, file=file, reference=reference, row_label="line"
            )
            return ImportResult(
                format=FORMAT, file=file, action_items=tuple(items), notices=tuple(notices)
            )
    return None


@dataclass
class _Row:
    line: int
    number: int
    letters: str
    candidates: list[tuple[int | None, dt.date]]
    segments: list[tuple[int, str]]


def _split_owner(before: str) -> tuple[str, str]:
    """(action, owner) from "…end of this week.ICANN org" (the cells touch)."""
    joins = list(_OWNER_JOIN.finditer(before))
    if joins:
        cut = joins[-1].end()
        return before[:cut].strip(), before[cut:].strip()
    return before.strip(), ""


def _row_item(
    row: _Row,
    reading: tuple[int | None, dt.date] | None,
    file: str,
    reference: dt.date,
    notices: list[Notice],
) -> ActionItemData | None:
    letters = row.letters.strip()
    category, source_text = letters, ""
    camel = list(_CAMEL.finditer(letters))
    if camel and reading is not None and reading[0] is None:
        category, source_text = letters[: camel[-1].start()], letters[camel[-1].start() :]
    meeting, requested_on = reading if reading else (None, None)
    segments = [s for s in row.segments if s[1].strip()]
    due_index = None
    for index, (_line, segment) in enumerate(segments):
        if split_trailing_date(segment) is not None:
            due_index = index
            break
    if due_index is None:
        notices.append(
            Notice(
                file,
                _(
                    "expected the owner and an anticipated completion date (or TBD) after the action"
                ),
                line=row.line,
                blocking=True,
            )
        )
        return None
    before, due_raw = split_trailing_date(segments[due_index][1]) or ("", "")
    earlier = [s for _l, s in segments[:due_index]]
    action, owner = _split_owner(before)
    if earlier and not owner:
        action, owner = " ".join(earlier), before
    elif earlier:
        action = " ".join([*earlier, action])
    if not owner:
        notices.append(
            Notice(
                file, _("could not tell the owner from the action; no owner read"), line=row.line
            )
        )
    due = parse_date(due_raw, reference=reference)
    after = [s for _l, s in segments[due_index + 1 :]]
    completed_response, completed_on = "", None
    notes: tuple[Note, ...] = ()
    status = "open"
    if after:
        last = split_trailing_date(after[-1])
        finished = parse_date(last[1], reference=reference).value if last else None
        if last is not None and finished is not None:
            completed_response = clean(" ".join([*after[:-1], last[0]]))
            completed_on = finished
            status = "done"
        else:
            notes = tuple(Note(None, clean(s)) for s in after)
            status = "in_progress"
    text = clean(action)
    return ActionItemData(
        text=text,
        owners=tuple(split_owners(owner) or owners_from_text(text)),
        number=row.number,
        due=due.value,
        due_text=due.text or None,
        status=status,
        category=category.strip() or None,
        requested_on=requested_on,
        notes=notes,
        source_meeting=meeting,
        source_text=source_text,
        completed_response=completed_response,
        completed_on=completed_on,
        line=row.line,
    )


def _parse_runs(lines: list[tuple[int, str]], file: str, reference: dt.date) -> ImportResult:
    rows: list[_Row] = []
    notices: list[Notice] = []
    for number, line in lines:
        match = _ROW_START.match(line.strip())
        if match is not None:
            letters = match["letters"]
            digits = match["digits"]
            rest_of_date = f"{match['month']} {match['year']}"
            candidates = number_date_candidates(digits, rest_of_date)
            if _CAMEL.search(letters.strip()) and len(digits) <= 2:
                # A worded source ("GeneralEmail30 Apr 2019") leaves only the day.
                candidates = [c for c in candidates if c[0] is None] or candidates
            if candidates:
                rows.append(
                    _Row(
                        number, int(match["number"]), letters, candidates, [(number, match["rest"])]
                    )
                )
                continue
        if rows:
            rows[-1].segments.append((number, line))
    readings = choose_numbers([r.candidates for r in rows])
    items: list[ActionItemData] = []
    for row, reading in zip(rows, readings, strict=True):
        item = _row_item(row, reading, file, reference, notices)
        if item is not None:
            items.append(item)
    if not rows:
        notices.append(
            Notice(
                file,
                _(
                    "expected tracker rows starting with an item number, a category and a date "
                    '(e.g. "365General8211 Sep 2019…") or a header row with an Action column'
                ),
                line=lines[0][0] if lines else 1,
                blocking=True,
            )
        )
    return ImportResult(format=FORMAT, file=file, action_items=tuple(items), notices=tuple(notices))


def parse(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    if re.search(r"<table\b", text, re.IGNORECASE):
        return _parse_html(text, file, reference)
    raw_lines = text.splitlines()
    _kind, skip = preamble_kind(raw_lines)
    lines = [(n, line) for n, line in enumerate(raw_lines, start=1) if n > skip and line.strip()]
    tabbed = _parse_tabs(lines, file, reference)
    if tabbed is not None:
        return tabbed
    return _parse_runs(lines, file, reference)
