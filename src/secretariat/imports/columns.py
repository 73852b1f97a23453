"""Tracker columns by name: one header map and one row reader for every table-shaped source
(CSV, XLSX, a wiki tracker's HTML table or tab-separated copy).

Header names are matched without regard to case, spacing or punctuation, with the usual
synonyms ("Item #"/"Number", "Action Item Request"/"Action", "Anticipated Completion Date"/
"Due"…). The tracker's own CSV/XLSX export uses the canonical names, so export → import is a
round trip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from secretariat.imports.dates import parse_date, split_trailing_date
from secretariat.imports.owners import owners_from_text, split_owners
from secretariat.imports.result import ActionItemData, Note, Notice

SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("number", "item #", "item", "#", "no", "item no", "item number", "id", "ref"),
    "category": ("category", "type"),
    "topic": ("topic", "sub-group", "subgroup", "sub group", "heading", "workstream"),
    "source": ("source of request", "source", "mtg", "meeting", "mtg #", "meeting #"),
    "requested_on": ("date of request", "date requested", "requested on", "requested", "date"),
    "text": (
        "action item request",
        "action item",
        "action",
        "actions",
        "action items",
        "text",
        "description",
        "task",
    ),
    "owners": ("action owner", "owner", "owners", "assigned to", "responsible", "who"),
    "due": (
        "anticipated completion date",
        "due date",
        "due",
        "deadline",
        "target date",
        "due on",
    ),
    "status": ("status", "state", "done"),
    "notes": ("progress notes", "notes", "progress", "progress note", "comments"),
    "completed_response": ("completed response", "response", "completion response"),
    "completed_on": ("completion date", "completed on", "date completed", "completed"),
    "visibility": ("visibility", "access"),
}
_BY_NAME = {name: fieldname for fieldname, names in SYNONYMS.items() for name in names}
STATUS_WORDS = {
    "open": "open",
    "new": "open",
    "not started": "open",
    "pending": "open",
    "in progress": "in_progress",
    "in_progress": "in_progress",
    "ongoing": "in_progress",
    "underway": "in_progress",
    "started": "in_progress",
    "done": "done",
    "complete": "done",
    "completed": "done",
    "closed": "done",
    "(tick)": "done",
    "✓": "done",
    "✔": "done",
    "yes": "done",
    "dropped": "dropped",
    "cancelled": "dropped",
    "canceled": "dropped",
    "withdrawn": "dropped",
    "merged": "merged",
    "duplicate": "merged",
}
VISIBILITIES = {"public": "public", "team": "team", "team only": "team", "restricted": "restricted"}
TICK = re.compile(r"\(\s*tick\s*\)|✓|✔", re.IGNORECASE)
_NOTE_LINE = re.compile(r"^\s*(?P<date>\d{4}-\d{2}-\d{2})\s*[:\-\u2013\u2014]\s*(?P<text>.+)$")


def normalise(header: str) -> str:
    return " ".join(re.sub(r"[^\w#/ -]", " ", header.casefold()).replace("_", " ").split())


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def map_header(headers: Sequence[str]) -> tuple[list[str | None], list[str]]:
    """The field of each column (None when unknown) and the unknown columns' names."""
    fields: list[str | None] = []
    unknown: list[str] = []
    taken: set[str] = set()
    for header in headers:
        fieldname = _BY_NAME.get(normalise(header or ""))
        if fieldname is None or fieldname in taken:
            fields.append(None)
            if (header or "").strip():
                unknown.append(header.strip())
            continue
        taken.add(fieldname)
        fields.append(fieldname)
    return fields, unknown


def looks_like_header(headers: Sequence[str]) -> bool:
    fields, _unknown = map_header(headers)
    return "text" in fields and len([f for f in fields if f]) >= 2


def parse_notes(cell: str, reference: dt.date) -> tuple[Note, ...]:
    """Progress notes: one per line; "2019-09-18: text", "text 18 Sep 2019" or undated."""
    notes: list[Note] = []
    for line in (cell or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = _NOTE_LINE.match(line)
        if match:
            notes.append(Note(dt.date.fromisoformat(match["date"]), match["text"].strip()))
            continue
        trailing = split_trailing_date(line)
        if trailing and trailing[0]:
            day = parse_date(trailing[1], reference=reference).value
            if day is not None:
                notes.append(Note(day, trailing[0].strip()))
                continue
        notes.append(Note(None, line))
    return tuple(notes)


def read_row(
    values: Mapping[str, str],
    *,
    file: str,
    row: int,
    letters: Mapping[str, str],
    reference: dt.date,
) -> tuple[ActionItemData | None, list[Notice]]:
    """One tracker row as an action item, or None and blocking notices naming row and column."""
    notices: list[Notice] = []

    def bad(fieldname: str, message: str) -> None:
        notices.append(Notice(file, message, row=row, column=letters.get(fieldname), blocking=True))

    raw_text = values.get("text", "")
    ticked = any(TICK.search(v or "") for v in values.values())
    text = " ".join(TICK.sub(" ", raw_text).split())
    if not text:
        bad("text", _("expected the action's text in this column; the cell is empty"))
        return None, notices

    number: int | None = None
    raw_number = (values.get("number") or "").strip().lstrip("#")
    if raw_number:
        if raw_number.isdigit() and int(raw_number) > 0:
            number = int(raw_number)
        else:
            bad("number", _("expected an item number such as 365, found %(v)r") % {"v": raw_number})

    def day(fieldname: str, label: str) -> tuple[dt.date | None, str]:
        reading = parse_date(values.get(fieldname), reference=reference)
        if not reading.readable:
            bad(
                fieldname,
                _('expected %(label)s such as "30 May", "2017-05-30" or "TBD", found %(v)r')
                % {"label": label, "v": reading.text},
            )
        return reading.value, reading.text

    due, due_text = day("due", _("a due date"))
    requested_on, _r = day("requested_on", _("the date of request"))
    completed_on, _c = day("completed_on", _("the completion date"))

    raw_status = TICK.sub(" (tick) ", values.get("status") or "").strip().casefold()
    status = "open"
    if raw_status:
        status_word = STATUS_WORDS.get(" ".join(raw_status.split()))
        if status_word is None:
            bad(
                "status",
                _("expected a status (open, in progress, done, dropped, merged), found %(v)r")
                % {"v": values.get("status")},
            )
        else:
            status = status_word
    if ticked or (
        status == "open" and (completed_on or (values.get("completed_response") or "").strip())
    ):
        status = "done"

    visibility = "public"
    raw_visibility = (values.get("visibility") or "").strip().casefold()
    if raw_visibility:
        if raw_visibility not in VISIBILITIES:
            bad(
                "visibility",
                _("expected public, team or restricted, found %(v)r")
                % {"v": values.get("visibility")},
            )
        else:
            visibility = VISIBILITIES[raw_visibility]

    source = (values.get("source") or "").strip().lstrip("#")
    owners = split_owners(values.get("owners")) or owners_from_text(text)
    if notices:
        return None, notices
    item = ActionItemData(
        text=text,
        owners=tuple(owners),
        number=number,
        due=due,
        due_text=due_text or None,
        status=status,
        category=(values.get("category") or "").strip() or None,
        requested_on=requested_on,
        notes=parse_notes(values.get("notes") or "", reference),
        topic=(values.get("topic") or "").strip(),
        source_meeting=int(source) if source.isdigit() else None,
        source_text="" if source.isdigit() else source,
        completed_response=(values.get("completed_response") or "").strip(),
        completed_on=completed_on,
        visibility=visibility,
        line=row,
    )
    return item, notices


def read_table(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    *,
    file: str,
    reference: dt.date,
    row_label: str = "row",
) -> tuple[list[ActionItemData], list[Notice]]:
    """Every row of a table under `header`; unknown columns and bad rows are reported."""
    fields, unknown = map_header(header)
    notices: list[Notice] = []
    if unknown:
        notices.append(
            Notice(
                file,
                _("unknown columns, not imported: %(names)s") % {"names": ", ".join(unknown)},
                row=rows[0][0] - 1 if rows else 1,
            )
        )
    if "text" not in fields:
        notices.append(
            Notice(
                file,
                _("expected a header row with an Action column (Action, Action Item Request…)"),
                row=rows[0][0] - 1 if rows else 1,
                blocking=True,
            )
        )
        return [], notices
    letters = {f: column_letter(i) for i, f in enumerate(fields) if f}
    items: list[ActionItemData] = []
    for row_number, cells in rows:
        if not any((c or "").strip() for c in cells):
            continue
        values = {f: (cells[i] if i < len(cells) else "") or "" for i, f in enumerate(fields) if f}
        item, row_notices = read_row(
            values, file=file, row=row_number, letters=letters, reference=reference
        )
        if row_label == "line":
            row_notices = [
                Notice(n.file, n.message, line=n.row, column=n.column, blocking=n.blocking)
                for n in row_notices
            ]
        notices.extend(row_notices)
        if item is not None:
            items.append(item)
    return items, notices
