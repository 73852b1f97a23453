"""Fill the documents' plain data (content.py) from the database, for one viewer.

Everything is read through meetings.queries and tracker.queries, so a document shows exactly
what its viewer may read; renderers then never query.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.visibility import Viewer, access_for
from secretariat.documents.content import (
    AgendaEntry,
    DecisionLine,
    DeckContent,
    ItemLine,
    MeetingContent,
    Picture,
    Section,
)
from secretariat.meetings import queries
from secretariat.meetings.models import Attendance, Material, Meeting
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem, ProgressNote
from secretariat.tracker.queries import visible_action_items


def operator_viewer() -> User:
    """A viewer who reads everything, for commands run by the operator (never saved)."""
    return User(username="operator", is_superuser=True, is_staff=True)


def _entry(node: queries.AgendaNode) -> AgendaEntry:
    item = node.item
    return AgendaEntry(
        title=item.title,
        presenter=item.presenter_name,
        minutes=item.minutes,
        notes=item.notes,
        children=tuple(_entry(child) for child in node.children),
    )


def _with_notes(
    items: QuerySet[ActionItem], *, viewer: Viewer | None, team: Team
) -> QuerySet[ActionItem]:
    """Items with the notes this viewer may read prefetched as `visible_notes`, newest last."""
    access = access_for(viewer, team)
    # Notes of an item the viewer owns may be more open to them; documents err on hiding.
    notes = ProgressNote.objects.filter(access.filter(named=Q(pk__in=[]))).order_by(
        "noted_on", "created_at", "id"
    )
    return items.prefetch_related(Prefetch("notes", queryset=notes, to_attr="visible_notes"))


def item_line(item: ActionItem) -> ItemLine:
    notes: list[ProgressNote] = getattr(item, "visible_notes", [])
    latest = notes[-1] if notes else None
    return ItemLine(
        number=item.number,
        text=item.text,
        owners=tuple(str(owner) for owner in item.owners.all()),
        due_on=item.due_on,
        due_text=item.due_text,
        status=item.status,
        latest_note=latest.text if latest else "",
        latest_note_on=latest.noted_on if latest else None,
        category=item.category,
    )


def material_path(material: Material) -> str:
    """Where an uploaded file is served (by a view that checks its visibility)."""
    meeting = material.meeting
    return reverse("meetings:material", args=[meeting.team.slug, meeting.number, material.pk])


def meeting_content(*, viewer: Viewer | None, meeting: Meeting) -> MeetingContent:
    """A meeting as documents show it: agenda, attendance, materials, decisions, action items.

    The caller has checked that `viewer` may read `meeting` (queries.get_meeting)."""
    by_role = queries.attendance_by_role(meeting)
    attendees = {
        role: tuple(p.name for p in people)
        for role, people in by_role.items()
        if role != Attendance.Role.APOLOGIES and people
    }
    materials = tuple(
        (m.label, m.url or material_path(m))
        for m in queries.visible_materials(viewer=viewer, meeting=meeting)
    )
    decisions = tuple(
        DecisionLine(
            number=d.number,
            text=d.text,
            decided_on=d.decided_on,
            source=str(d.meeting) if d.meeting else d.source_text or d.get_source_display(),
        )
        for d in queries.meeting_decisions(viewer=viewer, meeting=meeting)
    )
    items = _with_notes(
        queries.meeting_action_items(viewer=viewer, meeting=meeting),
        viewer=viewer,
        team=meeting.team,
    )
    return MeetingContent(
        team_name=meeting.team.name,
        title=str(meeting),
        number=meeting.number,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        place=meeting.place,
        agenda=tuple(_entry(node) for node in queries.agenda_tree(meeting)),
        attendees=attendees,
        apologies=tuple(p.name for p in by_role[Attendance.Role.APOLOGIES]),
        materials=materials,
        decisions=decisions,
        action_items=tuple(item_line(item) for item in items),
        kind=meeting.kind,
    )


def _note_entries(notes: str) -> tuple[AgendaEntry, ...]:
    """An agenda item's notes (Markdown, usually a nested "- " list) as bullet entries."""
    root: list[tuple[str, list[Any]]] = []
    stack: list[tuple[int, list[tuple[str, list[Any]]]]] = [(-1, root)]
    for raw in notes.splitlines():
        text = raw.strip()
        if not text:
            continue
        indent = len(raw) - len(raw.lstrip())
        text = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", text)
        while len(stack) > 1 and indent <= stack[-1][0]:
            stack.pop()
        children: list[tuple[str, list[Any]]] = []
        stack[-1][1].append((text, children))
        stack.append((indent, children))

    def freeze(nodes: list[tuple[str, list[Any]]]) -> tuple[AgendaEntry, ...]:
        return tuple(AgendaEntry(title=text, children=freeze(kids)) for text, kids in nodes)

    return freeze(root)


def agenda_section(entry: AgendaEntry) -> Section | None:
    """The deck's slide for a top-level agenda item: what its notes say (the talking points, as
    the seed's "ICANN59 Johannesburg" slide), else its sub-items; None when it has neither (an
    "AOB" with nothing noted has no slide of its own, as in the seed)."""
    bullets = _note_entries(entry.notes) if entry.notes.strip() else entry.children
    return Section(title=entry.title, bullets=bullets) if bullets else None


def deck_content(*, viewer: Viewer | None, team: Team, meeting: Meeting) -> DeckContent:
    """The co-chairs' deck: the meeting, one section per top-level agenda item (its sub-items as
    bullets), the active items with news (a progress note, or in progress), and every active
    item of the team, oldest first, for the review tables."""
    content = meeting_content(viewer=viewer, meeting=meeting)
    active = _with_notes(
        visible_action_items(viewer=viewer, team=team)
        .filter(status__in=ActionItem.ACTIVE_STATUSES)
        .order_by("number"),
        viewer=viewer,
        team=team,
    )
    review = [item_line(item) for item in active]
    open_items = tuple(
        line for line in review if line.latest_note or line.status == ActionItem.Status.IN_PROGRESS
    )
    return DeckContent(
        meeting=content,
        sections=tuple(
            section for section in map(agenda_section, content.agenda) if section is not None
        ),
        open_items=open_items,
        review_items=tuple(review),
        timeline=deck_timeline(viewer=viewer, team=team, meeting=meeting),
        briefings=briefing_entries(viewer=viewer, team=team),
        recommended_sessions=recommended_session_entries(
            viewer=viewer, team=team, since=meeting.starts_at
        ),
    )


# Appended by the requests work: the briefing-requests table for the coordination deck.
from secretariat.requests.tables import BriefingRow  # noqa: E402


def briefing_requests_lines(*, viewer: Viewer | None, team: Team) -> tuple[BriefingRow, ...]:
    """The co-chairs' "table of outstanding briefing requests and corresponding name,
    availability of staff": one plain row per outstanding briefing this viewer may read, oldest
    request first (requests.tables.BriefingRow: number, title, status, presenter, availability,
    addressed_to, requested_on, scheduled)."""
    from secretariat.requests.queries import outstanding_briefings
    from secretariat.requests.tables import briefing_rows

    return tuple(briefing_rows(outstanding_briefings(viewer=viewer, team=team)))


def briefing_entries(*, viewer: Viewer | None, team: Team) -> tuple[AgendaEntry, ...]:
    """The outstanding briefing requests as deck entries: the request, its presenter, and a
    line with its status, the staff's availability and who it is addressed to."""
    entries = []
    for row in briefing_requests_lines(viewer=viewer, team=team):
        facts = [row.status]
        facts.append(
            _("availability: %(text)s") % {"text": row.availability}
            if row.availability
            else _("availability: not known yet")
        )
        if row.addressed_to:
            facts.append(_("addressed to %(who)s") % {"who": row.addressed_to})
        if row.scheduled:
            facts.append(_("scheduled at %(meeting)s") % {"meeting": row.scheduled})
        entries.append(
            AgendaEntry(
                title=f"R{row.number}: {row.title}",
                presenter=row.presenter or _("no presenter yet"),
                notes=" · ".join(facts),
            )
        )
    return tuple(entries)


def recommended_session_entries(
    *, viewer: Viewer | None, team: Team, since: dt.datetime | None
) -> tuple[AgendaEntry, ...]:
    """Sessions staff recommend the team attend that end after `since` (default now), as deck
    entries: the session, and a line with its time in the event's zone, its room and why."""
    from secretariat.events.queries import recommended_sessions

    sessions = recommended_sessions(viewer=viewer, team=team).filter(
        ends_at__gt=since or timezone.now()
    )
    entries = []
    for session in sessions:
        zone = session.event.zone
        start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        facts = [
            f"{session.event.name}, {start:%a %d %b %Y %H:%M}\N{EN DASH}{end:%H:%M} {session.event.time_zone}"
        ]
        if session.room:
            facts.append(session.room)
        if session.recommended_reason:
            facts.append(session.recommended_reason)
        entries.append(AgendaEntry(title=session.title, notes=" · ".join(facts)))
    return tuple(entries)


def deck_timeline(*, viewer: Viewer | None, team: Team, meeting: Meeting) -> tuple[Picture, ...]:
    """The work plan's timeline for the deck, its red line on the meeting's day (a deck is
    read at its meeting): the milestones from a month before it to four months after, and any
    late one, a slide per DECK_TIMELINE_LINES lines, at most DECK_TIMELINE_SLIDES slides (the
    whole plan is on the work-plan page). Empty when the viewer may read no such milestone."""
    from secretariat.workplan.queries import visible_milestones
    from secretariat.workplan.reports import timeline_pages

    day = meeting.starts_at.astimezone(dt.UTC).date() if meeting.starts_at else timezone.localdate()
    after, before = day - dt.timedelta(days=31), day + dt.timedelta(days=122)
    milestones = [
        m
        for m in visible_milestones(viewer=viewer, team=team)
        if (m.end_on >= after and (m.start_on or m.end_on) <= before)
        or m.current_status(day) == "late"
    ]
    if not milestones:
        return ()
    pages, _baseline = timeline_pages(
        viewer=viewer, team=team, milestones=milestones, today=day, lines=DECK_TIMELINE_LINES
    )
    return pages[:DECK_TIMELINE_SLIDES]


DECK_TIMELINE_LINES = 14  # fit a 16:9 slide's body at a readable size
DECK_TIMELINE_SLIDES = 3
