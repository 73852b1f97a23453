"""A call's wiki page copied as text.

    SSR2 Plenary #111 - 27 May 2020 @ 14:00 UTC
    Review Team Members:  Kaveh Ranjbar, Laurin Weissinger, …
    Observers:  /
    ICANN Organization:  Jennifer Bryce, Steve Conte
    Apologies:  Boban Krsic
    Audio recording:  EN (41:43)        Transcript:  EN       Plenary Call Report: PDF
    Decisions Reached:   • Team agreed …
    Action Items:        • Staff to post the update blog …
      1. Welcome, roll call            (the numbered agenda; deeper indent = sub-item)
    Call Details   14:00 - 15:00 UTC

A "/" or "N/A" after a label means nobody / nothing. Actions take their owners from the start of
their sentences and a deadline written in them ("by Tuesday COB").
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from secretariat.imports.dates import _MONTH, parse_date
from secretariat.imports.owners import owners_from_text, split_owners, strip_leading_deadline
from secretariat.imports.result import (
    ActionItemData,
    Attendees,
    DecisionData,
    ImportResult,
    MaterialData,
    MeetingData,
    Notice,
)
from secretariat.imports.text import build_tree, bullet, clean, numbered, preamble_kind

FORMAT = "meeting-page"

TITLE = re.compile(
    rf"^(?P<title>.*?#\s*(?P<number>\d+))\s*[-\u2013\u2014:,]\s*(?:\w+day,?\s+)?"
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:\s*(?:@|at)\s*(?P<time>\d{{1,2}}[:.]\d{{2}})\s*(?:UTC|GMT)?)?",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z .'()/-]{1,40}?)\s*:\s*(?P<value>.*)$")
ROLES = {
    "review team members": "members",
    "members": "members",
    "rt members": "members",
    "team members": "members",
    "working group members": "members",
    "participants": "members",
    "attendees": "members",
    "observers": "observers",
    "icann organization": "staff",
    "icann org": "staff",
    "icann staff": "staff",
    "staff": "staff",
    "support staff": "staff",
    "technical writer": "staff",
    "guests": "guests",
    "guest": "guests",
    "invited guests": "guests",
    "apologies": "apologies",
    "regrets": "apologies",
    "absent": "apologies",
}
_MATERIAL = re.compile(
    r"^(?P<label>(?:[A-Za-z][\w ]*?)?(?:recording|transcript|report|documents?|slides|presentation|minutes|notes))(?!(?-i:[a-z]))"
    r"\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_NOTHING = {"", "/", "n/a", "na", "none", "-", "—"}
_TIME_RANGE = re.compile(
    r"(?P<start>\d{1,2}):(?P<sm>\d{2})\s*[-\u2013\u2014]\s*(?P<end>\d{1,2}):(?P<em>\d{2})\s*(?:UTC|GMT)"
)
_BY = re.compile(
    rf"\bby\s+(?P<when>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+COB)?)"
    rf"|COB\s+\w+day|end of (?:the |this |next )?week"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}|\d{{1,2}}/\d{{1,2}})",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")


def material_kind(label: str) -> str:
    lowered = label.casefold()
    if "chat" in lowered:
        return "chat"
    if "recording" in lowered:
        return "recording"
    if "transcript" in lowered:
        return "transcript"
    if "report" in lowered:
        return "call_report"
    if "slides" in lowered or "presentation" in lowered:
        return "slides"
    return "other"


def meeting_kind(title: str) -> str:
    lowered = title.casefold()
    if "leadership" in lowered or "co-chair" in lowered or "coordination" in lowered:
        return "leadership"
    if "face-to-face" in lowered or "f2f" in lowered:
        return "face_to_face"
    if "briefing" in lowered:
        return "briefing"
    return "plenary"


def deadline_in(text: str, reference: dt.date) -> tuple[dt.date | None, str | None]:
    """A deadline an action states: "… by Tuesday COB." → (None, "Tuesday COB")."""
    leading, _rest = strip_leading_deadline(text)
    when = leading
    if when is None:
        match = _BY.search(text)
        when = match["when"] if match else None
    if when is None:
        return None, None
    reading = parse_date(when.strip().rstrip("."), reference=reference)
    return reading.value, reading.text


def action_from_bullet(
    text: str, *, line: int, reference: dt.date, requested_on: dt.date | None, source: int | None
) -> ActionItemData:
    text = clean(text)
    due, due_text = deadline_in(text, reference)
    return ActionItemData(
        text=text,
        owners=tuple(owners_from_text(text)),
        due=due,
        due_text=due_text,
        requested_on=requested_on,
        source_meeting=source,
        line=line,
    )


def parse(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    lines = text.splitlines()
    _kind, skip = preamble_kind(lines)
    notices: list[Notice] = []
    title: str | None = None
    number: int | None = None
    day: dt.date | None = None
    time: dt.time | None = None
    duration: int | None = None
    attendees: dict[str, list[str]] = {}
    materials: list[MaterialData] = []
    decision_texts: list[tuple[int, str]] = []
    action_texts: list[tuple[int, str]] = []
    agenda: list[tuple[int, str]] = []
    section = ""

    for line_no, raw in enumerate(lines, start=1):
        if line_no <= skip or not raw.strip():
            continue
        line = raw.rstrip()
        stripped = clean(line)
        heading = TITLE.match(stripped)
        if heading is not None:
            if title is None:
                title = clean(heading["title"])
                number = int(heading["number"])
                reading = parse_date(heading["date"], reference=reference)
                day = reading.value
                if heading["time"]:
                    hours, minutes = re.split(r"[:.]", heading["time"])
                    if int(hours) < 24 and int(minutes) < 60:
                        time = dt.time(int(hours), int(minutes))
                reference = day or reference
            continue
        if stripped.casefold().startswith("call details"):
            section = "details"
            continue
        if section == "details":
            span = _TIME_RANGE.search(stripped)
            if span and duration is None:
                start = int(span["start"]) * 60 + int(span["sm"])
                end = int(span["end"]) * 60 + int(span["em"])
                duration = (end - start) % (24 * 60) or None
                if time is None:
                    time = dt.time(int(span["start"]) % 24, int(span["sm"]) % 60)
            continue
        label = _LABEL.match(stripped)
        if label is not None and bullet(line) is None and numbered(line) is None:
            name = label["label"].strip().casefold()
            value = label["value"].strip()
            if name in ROLES:
                role = ROLES[name]
                names = [] if value.casefold() in _NOTHING else split_owners(value)
                attendees.setdefault(role, []).extend(
                    n for n in names if n not in attendees.get(role, [])
                )
                section = ""
                continue
            if name.startswith("decisions"):
                section = "decisions"
                if value.casefold() not in _NOTHING:
                    decision_texts.append((line_no, value))
                continue
            if name.startswith("action"):
                section = "actions"
                if value.casefold() not in _NOTHING:
                    action_texts.append((line_no, value))
                continue
            if name in ("agenda", "proposed agenda", "draft agenda"):
                section = "agenda"
                continue
        material = _MATERIAL.match(stripped)
        if material is not None and bullet(line) is None and numbered(line) is None:
            value = material["value"].strip().strip(":").strip()
            if value.casefold() not in _NOTHING:
                url = _URL.search(value)
                materials.append(
                    MaterialData(
                        kind=material_kind(material["label"]),
                        title=clean(material["label"]),
                        url=url.group(0) if url else None,
                    )
                )
            section = ""
            continue
        item = numbered(line)
        if item is not None and section in ("", "agenda", "actions", "decisions"):
            section = "agenda"
            agenda.append(item)
            continue
        mark = bullet(line)
        if section == "agenda" and mark is not None:
            agenda.append(mark)
            continue
        if section in ("decisions", "actions"):
            target = decision_texts if section == "decisions" else action_texts
            if mark is not None:
                target.append((line_no, mark[1]))
            elif target:
                target[-1] = (target[-1][0], f"{target[-1][1]} {stripped}")
            continue
        if title is None and stripped:
            title = stripped  # a page without "#N - date": its first line names it

    if title is None:
        notices.append(
            Notice(
                file,
                _('expected a title such as "Plenary #111 - 27 May 2020 @ 14:00 UTC"'),
                line=skip + 1,
                blocking=True,
            )
        )
        return ImportResult(format=FORMAT, file=file, notices=tuple(notices))
    if day is None:
        notices.append(
            Notice(file, _("no meeting date found in the title; the meeting has no date"), line=1)
        )
    meeting = MeetingData(
        title=title,
        number=number,
        date=day,
        agenda_items=build_tree(agenda),
        attendees=Attendees(**{role: tuple(names) for role, names in attendees.items()}),
        materials=tuple(materials),
        kind=meeting_kind(title),
        time=time,
        duration_minutes=duration,
    )
    decisions = tuple(
        DecisionData(text=clean(t), date=day, source=title, meeting_number=number)
        for _l, t in decision_texts
    )
    actions = tuple(
        action_from_bullet(t, line=n, reference=reference, requested_on=day, source=number)
        for n, t in action_texts
    )
    return ImportResult(
        format=FORMAT,
        file=file,
        meetings=(meeting,),
        action_items=actions,
        decisions=decisions,
        notices=tuple(notices),
    )
