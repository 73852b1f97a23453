"""Requests (briefings, tools, documents, data asked of the organisation) with their dated
notes and history, and the questions members ask with their answers.

Reads go through requests.queries (an answer is shown beyond staff and chairs only once it is
published), writes through requests.services. Edits, status changes, scheduling, answering
and publishing need If-Match; adding a note does not (it overwrites nothing).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import Field

from secretariat.api.auth import caller_of, refuse_unless, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.schemas import (
    HistoryPage,
    Input,
    NoteOut,
    NotePage,
    OwnerEntry,
    VisibilityValue,
)
from secretariat.api.schemas_requests import (
    AnswerIn,
    PublishIn,
    QuestionCreate,
    QuestionOut,
    QuestionPage,
    QuestionPatch,
    QuestionStatus,
    RequestCreate,
    RequestKind,
    RequestNoteIn,
    RequestOut,
    RequestPage,
    RequestPatch,
    RequestStatus,
    RequestStatusIn,
    ScheduleIn,
    WithdrawIn,
)
from secretariat.api.teams import PageParams, person_ref, team_of
from secretariat.api.tracker import (
    IF_MATCH,
    NOTES,
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    etag,
    expected_version,
    history_page,
    resolve_owners,
)
from secretariat.core.permissions import Action
from secretariat.core.visibility import Access, access_for
from secretariat.meetings.models import Meeting
from secretariat.meetings.queries import visible_meetings
from secretariat.requests import queries, services
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import roster
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

router = Router(tags=["requests and questions"])

MAX_NUMBER = 2**62
REQUESTS = Ordering("requests", (Key("number", descending=True),))
QUESTIONS = Ordering("questions", (Key("number"),))


class RequestFilters(Input):
    """The requests screen's filters."""

    kind: RequestKind | None = None
    status: RequestStatus | None = Field(None, description="A status; see also `outstanding`.")
    outstanding: bool = Field(
        False,
        description="Only requests still to deliver (requested, in progress, pending "
        "approval or scheduled).",
    )
    addressed_to: str | None = Field(
        None, max_length=120, description="A department such as IT, Legal, OCTO (any case)."
    )
    visibility: VisibilityValue | None = Field(
        None, description="Among the requests you may read, those at this level."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


class QuestionFilters(Input):
    status: QuestionStatus | None = None
    published: bool | None = Field(None, description="Answers published (true) or not (false).")
    action_item: int | None = Field(None, ge=1, le=MAX_NUMBER, description="Under this item.")
    request: int | None = Field(None, ge=1, le=MAX_NUMBER, description="Under this request.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


# Output ---------------------------------------------------------------------------------------


def _asked_by(request: Request) -> dict[str, Any] | None:
    if request.asked_by_person is not None:
        return {
            "type": "person",
            "id": request.asked_by_person_id,
            "name": request.asked_by_person.name,
        }
    if request.asked_by_group is not None:
        return {
            "type": "group",
            "id": request.asked_by_group_id,
            "name": request.asked_by_group.name,
        }
    return None


def readable_meeting(meeting: Meeting | None, access: Access) -> int | None:
    """A meeting's number, if the caller may read that meeting too."""
    if meeting is None or not access.can_read(meeting.visibility, named=False):
        return None
    return meeting.number


def request_out(request: Request, access: Access) -> dict[str, Any]:
    """A request as the API shows it; needs visible_requests' related records loaded."""
    return {
        "number": request.number,
        "kind": request.kind,
        "title": request.title,
        "description": request.description,
        "asked_by": _asked_by(request),
        "asked_by_text": request.asked_by_text,
        "addressed_to": request.addressed_to,
        "responsible": person_ref(request.responsible) if request.responsible else None,
        "responsible_text": request.responsible_text,
        "availability": request.availability,
        "available_from": request.available_from,
        "available_until": request.available_until,
        "status": request.status,
        "scheduled_meeting": readable_meeting(request.scheduled_meeting, access),
        "requested_on": request.requested_on,
        "visibility": request.visibility,
        "visibility_reason": request.visibility_reason,
        "version": request.version,
        "created_at": request.created_at,
        "updated_at": request.updated_at,
        "html_url": reverse("requests:detail", args=[request.team.slug, request.number]),
    }


def request_note_out(note: RequestNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "noted_on": note.noted_on,
        "text": note.text,
        "author": person_ref(note.author) if note.author else None,
        "visibility": note.visibility,
        "created_at": note.created_at,
    }


def question_out(
    question: Question, viewer: User | AnonymousUser, access: Access
) -> dict[str, Any]:
    """A question as the API shows it: the answer (and who gave it) only if the caller may
    read it; the item, request and meeting it hangs on only if the caller may read them."""
    answer = queries.answer_for(viewer=viewer, question=question)
    item = question.action_item
    parent = question.request
    return {
        "number": question.number,
        "text": question.text,
        "asked_by": person_ref(question.asked_by) if question.asked_by else None,
        "asked_by_text": question.asked_by_text,
        "asked_at": readable_meeting(question.asked_at, access),
        "addressed_to": question.addressed_to,
        "action_item": (
            item.number
            if item is not None and access.can_read(item.visibility, named=False)
            else None
        ),
        "request": (
            parent.number
            if parent is not None and access.can_read(parent.visibility, named=parent.names(access))
            else None
        ),
        "status": question.status,
        "answer": answer,
        "answered_by": (
            person_ref(question.answered_by) if answer and question.answered_by else None
        ),
        "answered_by_text": question.answered_by_text if answer else "",
        "answered_on": question.answered_on if answer else None,
        "published": question.published,
        "visibility": question.visibility,
        "version": question.version,
        "created_at": question.created_at,
        "updated_at": question.updated_at,
        "html_url": reverse("questions:detail", args=[question.team.slug, question.number]),
    }


# Lookups --------------------------------------------------------------------------------------


def _number(number: int) -> int:
    if number < 1 or number > MAX_NUMBER:
        raise Http404
    return number


def _request(request: HttpRequest, slug: str, number: int) -> tuple[Team, Request]:
    team = team_of(slug)
    user = caller_of(request).user
    return team, queries.get_request(viewer=user, team=team, number=_number(number))


def _question(request: HttpRequest, slug: str, number: int) -> tuple[Team, Question]:
    team = team_of(slug)
    user = caller_of(request).user
    return team, queries.get_question(viewer=user, team=team, number=_number(number))


def _history(
    request: HttpRequest, team: Team, record: Request | Question, page: PageParams
) -> dict[str, Any]:
    """A request's or question's history: meetings the caller may not read named by number."""
    user = caller_of(request).user
    return history_page(
        queries.visible_history(viewer=user, record=record),
        page,
        readable=lambda rows: queries.without_closed_meetings(rows, viewer=user, team=team),
    )


def _person(team: Team, person_id: int | None, field: str) -> Person | None:
    if person_id is None:
        return None
    person = roster(team).filter(pk=person_id).first()
    if person is None:
        raise ValidationError(
            {field: _("Person %(id)s is not on this team's roster.") % {"id": person_id}}
        )
    return person


def _asker(team: Team, entry: OwnerEntry | None) -> Person | Group | None:
    if entry is None:
        return None
    try:
        return resolve_owners(team, [entry])[0]
    except ValidationError as exc:
        raise ValidationError({"asked_by": exc.message_dict["owners"]}) from None


def named_meeting(user: User, team: Team, number: int, field: str) -> Meeting:
    """A meeting named in a body; one the caller cannot read is as unknown as a missing one."""
    found = visible_meetings(viewer=user, team=team).filter(number=number).first()
    if found is None:
        raise ValidationError(
            {
                field: _("%(team)s has no meeting #%(number)s.")
                % {"team": team.slug, "number": number}
            }
        )
    return found


def _meeting(user: User, team: Team, number: int | None, field: str) -> Meeting | None:
    return None if number is None else named_meeting(user, team, number, field)


def _action_item(user: User, team: Team, number: int | None) -> ActionItem | None:
    if number is None:
        return None
    found = visible_action_items(viewer=user, team=team).filter(number=number).first()
    if found is None:
        raise ValidationError(
            {
                "action_item": _("%(team)s has no action item #%(number)s.")
                % {"team": team.slug, "number": number}
            }
        )
    return found


def _parent_request(user: User, team: Team, number: int | None) -> Request | None:
    if number is None:
        return None
    found = queries.visible_requests(viewer=user, team=team).filter(number=number).first()
    if found is None:
        raise ValidationError(
            {
                "request": _("%(team)s has no request R%(number)s.")
                % {"team": team.slug, "number": number}
            }
        )
    return found


# Requests -------------------------------------------------------------------------------------


@router.get("/{slug}/requests", response={200: RequestPage, **READ_ERRORS}, summary="List requests")
def list_requests(
    request: HttpRequest, slug: str, filters: Query[RequestFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    status = "outstanding" if filters.outstanding else ""
    rows = queries.filter_requests(
        queries.visible_requests(viewer=user, team=team),
        kind=filters.kind or "",
        status=status,
        addressed_to=(filters.addressed_to or "").strip(),
        visibility=filters.visibility or "",
    )
    if filters.status:
        rows = queries.filter_requests(rows, status=filters.status)
    page = paginate(rows, ordering=REQUESTS, cursor=filters.cursor, limit=filters.limit)
    access = access_for(user, team)
    return {"items": [request_out(r, access) for r in page.rows], "next_cursor": page.next_cursor}


@router.post(
    "/{slug}/requests", response={201: RequestOut, **WRITE_ERRORS}, summary="Create a request"
)
def create_request(
    request: HttpRequest, slug: str, payload: RequestCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    values = payload.model_dump()
    values["asked_by"] = _asker(team, payload.asked_by)
    values["responsible"] = _person(team, payload.responsible, "responsible")
    created = services.create_request(team=team, by=user, **values)
    _team, found = _request(request, slug, created.number)
    response["ETag"] = etag(found)
    response["Location"] = f"/api/v1/teams/{team.slug}/requests/{found.number}"
    return Status(201, request_out(found, access_for(user, team)))


@router.get(
    "/{slug}/requests/{number}",
    response={200: RequestOut, **READ_ERRORS},
    summary="Read a request (ETag: its version)",
)
def get_request(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    team, found = _request(request, slug, number)
    response["ETag"] = etag(found)
    return request_out(found, access_for(caller_of(request).user, team))


@router.patch(
    "/{slug}/requests/{number}",
    response={200: RequestOut, **VERSIONED_ERRORS},
    summary="Change some fields of a request (If-Match required)",
)
def update_request(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: RequestPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _request(request, slug, number)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in (
        "description",
        "asked_by_text",
        "addressed_to",
        "responsible_text",
        "availability",
        "visibility_reason",
    ):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("kind", "title", "visibility"):
        if name in changes and changes[name] is None:
            del changes[name]
    if "asked_by" in changes:
        changes["asked_by"] = _asker(team, payload.asked_by)
    if "responsible" in changes:
        changes["responsible"] = _person(team, payload.responsible, "responsible")
    services.update_request(request=found, by=user, expected_version=version, changes=changes)
    _team, found = _request(request, slug, number)
    response["ETag"] = etag(found)
    return request_out(found, access_for(user, team))


@router.post(
    "/{slug}/requests/{number}/status",
    response={200: RequestOut, **VERSIONED_ERRORS},
    summary="Move a request along its workflow, with an optional dated note (If-Match required)",
)
def change_request_status(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: RequestStatusIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _request(request, slug, number)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    services.change_request_status(
        request=found,
        by=user,
        expected_version=version,
        status=payload.status,
        note=payload.note,
        noted_on=payload.noted_on,
    )
    _team, found = _request(request, slug, number)
    response["ETag"] = etag(found)
    return request_out(found, access_for(user, team))


@router.post(
    "/{slug}/requests/{number}/schedule",
    response={200: RequestOut, **VERSIONED_ERRORS},
    summary="Schedule a briefing onto one of the team's meetings (If-Match required)",
)
def schedule_request(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: ScheduleIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _request(request, slug, number)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    meeting = named_meeting(user, team, payload.meeting, "meeting")
    services.schedule_briefing(request=found, by=user, expected_version=version, meeting=meeting)
    _team, found = _request(request, slug, number)
    response["ETag"] = etag(found)
    return request_out(found, access_for(user, team))


@router.get(
    "/{slug}/requests/{number}/notes",
    response={200: NotePage, **READ_ERRORS},
    summary="A request's dated notes that you may see",
)
def list_request_notes(
    request: HttpRequest, slug: str, number: int, page: Query[PageParams]
) -> dict[str, Any]:
    _team, found = _request(request, slug, number)
    notes = queries.visible_request_notes(viewer=caller_of(request).user, request=found)
    result = paginate(notes, ordering=NOTES, cursor=page.cursor, limit=page.limit)
    return {"items": [request_note_out(n) for n in result.rows], "next_cursor": result.next_cursor}


@router.post(
    "/{slug}/requests/{number}/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    summary="Add a dated note to a request (no If-Match needed: notes never overwrite anything)",
)
def add_request_note(
    request: HttpRequest, slug: str, number: int, payload: RequestNoteIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team, found = _request(request, slug, number)
    refuse_unless(user, Action.ADD_NOTE, team, found)
    note = services.add_request_note(
        request=found,
        by=user,
        text=payload.text,
        noted_on=payload.noted_on,
        visibility=payload.visibility,
    )
    response["ETag"] = etag(found)
    return Status(201, request_note_out(note))


@router.get(
    "/{slug}/requests/{number}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="A request's history, as far as you may see it",
)
def list_request_history(
    request: HttpRequest, slug: str, number: int, page: Query[PageParams]
) -> dict[str, Any]:
    team, found = _request(request, slug, number)
    return _history(request, team, found, page)


# Questions ------------------------------------------------------------------------------------


@router.get(
    "/{slug}/questions", response={200: QuestionPage, **READ_ERRORS}, summary="List questions"
)
def list_questions(
    request: HttpRequest, slug: str, filters: Query[QuestionFilters]
) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    rows = queries.visible_questions(viewer=user, team=team)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.published is not None:
        rows = rows.filter(published=filters.published)
    if filters.action_item is not None:
        # Through the visible items only, so a hidden item's questions cannot be singled out.
        items = visible_action_items(viewer=user, team=team).filter(number=filters.action_item)
        rows = rows.filter(action_item__in=items.values("pk"))
    if filters.request is not None:
        parents = queries.visible_requests(viewer=user, team=team).filter(number=filters.request)
        rows = rows.filter(request__in=parents.values("pk"))
    page = paginate(rows, ordering=QUESTIONS, cursor=filters.cursor, limit=filters.limit)
    access = access_for(user, team)
    return {
        "items": [question_out(q, user, access) for q in page.rows],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/{slug}/questions", response={201: QuestionOut, **WRITE_ERRORS}, summary="Record a question"
)
def create_question(
    request: HttpRequest, slug: str, payload: QuestionCreate, response: HttpResponse
) -> Status[dict[str, Any]]:
    user = writer(request)
    team = team_of(slug)
    refuse_unless(user, Action.CREATE, team)
    created = services.create_question(
        team=team,
        by=user,
        text=payload.text,
        asked_by=_person(team, payload.asked_by, "asked_by"),
        asked_by_text=payload.asked_by_text,
        asked_at=_meeting(user, team, payload.asked_at, "asked_at"),
        addressed_to=payload.addressed_to,
        action_item=_action_item(user, team, payload.action_item),
        request=_parent_request(user, team, payload.request),
        visibility=payload.visibility,
    )
    _team, found = _question(request, slug, created.number)
    response["ETag"] = etag(found)
    response["Location"] = f"/api/v1/teams/{team.slug}/questions/{found.number}"
    return Status(201, question_out(found, user, access_for(user, team)))


@router.get(
    "/{slug}/questions/{number}",
    response={200: QuestionOut, **READ_ERRORS},
    summary="Read a question and its answer (ETag: its version)",
)
def get_question(
    request: HttpRequest, slug: str, number: int, response: HttpResponse
) -> dict[str, Any]:
    team, found = _question(request, slug, number)
    user = caller_of(request).user
    response["ETag"] = etag(found)
    return question_out(found, user, access_for(user, team))


@router.patch(
    "/{slug}/questions/{number}",
    response={200: QuestionOut, **VERSIONED_ERRORS},
    summary="Change some fields of a question (If-Match required)",
)
def update_question(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: QuestionPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _question(request, slug, number)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    changes = payload.model_dump(exclude_unset=True)
    for name in ("asked_by_text", "addressed_to"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("text", "visibility"):
        if name in changes and changes[name] is None:
            del changes[name]
    if "asked_by" in changes:
        changes["asked_by"] = _person(team, payload.asked_by, "asked_by")
    if "asked_at" in changes:
        changes["asked_at"] = _meeting(user, team, payload.asked_at, "asked_at")
    services.update_question(question=found, by=user, expected_version=version, changes=changes)
    _team, found = _question(request, slug, number)
    response["ETag"] = etag(found)
    return question_out(found, user, access_for(user, team))


@router.get(
    "/{slug}/questions/{number}/history",
    response={200: HistoryPage, **READ_ERRORS},
    summary="A question's history, as far as you may see it (unpublished answers left out)",
)
def list_question_history(
    request: HttpRequest, slug: str, number: int, page: Query[PageParams]
) -> dict[str, Any]:
    team, found = _question(request, slug, number)
    return _history(request, team, found, page)


@router.post(
    "/{slug}/questions/{number}/answer",
    response={200: QuestionOut, **VERSIONED_ERRORS},
    summary="Record (or correct) the written answer; staff and chairs (If-Match required)",
)
def answer_question(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: AnswerIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _question(request, slug, number)
    refuse_unless(user, Action.SET_VISIBILITY, team, found)
    version = expected_version(if_match)
    services.answer_question(
        question=found,
        by=user,
        expected_version=version,
        answer=payload.answer,
        answered_by=_person(team, payload.answered_by, "answered_by"),
        answered_by_text=payload.answered_by_text,
        answered_on=payload.answered_on,
        published=payload.published,
    )
    _team, found = _question(request, slug, number)
    response["ETag"] = etag(found)
    return question_out(found, user, access_for(user, team))


@router.post(
    "/{slug}/questions/{number}/publish",
    response={200: QuestionOut, **VERSIONED_ERRORS},
    summary="Publish a question's answer, or withdraw it from publication (If-Match required)",
)
def publish_answer(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: PublishIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _question(request, slug, number)
    refuse_unless(user, Action.SET_VISIBILITY, team, found)
    version = expected_version(if_match)
    services.publish_answer(
        question=found, by=user, expected_version=version, published=payload.published
    )
    _team, found = _question(request, slug, number)
    response["ETag"] = etag(found)
    return question_out(found, user, access_for(user, team))


@router.post(
    "/{slug}/questions/{number}/withdraw",
    response={200: QuestionOut, **VERSIONED_ERRORS},
    summary="Withdraw a question, or reopen a withdrawn one; its asker, staff and chairs "
    "(If-Match required)",
)
def withdraw_question(
    request: HttpRequest,
    slug: str,
    number: int,
    payload: WithdrawIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, found = _question(request, slug, number)
    refuse_unless(user, Action.EDIT, team, found)
    version = expected_version(if_match)
    services.withdraw_question(
        question=found, by=user, expected_version=version, withdrawn=payload.withdrawn
    )
    _team, found = _question(request, slug, number)
    response["ETag"] = etag(found)
    return question_out(found, user, access_for(user, team))
