"""Ranked full-text search across every team the viewer can read (or one team).

The index (archive.search_index: SQLite FTS5 or PostgreSQL full-text) proposes candidates, best
first; only those that the apps' visibility-filtered queries return for this viewer become hits,
so nothing is matched, titled or quoted that the viewer could not open. Queries per search are
bounded by the kinds and teams among the candidates, never by the number of hits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from secretariat.archive.search_index import (
    CANDIDATES,
    MARK_END,
    MARK_START,
    Candidate,
    candidates,
    snippets,
)
from secretariat.core.visibility import Viewer, access_for
from secretariat.events.models import Event, Session
from secretariat.events.queries import visible_events
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.requests.queries import (
    reads_unpublished_answers,
    visible_questions,
    visible_requests,
)
from secretariat.teams.models import Team
from secretariat.teams.queries import all_teams
from secretariat.tracker.models import ActionItem, ProgressNote
from secretariat.tracker.queries import visible_action_items

NOBODY = Q(pk__in=[])

MAX_QUERY_LENGTH = 200
HITS_PER_PAGE = 50
# How deep a visitor may page: each page further reads and checks more of the index's
# candidates, best first; past this the query should be sharper.
MAX_PAGE = 10


@dataclass(frozen=True)
class Hit:
    team: Team
    # "action_item", "note", "decision", "meeting", "request", "question": the template names them
    kind: str
    title: str
    snippet: SafeString  # escaped text, the matched words in <mark>
    url: str


def clean_query(raw: str) -> str:
    """The query as searched: printable characters only, one line, at most MAX_QUERY_LENGTH long.

    Control characters go (PostgreSQL refuses NUL in a string), runs of spaces become one.
    """
    printable = "".join(
        ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def highlight(snippet: str) -> SafeString:
    """The index's snippet, HTML-escaped, with its match marks turned into <mark> elements."""
    escaped = str(escape(snippet))
    return mark_safe(  # noqa: S308 - escaped above; only our own marks become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


@dataclass(frozen=True)
class ResultPage:
    """One page of results: `hits` are results `first`… of the query, best first."""

    hits: list[Hit]
    number: int
    has_next: bool

    @property
    def first(self) -> int:
        return (self.number - 1) * HITS_PER_PAGE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search(*, viewer: Viewer | None, query: str, team: Team | None = None) -> list[Hit]:
    """The first page of `results_page`: the best matches this viewer may read."""
    return results_page(viewer=viewer, query=query, team=team).hits


def results_page(
    *, viewer: Viewer | None, query: str, team: Team | None = None, page: int = 1
) -> ResultPage:
    """Records matching `query` that this viewer may read, best match first, page `page`
    (HITS_PER_PAGE each, up to MAX_PAGE): action items, their progress notes, decisions,
    meetings (also by an agenda item), requests (also by a note), questions (also by their
    answer, where this viewer may read it), events and their sessions. A match in the title or
    the number ranks before a match in the text.
    """
    page = min(max(page, 1), MAX_PAGE)
    empty = ResultPage(hits=[], number=page, has_next=False)
    text = clean_query(query)
    if not text:
        return empty
    signed_in = viewer is not None and viewer.is_authenticated
    # Enough candidates for this page and the next one's first hit, however many the viewer
    # may not read: the index's limit grows with the page.
    found = candidates(
        text,
        team_id=team.pk if team else None,
        public_only=not signed_in,
        limit=CANDIDATES * page,
    )
    if not found:
        return empty
    teams = {t.pk: t for t in ([team] if team else all_teams())}
    wanted: dict[tuple[int, str], set[int]] = defaultdict(set)
    for candidate in found:
        if candidate.team_id in teams:
            wanted[(candidate.team_id, candidate.kind)].add(candidate.object_id)
    visible: dict[tuple[int, str], dict[int, Any]] = {
        key: _visible(viewer, teams[key[0]], key[1], ids) for key, ids in wanted.items()
    }
    chosen = _chosen(found, visible, wanted=page * HITS_PER_PAGE + 1)
    shown = chosen[(page - 1) * HITS_PER_PAGE : page * HITS_PER_PAGE]
    extracts = snippets(text, [candidate.document_id for candidate, _ in shown])
    hits = [
        _hit(teams[c.team_id], c.kind, record, highlight(extracts.get(c.document_id, "")))
        for c, record in shown
    ]
    return ResultPage(
        hits=hits,
        number=page,
        has_next=page < MAX_PAGE and len(chosen) > page * HITS_PER_PAGE,
    )


def _chosen(
    found: Iterable[Candidate], visible: dict[tuple[int, str], dict], *, wanted: int
) -> list[tuple[Candidate, Any]]:
    """The candidates this viewer may read, best first, one per record shown, at most `wanted`."""
    chosen: list[tuple[Candidate, Any]] = []
    seen: set[tuple[str, int]] = set()
    for candidate in found:
        record = visible.get((candidate.team_id, candidate.kind), {}).get(candidate.object_id)
        if record is None:
            continue
        # One hit per record: a meeting found by two agenda items, a request by its notes.
        key = _shown_as(candidate.kind, record)
        if key in seen:
            continue
        seen.add(key)
        chosen.append((candidate, record))
        if len(chosen) >= wanted:
            break
    return chosen


def _shown_as(kind: str, record: Any) -> tuple[str, int]:
    if kind == "agenda":
        return ("meeting", record.meeting_id)
    if kind == "request_note":
        return ("request", record.request_id)
    if kind == "answer":
        return ("question", record.pk)
    return (kind, record.pk)


def _visible(viewer: Viewer | None, team: Team, kind: str, ids: set[int]) -> dict[int, Any]:
    """Those of `ids` (records of one kind in one team) this viewer may read, by id."""
    access = access_for(viewer, team)
    records: Iterable[Model]
    if kind == "action_item":
        # A hit shows the item's number only: no owners, meeting or merge target to load.
        records = (
            visible_action_items(viewer=viewer, team=team)
            .prefetch_related(None)
            .select_related(None)
            .filter(pk__in=ids)
            .only("pk", "number")
        )
    elif kind == "note":
        items = visible_action_items(viewer=viewer, team=team).order_by().values("pk")
        # At a level the viewer reads without being named (a note is never more open than its
        # item; people named on an item find its closed notes on the item's page).
        records = (
            ProgressNote.objects.filter(pk__in=ids, item__in=items)
            .filter(access.filter(named=NOBODY))
            .select_related("item")
        )
    elif kind == "decision":
        # A hit shows the decision's number and links to its meeting by number.
        records = (
            visible_decisions(viewer=viewer, team=team)
            .filter(pk__in=ids)
            .select_related("meeting")
            .only("pk", "number", "meeting", "meeting__number")
        )
    elif kind == "meeting":
        records = visible_meetings(viewer=viewer, team=team).filter(
            pk__in=ids, number__isnull=False
        )
    elif kind == "agenda":
        # The agenda has no visibility of its own: whoever reads the meeting reads it.
        meetings = visible_meetings(viewer=viewer, team=team).filter(number__isnull=False)
        records = AgendaItem.objects.filter(
            pk__in=ids, removed=False, meeting__in=meetings.order_by().values("pk")
        ).select_related("meeting")
    elif kind == "request":
        records = visible_requests(viewer=viewer, team=team).filter(pk__in=ids)
    elif kind == "request_note":
        requests = visible_requests(viewer=viewer, team=team).order_by().values("pk")
        records = (
            RequestNote.objects.filter(pk__in=ids, request__in=requests)
            .filter(access.filter(named=NOBODY))
            .select_related("request")
        )
    elif kind == "question":
        records = visible_questions(viewer=viewer, team=team).filter(pk__in=ids)
    elif kind == "answer":
        answered = visible_questions(viewer=viewer, team=team).filter(
            pk__in=ids, status=Question.Status.ANSWERED
        )
        if not reads_unpublished_answers(access):
            answered = answered.filter(published=True)
        records = answered
    elif kind == "event":
        records = visible_events(viewer=viewer, team=team).filter(pk__in=ids)
    elif kind == "session":
        # A session has no visibility of its own: whoever reads the event reads it.
        events = visible_events(viewer=viewer, team=team).order_by().values("pk")
        records = Session.objects.filter(pk__in=ids, event__in=events).select_related("event")
    else:
        return {}
    return {record.pk: record for record in records}


def _hit(team: Team, kind: str, record: Any, snippet: SafeString) -> Hit:
    slug = team.slug
    if kind == "action_item":
        item: ActionItem = record
        url = reverse("tracker:detail", args=[slug, item.number])
        return Hit(team, "action_item", f"#{item.number}", snippet, url)
    if kind == "note":
        note: ProgressNote = record
        url = reverse("tracker:detail", args=[slug, note.item.number])
        return Hit(team, "note", f"#{note.item.number} · {note.noted_on:%Y-%m-%d}", snippet, url)
    if kind == "decision":
        decision: Decision = record
        # Decisions have no page of their own: their meeting's page, or the team's list.
        meeting = decision.meeting
        url = (
            reverse("meetings:detail", args=[slug, meeting.number])
            if meeting is not None and meeting.number is not None
            else reverse("decisions", args=[slug])
        )
        return Hit(team, "decision", str(decision), snippet, url)
    if kind in ("meeting", "agenda"):
        found: Meeting = record if kind == "meeting" else record.meeting
        url = reverse("meetings:detail", args=[slug, found.number])
        return Hit(team, "meeting", str(found), snippet, url)
    if kind in ("request", "request_note"):
        request: Request = record if kind == "request" else record.request
        url = reverse("requests:detail", args=[slug, request.number])
        return Hit(team, "request", f"{request} · {request.title}", snippet, url)
    if kind in ("event", "session"):
        event: Event = record if kind == "event" else record.event
        title = event.name if kind == "event" else f"{event.name} · {record.title}"
        url = reverse("events:detail", args=[slug, event.slug])
        return Hit(team, kind, title, snippet, url)
    question: Question = record
    url = reverse("questions:detail", args=[slug, question.number])
    return Hit(team, "question", str(question), snippet, url)
