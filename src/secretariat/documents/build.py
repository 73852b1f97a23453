"""Fill the documents' plain data (content.py) from the database, for one viewer.

Everything is read through meetings.queries and tracker.queries, so a document shows exactly
what its viewer may read; renderers then never query.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from secretariat.core.visibility import Viewer, access_for
from secretariat.documents.content import (
    AgendaEntry,
    DecisionLine,
    DeckContent,
    ItemLine,
    MeetingContent,
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
            Section(title=entry.title, bullets=entry.children) for entry in content.agenda
        ),
        open_items=open_items,
        review_items=tuple(review),
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
