"""What a parser reads out of a document: plain frozen data, no database.

`ImportResult.to_json()` is the contract of `secretariat import --json` (../shared/DESIGN.md,
"Contracts"): other tools read it, so its keys never change (keys are only ever added, as
"events" was). Fields that only the apply step
needs (completed response, source meeting, visibility, where in the file…) live on the
dataclasses but stay out of the JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

STATUSES = ("open", "in_progress", "done", "dropped", "merged")
REQUEST_KINDS = ("briefing", "tool", "document", "data", "other")
ATTENDEE_ROLES = ("members", "observers", "staff", "guests", "apologies")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class Notice:
    """A warning about one place of the file. `blocking` marks a part that could not be read:
    by default nothing is written while there is one (`--skip-bad` writes the rest)."""

    file: str
    message: str
    line: int | None = None
    row: int | None = None
    column: str | None = None
    blocking: bool = False

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Note:
    date: dt.date | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "text": self.text}


@dataclass(frozen=True)
class Question:
    text: str
    asked_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "asked_by": self.asked_by}


@dataclass(frozen=True)
class ActionItemData:
    text: str
    owners: tuple[str, ...] = ()
    number: int | None = None
    due: dt.date | None = None
    due_text: str | None = None
    status: str = "open"
    category: str | None = None
    requested_on: dt.date | None = None
    notes: tuple[Note, ...] = ()
    questions: tuple[Question, ...] = ()
    # Beyond the JSON contract: what the apply step needs.
    topic: str = ""
    source_meeting: int | None = None
    source_text: str = ""
    completed_response: str = ""
    completed_on: dt.date | None = None
    visibility: str = "public"
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "owners": list(self.owners),
            "due": _iso(self.due),
            "due_text": self.due_text,
            "status": self.status,
            "category": self.category,
            "requested_on": _iso(self.requested_on),
            "notes": [n.to_json() for n in self.notes],
            "questions": [q.to_json() for q in self.questions],
        }


@dataclass(frozen=True)
class AgendaItemData:
    title: str
    children: tuple[AgendaItemData, ...] = ()
    # What the document says under the item (a deck's slide for that section), as Markdown.
    # Not part of the JSON contract: the report lists the agenda's titles only.
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "children": [c.to_json() for c in self.children]}


@dataclass(frozen=True)
class Attendees:
    members: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    apologies: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {role: list(getattr(self, role)) for role in ATTENDEE_ROLES}

    def __bool__(self) -> bool:
        return any(getattr(self, role) for role in ATTENDEE_ROLES)


@dataclass(frozen=True)
class MaterialData:
    kind: str  # slides, recording, transcript, chat, call_report, other
    title: str
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "url": self.url}


@dataclass(frozen=True)
class MeetingData:
    title: str
    number: int | None = None
    date: dt.date | None = None
    agenda_items: tuple[AgendaItemData, ...] = ()
    attendees: Attendees = field(default_factory=Attendees)
    materials: tuple[MaterialData, ...] = ()
    # Beyond the JSON contract.
    kind: str = "plenary"  # plenary, leadership, face_to_face, briefing
    time: dt.time | None = None  # UTC
    duration_minutes: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "number": self.number,
            "date": _iso(self.date),
            "agenda_items": [a.to_json() for a in self.agenda_items],
            "attendees": self.attendees.to_json(),
            "materials": [m.to_json() for m in self.materials],
        }


@dataclass(frozen=True)
class DecisionData:
    text: str
    date: dt.date | None = None
    source: str | None = None
    meeting_number: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "date": _iso(self.date), "source": self.source}


@dataclass(frozen=True)
class RequestData:
    kind: str
    title: str
    status: str = "requested"
    notes: tuple[Note, ...] = ()
    addressed_to: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "addressed_to": self.addressed_to or None,
            "notes": [n.to_json() for n in self.notes],
        }


@dataclass(frozen=True)
class EventData:
    """A public event the document names (ICANN59 Johannesburg); no dates when it gives none."""

    name: str
    place: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    time_zone: str = "UTC"
    # Beyond the JSON contract.
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "place": self.place,
            "starts_on": _iso(self.starts_on),
            "ends_on": _iso(self.ends_on),
            "time_zone": self.time_zone,
        }


@dataclass(frozen=True)
class ImportResult:
    format: str
    file: str = "<input>"
    meetings: tuple[MeetingData, ...] = ()
    action_items: tuple[ActionItemData, ...] = ()
    decisions: tuple[DecisionData, ...] = ()
    requests: tuple[RequestData, ...] = ()
    notices: tuple[Notice, ...] = ()
    events: tuple[EventData, ...] = ()

    @property
    def warnings(self) -> list[str]:
        return [str(n) for n in self.notices]

    @property
    def has_blocking(self) -> bool:
        return any(n.blocking for n in self.notices)

    @property
    def is_empty(self) -> bool:
        return not (
            self.meetings or self.action_items or self.decisions or self.requests or self.events
        )

    def with_notices(self, *notices: Notice) -> ImportResult:
        return replace(self, notices=(*self.notices, *notices))

    def to_json(self) -> dict[str, Any]:
        """Exactly the shape of the `--json` contract."""
        return {
            "format": self.format,
            "meetings": [m.to_json() for m in self.meetings],
            "action_items": [a.to_json() for a in self.action_items],
            "decisions": [d.to_json() for d in self.decisions],
            "requests": [r.to_json() for r in self.requests],
            "events": [e.to_json() for e in self.events],
            "warnings": self.warnings,
        }


def merge_results(format: str, file: str, parts: list[ImportResult]) -> ImportResult:
    """One result from several (an mbox is many posts)."""
    return ImportResult(
        format=format,
        file=file,
        meetings=tuple(m for p in parts for m in p.meetings),
        action_items=tuple(a for p in parts for a in p.action_items),
        decisions=tuple(d for p in parts for d in p.decisions),
        requests=tuple(r for p in parts for r in p.requests),
        notices=tuple(n for p in parts for n in p.notices),
        events=_merge_events(e for p in parts for e in p.events),
    )


def _merge_events(events: Iterable[EventData]) -> tuple[EventData, ...]:
    """One event per name, the first mention filled in by later ones (place, dates)."""
    merged: dict[str, EventData] = {}
    for event in events:
        key = event.name.split()[0].casefold() if event.name else ""
        known = merged.get(key)
        if known is None:
            merged[key] = event
            continue
        if event.place and not known.place:
            known = replace(known, name=event.name, place=event.place, time_zone=event.time_zone)
        if event.starts_on and known.starts_on is None:
            known = replace(known, starts_on=event.starts_on, ends_on=event.ends_on)
        merged[key] = known
    return tuple(merged.values())
