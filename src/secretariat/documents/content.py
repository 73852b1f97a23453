"""The plain data every document renderer takes. Renderers never query the database.

Builders (documents/build.py) fill these from the visibility-filtered queries; renderers
(deck, agenda, mail, call report) turn them into Markdown, HTML, PPTX, PDF or plain text.
Dates are `datetime.date`, times aware `datetime.datetime` in UTC; texts are plain or
Markdown as the field says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item with its sub-items ("AOB" is an item like any other)."""

    title: str
    presenter: str = ""
    minutes: int | None = None
    notes: str = ""  # Markdown
    children: tuple[AgendaEntry, ...] = ()


@dataclass(frozen=True)
class ItemLine:
    """An action item (or request) as documents show it."""

    number: int | None
    text: str  # Markdown; renderers that need plain text strip the markup
    owners: tuple[str, ...] = ()
    due_on: dt.date | None = None
    due_text: str = ""  # "TBD", "Tuesday COB" when there is no date
    status: str = "open"
    latest_note: str = ""
    latest_note_on: dt.date | None = None
    category: str = ""  # the tracker's category: "General", "Workplan", "Outreach"…

    @property
    def due_display(self) -> str:
        if self.due_on is not None:
            return self.due_on.isoformat()
        return self.due_text or "TBD"


@dataclass(frozen=True)
class DecisionLine:
    number: int | None
    text: str
    decided_on: dt.date | None = None
    source: str = ""


@dataclass(frozen=True)
class Section:
    """A slide (or page section) with a heading and bullet points, possibly nested."""

    title: str
    bullets: tuple[AgendaEntry, ...] = ()


@dataclass(frozen=True)
class MeetingContent:
    team_name: str
    title: str  # "SSR2 Staff, Co-Chairs Coordination", "Plenary #111"
    number: int | None = None
    starts_at: dt.datetime | None = None
    duration_minutes: int | None = None
    place: str = ""
    agenda: tuple[AgendaEntry, ...] = ()
    attendees: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> names
    apologies: tuple[str, ...] = ()
    materials: tuple[tuple[str, str], ...] = ()  # (label, url)
    decisions: tuple[DecisionLine, ...] = ()
    action_items: tuple[ItemLine, ...] = ()
    kind: str = ""  # Meeting.Kind value: plenary, leadership, face_to_face, briefing


@dataclass(frozen=True)
class Picture:
    """A picture for documents: SVG for HTML and PDF, PNG for PPTX and DOCX, and the text that
    stands in for it (its title and a description stating what it shows)."""

    title: str
    description: str
    svg: str = ""
    png: bytes = b""


@dataclass(frozen=True)
class DeckContent:
    """The co-chairs' coordination deck, as in the seed document."""

    meeting: MeetingContent
    sections: tuple[Section, ...] = ()  # one slide per agenda section
    open_items: tuple[ItemLine, ...] = ()  # open action items/requests with their status notes
    review_items: tuple[ItemLine, ...] = ()  # the "Review Open Action Items (k of N)" tables
    timeline: tuple[Picture, ...] = ()  # the work plan's timeline, a picture per slide
    # Outstanding briefing requests (title; presenter; notes: status, availability, addressee)
    # and sessions recommended at events (title; notes: when, where, why), as plain entries.
    briefings: tuple[AgendaEntry, ...] = ()
    recommended_sessions: tuple[AgendaEntry, ...] = ()
