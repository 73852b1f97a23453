"""Search across every team the viewer can read, through each app's visibility-filtered queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from secretariat.core.visibility import Viewer, access_for
from secretariat.meetings.models import AgendaItem
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.requests.models import Question, RequestNote
from secretariat.requests.queries import (
    reads_unpublished_answers,
    visible_questions,
    visible_requests,
)
from secretariat.teams.models import Team
from secretariat.teams.queries import all_teams
from secretariat.tracker.models import ProgressNote
from secretariat.tracker.queries import TrackerFilters, filter_action_items, visible_action_items

NOBODY = Q(pk__in=[])

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 50


@dataclass(frozen=True)
class Hit:
    team: Team
    # "action_item", "note", "decision", "meeting", "request", "question": the template names them
    kind: str
    title: str
    text: str  # Markdown
    url: str


def clean_query(raw: str) -> str:
    """The query as searched: printable characters only, one line, at most MAX_QUERY_LENGTH long.

    Control characters go (PostgreSQL refuses NUL in a string), runs of spaces become one.
    """
    printable = "".join(
        ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search(*, viewer: Viewer | None, query: str) -> list[Hit]:
    """Records matching `query` that this viewer may read: action items, their progress notes,
    decisions, meetings (by title, place, or the title or notes of an agenda item), requests
    (and their notes) and questions (and their published answers), newest first within each kind.

    One pass per team (a handful on any installation), each through the apps' visibility-filtered
    queries, so nothing is matched that the viewer could not open.
    """
    text = clean_query(query)
    if not text:
        return []
    hits: list[Hit] = []
    for team in all_teams():
        hits.extend(_action_items(viewer, team, text))
        hits.extend(_notes(viewer, team, text))
        hits.extend(_decisions(viewer, team, text))
        hits.extend(_meetings(viewer, team, text))
        hits.extend(_requests(viewer, team, text))
        hits.extend(_questions(viewer, team, text))
    return hits


def _action_items(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    access = access_for(viewer, team)
    items = filter_action_items(
        visible_action_items(viewer=viewer, team=team),
        filters=TrackerFilters(text=text),
        access=access,
    )[:RESULTS_PER_KIND]
    return [
        Hit(
            team=team,
            kind="action_item",
            title=f"#{item.number}",
            text=item.text,
            url=reverse("tracker:detail", args=[team.slug, item.number]),
        )
        for item in items
    ]


def _decisions(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    match = Q(text__icontains=text) | Q(source_text__icontains=text)
    number = text.lstrip("#Dd")
    if number.isdigit():
        match |= Q(number=int(number))
    decisions = visible_decisions(viewer=viewer, team=team).filter(match)[:RESULTS_PER_KIND]
    return [
        Hit(
            team=team,
            kind="decision",
            title=str(decision),
            text=decision.text,
            # Decisions have no page of their own: their meeting's page, or the team's list.
            url=reverse("meetings:detail", args=[team.slug, decision.meeting.number])
            if decision.meeting is not None and decision.meeting.number is not None
            else reverse("decisions", args=[team.slug]),
        )
        for decision in decisions
    ]


def _meetings(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    # The agenda has no visibility of its own: whoever reads the meeting reads it, so matching
    # agenda items only inside the viewer's meetings is the whole rule.
    agenda = AgendaItem.objects.filter(meeting=OuterRef("pk"), removed=False).filter(
        Q(title__icontains=text) | Q(notes__icontains=text)
    )
    meetings = (
        visible_meetings(viewer=viewer, team=team)
        .filter(number__isnull=False)
        .filter(Q(title__icontains=text) | Q(place__icontains=text) | Exists(agenda))
    )
    return [
        Hit(
            team=team,
            kind="meeting",
            title=str(meeting),
            text=meeting.place,
            url=reverse("meetings:detail", args=[team.slug, meeting.number]),
        )
        for meeting in meetings[:RESULTS_PER_KIND]
    ]


def _notes(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    """Progress notes of items the viewer may read, at a level the viewer reads without being
    named (a note is never more open than its item; people named on an item find its closed
    notes on the item's page, not here)."""
    access = access_for(viewer, team)
    items = visible_action_items(viewer=viewer, team=team).order_by().values("pk")
    notes = (
        ProgressNote.objects.filter(item__in=items, text__icontains=text)
        .filter(access.filter(named=NOBODY))
        .select_related("item")
        .order_by("-noted_on", "-id")[:RESULTS_PER_KIND]
    )
    return [
        Hit(
            team=team,
            kind="note",
            title=f"#{note.item.number} · {note.noted_on:%Y-%m-%d}",
            text=note.text,
            url=reverse("tracker:detail", args=[team.slug, note.item.number]),
        )
        for note in notes
    ]


def _requests(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    """Requests by title or description, or by a note the viewer reads without being named."""
    access = access_for(viewer, team)
    notes = RequestNote.objects.filter(request=OuterRef("pk"), text__icontains=text).filter(
        access.filter(named=NOBODY)
    )
    match = Q(title__icontains=text) | Q(description__icontains=text) | Q(Exists(notes))
    number = text.lstrip("#Rr")
    if number.isdigit():
        match |= Q(number=int(number))
    requests = visible_requests(viewer=viewer, team=team).filter(match)[:RESULTS_PER_KIND]
    return [
        Hit(
            team=team,
            kind="request",
            title=f"{request} · {request.title}",
            text=request.description,
            url=reverse("requests:detail", args=[team.slug, request.number]),
        )
        for request in requests
    ]


def _questions(viewer: Viewer | None, team: Team, text: str) -> list[Hit]:
    """Questions by their text, or by their answer where this viewer may read it (published,
    or staff and chairs)."""
    access = access_for(viewer, team)
    answered = Q(status=Question.Status.ANSWERED, answer__icontains=text)
    if not reads_unpublished_answers(access):
        answered &= Q(published=True)
    match = Q(text__icontains=text) | answered
    number = text.lstrip("#Qq")
    if number.isdigit():
        match |= Q(number=int(number))
    questions = (visible_questions(viewer=viewer, team=team).filter(match).order_by("-number"))[
        :RESULTS_PER_KIND
    ]
    return [
        Hit(
            team=team,
            kind="question",
            title=str(question),
            text=question.text,
            url=reverse("questions:detail", args=[team.slug, question.number]),
        )
        for question in questions
    ]
