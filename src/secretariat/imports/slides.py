"""A coordination deck flattened to text (the seed is one).

What it reads:
- the first line is the meeting's title; a "Proposed Agenda"/"Agenda" slide is its agenda, the
  bullets' indentation making the tree;
- "Action item: …" bullets, and the bullets of an "Open Action Items" slide, are action items; a
  "Status: …" bullet under one is its status, or a progress note (dated when it names a date:
  "followed up 6/2");
- "Action Owner Due Date" tables (cells separated by tabs or runs of spaces) are action items
  with owners and due dates; questions inside a cell, each followed by the asker's initials
  ("… IANA functions? (AA)"), become that item's questions;
- on a slide about tools, an action item is also a tool request; the children of a bullet ending
  "briefings on:" are briefing requests;
- ICANN meetings named anywhere ("ICANN59 Johannesburg", "ahead of ICANN59 in Johannesburg")
  are one event each (imports.events).
The same action written in two places (a tools slide and a review table) is read as one item.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from django.utils.translation import gettext as _

from secretariat.imports.dates import find_date, parse_date
from secretariat.imports.events import find_events
from secretariat.imports.owners import owners_from_text, split_owners
from secretariat.imports.result import (
    ActionItemData,
    AgendaItemData,
    ImportResult,
    MeetingData,
    Note,
    Notice,
    Question,
    RequestData,
)
from secretariat.imports.text import (
    build_tree,
    bullet,
    clean,
    fold,
    merge_duplicate_items,
    preamble_kind,
    same_action,
)

FORMAT = "slides"

_HEADER_WORDS = {
    "action": "text",
    "action item": "text",
    "actions": "text",
    "owner": "owners",
    "owners": "owners",
    "action owner": "owners",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "status": "status",
}
_ACTION_LINE = re.compile(r"^action(?: item)?s?:\s*(?P<text>.+)$", re.IGNORECASE)
_STATUS_LINE = re.compile(r"^status:\s*(?P<text>.*)$", re.IGNORECASE)
_INITIALS = re.compile(r"\s*\((?P<who>[A-Z][A-Za-z]?[A-Z]{1,3})\)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c'\u2018])")
_HTML = re.compile(r"\s*<(?:!doctype|html|head|body|table|div)\b", re.IGNORECASE)
_BRIEFINGS_ON = re.compile(r"briefings?\s+on:?\s*$", re.IGNORECASE)
# Slides whose bullets are the action items themselves, not a section's talking points.
_ITEM_LIST = re.compile(r"action items?|actions|open items?|additional information")
_EXPLICIT_STATUS = {
    "in progress": "in_progress",
    "ongoing": "in_progress",
    "underway": "in_progress",
    "open": "open",
    "not started": "open",
    "pending": "open",
    "complete": "done",
    "completed": "done",
    "done": "done",
    "closed": "done",
    "dropped": "dropped",
    "cancelled": "dropped",
    "canceled": "dropped",
    "withdrawn": "dropped",
}
_KIND_WORDS = (
    ("leadership", ("coordination", "co-chairs", "leadership")),
    ("face_to_face", ("face-to-face", "f2f")),
    ("briefing", ("briefing",)),
)


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in re.split(r"\s{2,}", line.strip())]


def _table_header(line: str) -> list[str] | None:
    cells = [c.casefold().rstrip(":") for c in _cells(line) if c]
    if len(cells) < 2 or any(c not in _HEADER_WORDS for c in cells):
        spaced = " ".join(line.casefold().split())
        if spaced in {"action owner due date", "action owner due", "action owner"}:
            return ["text", "owners", "due"][: len(spaced.split()) - (1 if "date" in spaced else 0)]
        return None
    fields = [_HEADER_WORDS[c] for c in cells]
    return fields if "text" in fields else None


def split_questions(cell: str) -> tuple[str, tuple[Question, ...]]:
    """The action and the questions inside a cell: "Send written responses … community. We're
    hearing … functions? (AA) A lot … measures? (GH)" → the first sentence, two questions."""
    markers = list(_INITIALS.finditer(cell))
    if not markers:
        return cell, ()
    head = cell[: markers[0].start()]
    first_end = _SENTENCE_END.search(head)
    if first_end is None:
        return cell, ()
    text = head[: first_end.start()].strip()
    questions: list[Question] = []
    start = first_end.end()
    for marker in markers:
        asked = cell[start : marker.start()].strip()
        if asked:
            questions.append(Question(text=clean(asked), asked_by=marker["who"]))
        start = marker.end()
    tail = cell[start:].strip()
    if tail:
        questions.append(Question(text=clean(tail), asked_by=None))
    return text, tuple(questions)


def _status_of(text: str) -> tuple[str, bool]:
    """(status, is_only_a_status) for a "Status: …" text."""
    key = text.strip().rstrip(".").casefold()
    if key in _EXPLICIT_STATUS:
        return _EXPLICIT_STATUS[key], True
    return "in_progress", False


def _new_item(text: str, line: int, **fields: object) -> ActionItemData:
    text = clean(text)
    owners = fields.pop("owners", None)
    if owners is None:
        owners = tuple(owners_from_text(text))
    return ActionItemData(text=text, owners=tuple(owners), line=line, **fields)  # type: ignore[arg-type]


def parse(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    if _HTML.match(text):
        message = _(
            "expected a deck's slides flattened to text, found an HTML page (a tracker table or "
            "a meeting page: try the tracker or meeting-page format)"
        )
        return ImportResult(
            format=FORMAT, file=file, notices=(Notice(file, message, line=1, blocking=True),)
        )
    lines = text.splitlines()
    _kind, skip = preamble_kind(lines)
    notices: list[Notice] = []
    items: list[ActionItemData] = []
    requests: list[RequestData] = []
    agenda: list[tuple[int, str]] = []
    title: str | None = None
    title_line = 0
    section = ""
    table: list[str] | None = None
    last_item: int | None = None  # index in items of the item a Status line belongs to
    last_request: int | None = None
    briefing_parent: int | None = None  # indent of a "briefings on:" bullet
    heading = ""
    slide_bullets: dict[str, list[tuple[int, str]]] = {}  # a section slide's bullets, by heading

    for number, raw in enumerate(lines, start=1):
        if number <= skip:
            continue
        line = raw.rstrip()
        if not line.strip():
            continue
        header = _table_header(line)
        if header is not None:
            table = header
            last_item = last_request = None
            continue
        mark = bullet(line)
        if table is not None and mark is None:
            cells = _cells(line)
            if len(cells) >= len(table) and any(cells):
                row_item = _table_row(table, cells, number, file, reference, notices)
                if row_item is not None:
                    items.append(row_item)
                last_item = None
                continue
            if len(cells) > 1:
                notices.append(
                    Notice(
                        file,
                        _(
                            "expected %(count)s cells (%(columns)s) separated by tabs, found %(found)s"
                        )
                        % {
                            "count": len(table),
                            "columns": ", ".join(table),
                            "found": len(cells),
                        },
                        line=number,
                        blocking=True,
                    )
                )
                continue
            table = None  # a line that is not a row ends the table: a new slide
        if mark is None:
            heading = clean(line)
            if title is None:
                title, title_line = heading, number
            section = heading.casefold()
            last_item = last_request = briefing_parent = None
            continue
        indent, content = mark
        content = clean(content)
        if title is None:
            title, title_line = content, number
        if "agenda" in section:
            agenda.append((indent, content))
            continue
        if table is None and not _ITEM_LIST.search(section):
            slide_bullets.setdefault(heading, []).append((indent, content))
        if briefing_parent is not None and indent > briefing_parent:
            requests.append(
                RequestData(kind="briefing", title=content.rstrip("."), status="proposed")
            )
            continue
        briefing_parent = None
        if _BRIEFINGS_ON.search(content):
            briefing_parent = indent
            continue
        status = _STATUS_LINE.match(content)
        if status is not None:
            if last_item is None:
                notices.append(
                    Notice(
                        file,
                        _("expected an action item above this status line"),
                        line=number,
                    )
                )
                continue
            items[last_item] = _with_status(items[last_item], status["text"], reference)
            continue
        action = _ACTION_LINE.match(content)
        if action is not None:
            items.append(_new_item(action["text"], number))
            last_item = len(items) - 1
            if "tool" in section:
                requests.append(
                    RequestData(kind="tool", title=items[-1].text.rstrip("."), status="requested")
                )
                last_request = len(requests) - 1
            continue
        if "tool" in section and last_request is not None:
            # A line under a tool request says how it is going.
            note = Note(date=_note_date(content, reference), text=content)
            req = requests[last_request]
            requests[last_request] = replace(req, status="in_progress", notes=(*req.notes, note))
            if last_item is not None:
                item = items[last_item]
                items[last_item] = replace(item, status="in_progress", notes=(*item.notes, note))
            continue
        if "action item" in section or "actions" in section or "open item" in section:
            items.append(_new_item(content, number))
            last_item = len(items) - 1
            continue

    merged, folded = merge_duplicate_items(items)
    for line_no in folded:
        notices.append(
            Notice(
                file,
                _("the same action is written twice in the deck; read as one item"),
                line=line_no,
            )
        )
    requests = _dedupe_requests(requests)
    meetings: tuple[MeetingData, ...] = ()
    if title is not None:
        found = find_date(title, reference=reference)
        meetings = (
            MeetingData(
                title=title,
                date=found[0] if found else None,
                agenda_items=_with_section_notes(build_tree(agenda), slide_bullets),
                kind=_kind_of(title),
            ),
        )
    elif not items:
        notices.append(Notice(file, _("expected a deck: a title and some slides"), line=1))
    del title_line
    return ImportResult(
        format=FORMAT,
        file=file,
        meetings=meetings,
        action_items=tuple(merged),
        requests=tuple(requests),
        notices=tuple(notices),
        events=find_events(text, reference=reference),
    )


def _section_notes(bullets: list[tuple[int, str]]) -> str:
    """A section slide's bullets as a nested Markdown list."""
    levels: list[int] = []
    lines = []
    for indent, text in bullets:
        while levels and indent < levels[-1]:
            levels.pop()
        if not levels or indent > levels[-1]:
            levels.append(indent)
        lines.append(f"{'  ' * (len(levels) - 1)}- {text}")
    return "\n".join(lines)


def _with_section_notes(
    agenda: tuple[AgendaItemData, ...], slide_bullets: dict[str, list[tuple[int, str]]]
) -> tuple[AgendaItemData, ...]:
    """Each top-level agenda item with the bullets of the slide about it ("ICANN59
    Johannesburg" for "ICANN59 Johannesburg share thoughts on agenda") as its notes."""
    slides = {fold(heading): bullets for heading, bullets in slide_bullets.items() if heading}
    out = []
    for item in agenda:
        wanted = fold(item.title)
        bullets = next(
            (
                b
                for heading, b in slides.items()
                if wanted == heading or wanted.startswith(heading + " ")
            ),
            None,
        )
        out.append(replace(item, notes=_section_notes(bullets)) if bullets else item)
    return tuple(out)


def _kind_of(title: str) -> str:
    lowered = title.casefold()
    for kind, words in _KIND_WORDS:
        if any(w in lowered for w in words):
            return kind
    return "plenary"


def _note_date(text: str, reference: dt.date) -> dt.date | None:
    """The day a status line says something happened ("followed up 6/2"); a day after the
    deck's date is a plan ("to be shared 3/8"), not when the note was made."""
    found = find_date(text, reference=reference)
    return found[0] if found and found[0] <= reference else None


def _with_status(item: ActionItemData, text: str, reference: dt.date) -> ActionItemData:
    text = clean(text)
    status, only_status = _status_of(text)
    if only_status or not text:
        return replace(item, status=status)
    note = Note(date=_note_date(text, reference), text=text)
    return replace(item, status=status, notes=(*item.notes, note))


def _table_row(
    columns: list[str],
    cells: list[str],
    line: int,
    file: str,
    reference: dt.date,
    notices: list[Notice],
) -> ActionItemData | None:
    values = dict(zip(columns, cells, strict=False))
    text, questions = split_questions(values.get("text", ""))
    due = parse_date(values.get("due"), reference=reference)
    if not due.readable:
        notices.append(
            Notice(
                file,
                _('expected a due date such as "30 May", "6/2" or "TBD", found %(value)r')
                % {"value": due.text},
                line=line,
                column=_("Due Date"),
                blocking=True,
            )
        )
        return None
    owners = split_owners(values.get("owners"))
    status = "open"
    if values.get("status"):
        status, _only = _status_of(values["status"])
    return _new_item(
        text,
        line,
        owners=tuple(owners) or None,
        due=due.value,
        due_text=due.text or None,
        status=status,
        questions=questions,
    )


def _dedupe_requests(requests: list[RequestData]) -> list[RequestData]:
    kept: list[RequestData] = []
    for request in requests:
        for index, earlier in enumerate(kept):
            if earlier.kind == request.kind and same_action(earlier.title, request.title):
                kept[index] = replace(earlier, notes=(*earlier.notes, *request.notes))
                break
        else:
            kept.append(request)
    return kept
