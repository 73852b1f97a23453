"""One mailing-list post announcing actions and decisions (or an agenda).

Reads:
- the archive's header: "[Ssr2-review] Subject", the sender, and the post's date ("Tue Aug 28
  16:46:22 UTC 2018") or RFC 822 "Subject:/From:/Date:" lines; the post's date is the
  reference for dates without a year;
- "ACTION ITEM: …" and "DECISION REACHED: …" lines, "(COMPLETE)" marking done items;
- "Decisions Reached:" and "Action Items:" sections of bullets;
- "Day 2 - Thursday 23 August" headings, dating what follows them;
- an "Agenda - 19 July - 20:00 UTC" section with a numbered, nested agenda;
- the meeting the post is about ("plenary call #4", "… Face-to-Face Meeting").
What the post does not date is dated by the post itself, when the post says when it was sent.
Quoted lines ("> …") are someone else's words and are skipped.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import replace

from django.utils.translation import gettext as _

from secretariat.imports.dates import _MONTH, find_date, parse_date
from secretariat.imports.meeting_page import deadline_in, meeting_kind
from secretariat.imports.owners import owners_from_text, strip_leading_deadline
from secretariat.imports.result import (
    ActionItemData,
    DecisionData,
    ImportResult,
    MeetingData,
    Notice,
)
from secretariat.imports.text import build_tree, bullet, clean, numbered, preamble_kind

FORMAT = "list-post"

_ACTION = re.compile(r"^action(?:\s+item)?s?\s*[:\-\u2013]\s*(?P<text>.+)$", re.IGNORECASE)
_DECISION = re.compile(r"^decisions?(?:\s+reached)?\s*[:\-\u2013]\s*(?P<text>.+)$", re.IGNORECASE)
_DONE = re.compile(r"\s*\((?:complete|completed|done|closed)\)\.?\s*", re.IGNORECASE)
_DROPPED = re.compile(r"\s*\((?:dropped|cancelled|canceled|withdrawn)\)\.?\s*", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?P<name>decisions?\s+reached|decisions|action\s+items?|actions)\s*:?\s*$", re.IGNORECASE
)
_AGENDA = re.compile(r"^(?:proposed\s+|draft\s+)?agenda\b(?P<rest>.*)$", re.IGNORECASE)
_DAY = re.compile(r"^day\s+\d+\b", re.IGNORECASE)
_ARCHIVE_DATE = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)\w*\s+(?P<mon>[a-z]{3})\s+(?P<day>\d{1,2})\s+"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+\w+\s+(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    r"^(?P<name>subject|from|date|to|cc|message-id|list-id)\s*:\s*(?P<value>.*)$", re.IGNORECASE
)
_CALL = re.compile(
    r"\b(?P<kind>plenary|leadership|co-chairs?)?\s*(?:call|meeting)\s*#\s*(?P<number>\d+)",
    re.IGNORECASE,
)
_MEETING_TITLE = re.compile(r"^[^:]{0,80}\b(?:meeting|call|plenary)\s*$", re.IGNORECASE)
_TIME = re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\s*(?:UTC|GMT)\b")


_DAY_RANGE = re.compile(
    rf"(?<!\d)(?P<first>\d{{1,2}})\s*[-\u2013\u2014]\s*\d{{1,2}}\s+(?P<rest>{_MONTH}(?:\s+\d{{4}})?)",
    re.IGNORECASE,
)


def first_date(text: str, reference: dt.date) -> dt.date | None:
    """The first date in `text`; of a range ("22 - 24 August 2018") its first day."""
    span = _DAY_RANGE.search(text)
    if span:
        reading = parse_date(f"{span['first']} {span['rest']}", reference=reference)
        if reading.value:
            return reading.value
    found = find_date(text, reference=reference)
    return found[0] if found else None


def post_subject(lines: list[str]) -> str | None:
    """The post's subject without the list's tag ("[Ssr2-review] Agenda …" → "Agenda …")."""
    for line in lines[:6]:
        stripped = line.strip()
        header = _HEADER.match(stripped)
        if header and header["name"].lower() == "subject":
            return (
                re.sub(r"^(?:\[[^\]]+\]\s*)?(?:re:\s*)*", "", header["value"], flags=re.I).strip()
                or None
            )
        if stripped.startswith("[") and "]" in stripped:
            return stripped[stripped.index("]") + 1 :].strip() or None
    return None


def post_date(lines: list[str]) -> dt.date | None:
    """The date of the post from the archive's header lines or an RFC 822 Date: header."""
    for line in lines[:12]:
        stripped = line.strip()
        match = _ARCHIVE_DATE.match(stripped)
        if match:
            reading = parse_date(
                f"{match['day']} {match['mon']} {match['year']}",
                reference=dt.date(int(match["year"]), 1, 1),
            )
            return reading.value
        header = _HEADER.match(stripped)
        if header and header["name"].lower() == "date":
            try:
                return email.utils.parsedate_to_datetime(header["value"]).date()
            except (TypeError, ValueError, IndexError):
                return None
    return None


def parse(
    text: str,
    *,
    file: str = "<input>",
    reference: dt.date,
    line_offset: int = 0,
    where: str | None = None,
) -> ImportResult:
    """`line_offset` and `where` place the post inside a bigger file (an mbox)."""
    lines = text.splitlines()
    _kind, skip = preamble_kind(lines)
    posted = post_date(lines[skip:])
    reference = posted or reference
    items: list[ActionItemData] = []
    decisions: list[DecisionData] = []
    notices: list[Notice] = []
    agenda: list[tuple[int, str]] = []
    agenda_date: dt.date | None = None
    agenda_time: dt.time | None = None
    meeting_title: str | None = None
    meeting_number: int | None = None
    meeting_date: dt.date | None = None
    current_day: dt.date | None = None
    section = ""
    last: tuple[str, int] | None = None  # ("item"|"decision", index) a continuation belongs to

    def line_of(index: int) -> int:
        return index + line_offset

    def add_item(raw: str, index: int) -> None:
        nonlocal last
        status = "open"
        if _DONE.search(raw):
            status = "done"
            raw = _DONE.sub(" ", raw)
        elif _DROPPED.search(raw):
            status = "dropped"
            raw = _DROPPED.sub(" ", raw)
        body = clean(raw)
        due, due_text = deadline_in(body, reference)
        _when, rest = strip_leading_deadline(body)
        items.append(
            ActionItemData(
                text=clean(rest),
                owners=tuple(owners_from_text(body)),
                due=due,
                due_text=due_text,
                status=status,
                requested_on=current_day or meeting_date or posted,
                source_meeting=meeting_number,
                line=line_of(index),
            )
        )
        last = ("item", len(items) - 1)

    def add_decision(raw: str) -> None:
        nonlocal last
        decisions.append(
            DecisionData(
                text=clean(raw),
                date=current_day or meeting_date or posted,
                source=meeting_title or _("E-mail"),
                meeting_number=meeting_number,
            )
        )
        last = ("decision", len(decisions) - 1)

    for index, raw in enumerate(lines, start=1):
        if index <= skip:
            continue
        line = raw.rstrip()
        stripped = clean(line)
        if not stripped:
            continue
        if stripped.startswith(">"):
            continue
        call = _CALL.search(stripped)
        if call and meeting_number is None:
            meeting_number = int(call["number"])
            meeting_title = meeting_title or clean(call.group(0)).capitalize()
            meeting_date = meeting_date or first_date(stripped[call.end() :], reference)
        if _DAY.match(stripped):
            found = find_date(stripped, reference=reference)
            current_day = found[0] if found else current_day
            section, last = "", None
            continue
        mark = bullet(line)
        content = mark[1] if mark else stripped
        content = clean(content)
        action = _ACTION.match(content)
        if action:
            add_item(action["text"], index)
            continue
        decision = _DECISION.match(content)
        if decision and not _SECTION.match(content):
            add_decision(decision["text"])
            continue
        heading = _SECTION.match(stripped)
        if heading:
            section = "decisions" if heading["name"].lower().startswith("decision") else "actions"
            last = None
            continue
        agenda_heading = _AGENDA.match(stripped)
        if agenda_heading and mark is None and numbered(line) is None:
            section, last = "agenda", None
            found = find_date(agenda_heading["rest"], reference=reference)
            agenda_date = found[0] if found else agenda_date
            clock = _TIME.search(agenda_heading["rest"])
            if clock and int(clock["h"]) < 24 and int(clock["m"]) < 60:
                agenda_time = dt.time(int(clock["h"]), int(clock["m"]))
            continue
        if section == "agenda":
            entry = numbered(line) or mark
            if entry is not None:
                agenda.append((entry[0], clean(entry[1])))
                continue
            section = ""
        if section in ("decisions", "actions") and mark is not None:
            if section == "actions":
                add_item(content, index)
            else:
                add_decision(content)
            continue
        if mark is None and last is not None and line.startswith((" ", "\t")):
            # A wrapped bullet goes on on an indented line.
            kind, at = last
            if kind == "item":
                item = items[at]
                items[at] = replace(item, text=clean(f"{item.text} {stripped}"))
            else:
                dec = decisions[at]
                decisions[at] = replace(dec, text=clean(f"{dec.text} {stripped}"))
            continue
        if mark is None:
            section, last = ("" if section != "agenda" else section), None
            if (
                meeting_title is None
                and _MEETING_TITLE.match(stripped)
                and not stripped.startswith("[")
            ):
                meeting_title = stripped
                # The next line often dates it: "22 - 24 August 2018, Washington, DC."
                following = next((ln for ln in lines[index : index + 2] if ln.strip()), "")
                meeting_date = first_date(following, reference) or first_date(stripped, reference)

    meetings: tuple[MeetingData, ...] = ()
    if agenda:
        title = meeting_title or post_subject(lines[skip:]) or _("Meeting")
        meetings = (
            MeetingData(
                title=title,
                number=meeting_number,
                date=agenda_date or meeting_date,
                agenda_items=build_tree(agenda),
                kind=meeting_kind(title),
                time=agenda_time,
            ),
        )
    elif meeting_title and (meeting_date or meeting_number):
        meetings = (
            MeetingData(
                title=meeting_title,
                number=meeting_number,
                date=meeting_date,
                kind=meeting_kind(meeting_title),
            ),
        )
    if not items and not decisions and not agenda:
        notices.append(
            Notice(
                file,
                (f"{where}: " if where else "")
                + _(
                    'expected "ACTION ITEM:" or "DECISION REACHED:" lines, "Action Items:" / '
                    '"Decisions Reached:" sections or an agenda; found none'
                ),
                line=line_of(skip + 1),
            )
        )
    return ImportResult(
        format=FORMAT,
        file=file,
        meetings=meetings,
        action_items=tuple(items),
        decisions=tuple(decisions),
        notices=tuple(notices),
    )
