"""Every read of requests and questions that reaches a person, with visibility applied here.

An answer has a second gate besides its question's visibility: until it is published, only
staff and chairs (and superusers) read it. `answer_for` and the `shown_answer` attribute the
list queries set are the only ways templates get at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry
from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.meetings.models import Meeting
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem

NOBODY = Q(pk__in=[])


def _request_names(access: Access) -> Q:
    if access.person_id is None:
        return NOBODY
    return (
        Q(asked_by_person_id=access.person_id)
        | Q(responsible_id=access.person_id)
        | Q(asked_by_group_id__in=access.group_ids)
    )


def _question_names(access: Access) -> Q:
    if access.person_id is None:
        return NOBODY
    return Q(asked_by_id=access.person_id)


def _readable_meetings(access: Access, team: Team) -> QuerySet[Meeting]:
    return Meeting.objects.filter(team=team).filter(access.filter(named=NOBODY))


def visible_requests(*, viewer: Viewer | None, team: Team) -> QuerySet[Request]:
    """The team's requests this viewer may read, newest first, with people and meeting loaded.

    `scheduled_meeting` is None when the viewer may not read that meeting (a public briefing
    given at a closed call): its title is not theirs to read, wherever the request shows.
    """
    access = access_for(viewer, team)
    return (
        Request.objects.filter(team=team)
        .filter(access.filter(named=_request_names(access)))
        .select_related("team", "asked_by_person", "asked_by_group", "responsible")
        .prefetch_related(Prefetch("scheduled_meeting", queryset=_readable_meetings(access, team)))
        .order_by("-number")
    )


def filter_requests(
    requests: QuerySet[Request],
    *,
    kind: str = "",
    status: str = "",
    addressed_to: str = "",
    visibility: str = "",
) -> QuerySet[Request]:
    """`status` is a status, "outstanding" or "" (any); every other "" means any. Filters
    narrow what `visible_requests` gave; they never widen it."""
    if kind:
        requests = requests.filter(kind=kind)
    if addressed_to:
        requests = requests.filter(addressed_to__iexact=addressed_to)
    if visibility:
        requests = requests.filter(visibility=visibility)
    if status == "outstanding":
        requests = requests.filter(status__in=Request.OUTSTANDING_STATUSES)
    elif status:
        requests = requests.filter(status=status)
    return requests


def request_departments(*, viewer: Viewer | None, team: Team) -> list[str]:
    """The departments the viewer's requests are addressed to, for the list's filter."""
    rows = (
        visible_requests(viewer=viewer, team=team)
        .exclude(addressed_to="")
        .order_by()
        .values_list("addressed_to", flat=True)
        .distinct()
    )
    return sorted(set(rows), key=str.casefold)


def outstanding_briefings(*, viewer: Viewer | None, team: Team) -> QuerySet[Request]:
    """Briefings asked for and not yet delivered (nor declined or withdrawn), oldest first."""
    return (
        visible_requests(viewer=viewer, team=team)
        .filter(kind=Request.Kind.BRIEFING, status__in=Request.OUTSTANDING_STATUSES)
        .order_by("number")
    )


def get_request(*, viewer: Viewer | None, team: Team, number: int) -> Request:
    """One request by number, or 404 if it does not exist or the viewer may not read it."""
    found = visible_requests(viewer=viewer, team=team).filter(number=number).first()
    if found is None:
        raise Http404
    return found


def _gated(access: Access, record: Request | Question) -> Q | None:
    """The filter for a record's notes/history, or None when the record itself is unreadable."""
    named = record.names(access)
    if not access.can_read(record.visibility, named=named):
        return None
    return access.filter(named=Q() if named else NOBODY)


def visible_request_notes(*, viewer: Viewer | None, request: Request) -> QuerySet[RequestNote]:
    notes = RequestNote.objects.filter(request=request).select_related("author")
    rule = _gated(access_for(viewer, request.team), request)
    if rule is None:
        return notes.none()
    return notes.filter(rule).order_by("noted_on", "created_at", "id")


MEETING_FIELDS = ("scheduled_meeting", "asked_at")
MEETING_NUMBER = re.compile(r"#(\d+)$")


def without_closed_meetings(
    entries: Iterable[HistoryEntry], *, viewer: Viewer | None, team: Team
) -> list[HistoryEntry]:
    """History entries as this viewer may read them: a meeting they may not read (named in a
    scheduled_meeting or asked_at change, as "title #number") is shown as its number only.
    The entries are changed in memory, never saved."""
    rows = list(entries)
    if not any(name in e.changes for e in rows for name in MEETING_FIELDS):
        return rows
    readable = {
        str(m) for m in _readable_meetings(access_for(viewer, team), team).only("title", "number")
    }
    for entry in rows:
        for name in MEETING_FIELDS:
            if name not in entry.changes:
                continue
            entry.changes[name] = [_meeting_shown(v, readable) for v in entry.changes[name]]
    return rows


def _meeting_shown(value: object, readable: set[str]) -> object:
    """The meeting as recorded (`str(meeting)`) if readable, else its number only."""
    if not isinstance(value, str) or not value or value in readable:
        return value
    found = MEETING_NUMBER.search(value)
    return f"#{found.group(1)}" if found is not None else gettext("a meeting not open to you")


def readable_history(*, viewer: Viewer | None, record: Request | Question) -> list[HistoryEntry]:
    """`visible_history`, with the names of meetings the viewer may not read left out."""
    return without_closed_meetings(
        visible_history(viewer=viewer, record=record), viewer=viewer, team=record.team
    )


def visible_history(*, viewer: Viewer | None, record: Request | Question) -> QuerySet[HistoryEntry]:
    access = access_for(viewer, record.team)
    entries = history_for(record)
    rule = _gated(access, record)
    if rule is None:
        return entries.none()
    if isinstance(record, Question) and not reads_unpublished_answers(access):
        # An answer's drafts are staff's until published; the page shows the published one.
        entries = entries.exclude(changes__has_key="answer")
    return entries.filter(rule).select_related("actor")


# --- questions -------------------------------------------------------------------------------


def reads_unpublished_answers(access: Access) -> bool:
    return access.sees_everything


def answer_for(*, viewer: Viewer | None, question: Question) -> str:
    """The answer this viewer may read: "" while unpublished, unless they are staff or chair."""
    access = access_for(viewer, question.team)
    if question.status != Question.Status.ANSWERED:
        return ""
    if question.published or reads_unpublished_answers(access):
        return question.answer
    return ""


def _with_shown_answers(questions: list[Question], access: Access) -> list[Question]:
    unpublished_ok = reads_unpublished_answers(access)
    for question in questions:
        answered = question.status == Question.Status.ANSWERED
        shown = answered and (question.published or unpublished_ok)
        question.shown_answer = question.answer if shown else ""  # type: ignore[attr-defined]
    return questions


def visible_questions(*, viewer: Viewer | None, team: Team) -> QuerySet[Question]:
    """The team's questions this viewer may read (answers gated separately: see answer_for).
    `asked_at` is None when the viewer may not read that meeting."""
    access = access_for(viewer, team)
    return (
        Question.objects.filter(team=team)
        .filter(access.filter(named=_question_names(access)))
        .select_related("team", "asked_by", "answered_by", "action_item", "request")
        .prefetch_related(Prefetch("asked_at", queryset=_readable_meetings(access, team)))
        .order_by("number")
    )


def meetings_to_filter_by(*, viewer: Viewer | None, team: Team) -> QuerySet[Meeting]:
    """The meetings a list may be filtered by: those the viewer may read."""
    return _readable_meetings(access_for(viewer, team), team).order_by("-starts_at", "-number")


def filter_questions(
    questions: QuerySet[Question],
    *,
    status: str = "",
    asked_by: Person | None = None,
    asked_at: Meeting | None = None,
    under: tuple[str, int] | None = None,
) -> QuerySet[Question]:
    """Narrow `visible_questions`: `status` is open, answered, published (answered with the
    answer published), withdrawn or "" (any); `under` is ("action_item" | "request", number)."""
    if status == "published":
        questions = questions.filter(status=Question.Status.ANSWERED, published=True)
    elif status:
        questions = questions.filter(status=status)
    if asked_by is not None:
        questions = questions.filter(asked_by=asked_by)
    if asked_at is not None:
        questions = questions.filter(asked_at=asked_at)
    if under is not None:
        kind, number = under
        if kind == "request":
            questions = questions.filter(request__number=number)
        else:
            questions = questions.filter(action_item__number=number)
    return questions


def published_answers(*, viewer: Viewer | None, team: Team) -> list[Question]:
    """The public Q&A page: answered questions whose answers are published."""
    access = access_for(viewer, team)
    rows = list(
        visible_questions(viewer=viewer, team=team).filter(
            status=Question.Status.ANSWERED, published=True
        )
    )
    return _with_shown_answers(rows, access)


def questions_with_answers(
    *, viewer: Viewer | None, team: Team, questions: QuerySet[Question] | None = None
) -> list[Question]:
    """Questions with `shown_answer` set to what this viewer may read of the answer."""
    access = access_for(viewer, team)
    rows = questions if questions is not None else visible_questions(viewer=viewer, team=team)
    return _with_shown_answers(list(rows), access)


def get_question(*, viewer: Viewer | None, team: Team, number: int) -> Question:
    found = visible_questions(viewer=viewer, team=team).filter(number=number).first()
    if found is None:
        raise Http404
    _with_shown_answers([found], access_for(viewer, team))
    return found


@dataclass(frozen=True)
class QuestionSummary:
    """The questions grouped under one action item or request, and how many are answered."""

    questions: list[Question]
    answered: int

    @property
    def total(self) -> int:
        return len(self.questions)


def questions_of_item(*, viewer: Viewer | None, item: ActionItem) -> QuestionSummary:
    """The questions an action item asks answers for; `answered` counts answers, published or
    not (the count reveals no text)."""
    rows = questions_with_answers(
        viewer=viewer,
        team=item.team,
        questions=visible_questions(viewer=viewer, team=item.team).filter(action_item=item),
    )
    return QuestionSummary(rows, sum(1 for q in rows if q.status == Question.Status.ANSWERED))


def questions_of_request(*, viewer: Viewer | None, request: Request) -> QuestionSummary:
    rows = questions_with_answers(
        viewer=viewer,
        team=request.team,
        questions=visible_questions(viewer=viewer, team=request.team).filter(request=request),
    )
    return QuestionSummary(rows, sum(1 for q in rows if q.status == Question.Status.ANSWERED))


def answered_counts(*, viewer: Viewer | None, team: Team) -> dict[int, tuple[int, int]]:
    """Per action item id: (answered, total) of the visible questions under it (one query)."""
    rows = (
        visible_questions(viewer=viewer, team=team)
        .filter(action_item__isnull=False)
        .order_by()
        .values("action_item_id")
        .annotate(
            total=Count("pk"), answered=Count("pk", filter=Q(status=Question.Status.ANSWERED))
        )
    )
    return {row["action_item_id"]: (row["answered"], row["total"]) for row in rows}
