"""Every write to requests, their notes, and questions with their answers.

Each service runs in one transaction: it checks permission (when `by` is a user; importers
pass `by=None`), checks the version the editor saw, validates, changes the record, bumps its
version and writes a history entry. Bad input raises ValidationError naming the field, and
nothing is changed. Staff and chairs write; members read (and may add notes, as on items).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can, require
from secretariat.meetings.models import Meeting
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import person_of
from secretariat.teams.services import allocate_number
from secretariat.tracker.models import ActionItem

Actor = AbstractBaseUser | AnonymousUser | None
Record = TypeVar("Record", Request, Question)

REQUEST_COUNTER = "request"
QUESTION_COUNTER = "question"

Status = Request.Status
# Where a request may go from each status. "Scheduled" is reached with schedule_briefing.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REQUESTED: frozenset(
        {
            Status.IN_PROGRESS,
            Status.PENDING_APPROVAL,
            Status.DELIVERED,
            Status.DECLINED,
            Status.WITHDRAWN,
        }
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.PENDING_APPROVAL, Status.DELIVERED, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.PENDING_APPROVAL: frozenset(
        {Status.IN_PROGRESS, Status.DELIVERED, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.SCHEDULED: frozenset(
        {Status.IN_PROGRESS, Status.DELIVERED, Status.DECLINED, Status.WITHDRAWN}
    ),
    Status.DELIVERED: frozenset(),
    Status.DECLINED: frozenset({Status.REQUESTED}),
    Status.WITHDRAWN: frozenset({Status.REQUESTED}),
}

CLOSED_STATUSES = (Status.DELIVERED, Status.DECLINED, Status.WITHDRAWN)

REQUEST_FIELDS = (
    "kind",
    "title",
    "description",
    "asked_by_text",
    "addressed_to",
    "responsible",
    "responsible_text",
    "availability",
    "available_from",
    "available_until",
    "requested_on",
    "visibility",
    "visibility_reason",
)
REQUEST_TRACKED = (
    *REQUEST_FIELDS,
    "asked_by_person",
    "asked_by_group",
    "status",
    "scheduled_meeting",
)
QUESTION_FIELDS = (
    "text",
    "asked_by",
    "asked_by_text",
    "asked_at",
    "addressed_to",
    "action_item",
    "request",
    "visibility",
)
QUESTION_TRACKED = (
    *QUESTION_FIELDS,
    "status",
    "answer",
    "answered_by",
    "answered_by_text",
    "answered_on",
    "published",
)
_LIMITS = {
    "title": 300,
    "asked_by_text": 200,
    "addressed_to": 120,
    "responsible_text": 200,
    "availability": 300,
    "visibility_reason": 300,
    "answered_by_text": 200,
}


def _account(by: Actor) -> User | None:
    return cast("User | None", by if by is not None and by.is_authenticated else None)


def _lock(record: Record, expected_version: int | None, *, by: Actor, action: Action) -> Record:
    """The record re-read under a row lock; permission first, then the version."""
    current = type(record).objects.select_for_update().select_related("team").get(pk=record.pk)
    if by is not None:
        require(by, action, team=current.team, record=current)
    if expected_version is not None and current.version != expected_version:
        since = [
            e
            for e in history_for(current)
            if e.version is not None and e.version > expected_version
        ]
        raise StaleVersion(current=current, expected_version=expected_version, changes_since=since)
    return current


def _save(
    record: models.Model,
    *,
    by: Actor,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> bool:
    """Save with a new version and a history entry, if anything changed."""
    changes = diff(before, after)
    if not changes:
        return False
    record.version += 1  # type: ignore[attr-defined]
    record.updated_at = timezone.now()  # type: ignore[attr-defined]
    record.save()
    record_change(
        obj=record,
        action=action,
        by=by,
        changes=changes,
        team_id=record.team_id,  # type: ignore[attr-defined]
        version=record.version,  # type: ignore[attr-defined]
        visibility=Visibility.strictest(
            before.get("visibility", record.visibility),  # type: ignore[attr-defined]
            record.visibility,  # type: ignore[attr-defined]
        ),
    )
    return True


def _check_lengths(record: models.Model, errors: dict[str, str]) -> None:
    for name, limit in _LIMITS.items():
        if len(getattr(record, name, "") or "") > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}


def _validate_request(request: Request) -> None:
    errors: dict[str, str] = {}
    if not (request.title or "").strip():
        errors["title"] = _("Give the request a title, e.g. the briefing's topic.")
    if request.kind not in Request.Kind.values:
        errors["kind"] = _("%(value)s is not a kind of request.") % {"value": request.kind}
    if request.status not in Request.Status.values:
        errors["status"] = _("%(value)s is not a status.") % {"value": request.status}
    if request.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": request.visibility}
    if request.asked_by_group is not None and request.asked_by_group.team_id != request.team_id:
        errors["asked_by"] = _("That group belongs to another team.")
    if (
        request.available_from
        and request.available_until
        and request.available_until < request.available_from
    ):
        errors["available_until"] = _("Availability ends before it starts.")
    _check_lengths(request, errors)
    if errors:
        raise ValidationError(errors)


def _asked_by_fields(asked_by: Person | Group | None) -> dict[str, Any]:
    return {
        "asked_by_person": asked_by if isinstance(asked_by, Person) else None,
        "asked_by_group": asked_by if isinstance(asked_by, Group) else None,
    }


def create_request(
    *,
    team: Team,
    by: Actor,
    kind: str,
    title: str,
    description: str = "",
    asked_by: Person | Group | None = None,
    asked_by_text: str = "",
    addressed_to: str = "",
    responsible: Person | None = None,
    responsible_text: str = "",
    availability: str = "",
    available_from: dt.date | None = None,
    available_until: dt.date | None = None,
    requested_on: dt.date | None = None,
    status: str = Request.Status.REQUESTED,
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
    number: int | None = None,
) -> Request:
    """Create a request with the next number of its team (or `number`, if free)."""
    if by is not None:
        require(by, Action.CREATE, team=team)
    if status == Request.Status.SCHEDULED:
        raise ValidationError(
            {"status": _("Create the request first, then schedule it onto a meeting.")}
        )
    request = Request(
        team=team,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        asked_by_text=asked_by_text.strip(),
        addressed_to=addressed_to.strip(),
        responsible=responsible,
        responsible_text=responsible_text.strip(),
        availability=availability.strip(),
        available_from=available_from,
        available_until=available_until,
        requested_on=requested_on or timezone.localdate(),
        status=status,
        visibility=visibility,
        visibility_reason=visibility_reason.strip(),
        created_by=_account(by),
        **_asked_by_fields(asked_by),
    )
    _validate_request(request)
    with transaction.atomic():
        request.number = allocate_number(team=team, key=REQUEST_COUNTER, requested=number)
        if number is not None and Request.objects.filter(team=team, number=number).exists():
            raise ValidationError(
                {
                    "number": _("%(team)s already has a request R%(number)s.")
                    % {"team": team.slug, "number": number}
                }
            )
        request.save()
        after = snapshot(request, REQUEST_TRACKED)
        record_change(
            obj=request,
            action="requests.request.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
            team_id=team.pk,
            version=request.version,
            visibility=request.visibility,
        )
    return request


def update_request(
    *, request: Request, by: Actor, expected_version: int | None, changes: Mapping[str, Any]
) -> Request:
    """Change some fields of a request (status has its own services). `asked_by` may be a
    person, a group or None."""
    unknown = set(changes) - set(REQUEST_FIELDS) - {"asked_by"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = _lock(request, expected_version, by=by, action=Action.EDIT)
        if by is not None and any(
            name in changes and changes[name] != getattr(current, name)
            for name in ("visibility", "visibility_reason")
        ):
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        before = snapshot(current, REQUEST_TRACKED)
        for name, value in changes.items():
            if name == "asked_by":
                for field, record in _asked_by_fields(value).items():
                    setattr(current, field, record)
                continue
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_request(current)
        _save(
            current,
            by=by,
            action="requests.request.updated",
            before=before,
            after=snapshot(current, REQUEST_TRACKED),
        )
    return current


def _note(request: Request, *, by: Actor, text: str, noted_on: dt.date | None) -> RequestNote:
    return RequestNote.objects.create(
        request=request,
        noted_on=noted_on or timezone.localdate(),
        text=text.strip(),
        author=person_of(by),
        visibility=request.visibility,
        created_by=_account(by),
    )


def change_request_status(
    *,
    request: Request,
    by: Actor,
    expected_version: int | None,
    status: str,
    note: str = "",
    noted_on: dt.date | None = None,
) -> Request:
    """Move a request along its workflow (TRANSITIONS), with an optional dated note.

    Leaving "scheduled" for anything but "delivered" unschedules it (history keeps the meeting).
    """
    if status not in Request.Status.values:
        raise ValidationError({"status": _("%(value)s is not a status.") % {"value": status}})
    with transaction.atomic():
        current = _lock(request, expected_version, by=by, action=Action.EDIT)
        if status == Request.Status.SCHEDULED:
            raise ValidationError(
                {"status": _("Schedule a briefing by choosing the meeting it is given at.")}
            )
        if status not in TRANSITIONS[current.status]:
            raise ValidationError(
                {
                    "status": _("A request that is %(old)s cannot become %(new)s.")
                    % {
                        "old": current.get_status_display().lower(),
                        "new": Request.Status(status).label.lower(),
                    }
                }
            )
        before = snapshot(current, REQUEST_TRACKED)
        current.status = status
        if status != Request.Status.DELIVERED:
            current.scheduled_meeting = None
        after = snapshot(current, REQUEST_TRACKED)
        if note.strip():
            _note(current, by=by, text=note, noted_on=noted_on)
            after["note"] = note.strip()
        _save(current, by=by, action="requests.request.status_changed", before=before, after=after)
    return current


def schedule_briefing(
    *, request: Request, by: Actor, expected_version: int | None, meeting: Meeting
) -> Request:
    """Schedule a briefing onto one of its team's meetings."""
    with transaction.atomic():
        current = _lock(request, expected_version, by=by, action=Action.EDIT)
        if current.kind != Request.Kind.BRIEFING:
            raise ValidationError(
                {"scheduled_meeting": _("Only a briefing is scheduled onto a meeting.")}
            )
        if meeting.team_id != current.team_id:
            raise ValidationError({"scheduled_meeting": _("That meeting belongs to another team.")})
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError({"scheduled_meeting": _("That meeting was cancelled.")})
        if current.status in CLOSED_STATUSES:
            raise ValidationError(
                {
                    "status": _("A request that is %(old)s cannot be scheduled; reopen it first.")
                    % {"old": current.get_status_display().lower()}
                }
            )
        before = snapshot(current, REQUEST_TRACKED)
        current.status = Request.Status.SCHEDULED
        current.scheduled_meeting = meeting
        _save(
            current,
            by=by,
            action="requests.request.scheduled",
            before=before,
            after=snapshot(current, REQUEST_TRACKED),
        )
    return current


def add_request_note(
    *,
    request: Request,
    by: Actor,
    text: str,
    noted_on: dt.date | None = None,
    visibility: str | None = None,
) -> RequestNote:
    """Add a dated note ("Working with IT for approval"); notes are never edited."""
    if not text.strip():
        raise ValidationError({"text": _("A note needs some text.")})
    if visibility is not None and visibility not in Visibility.values:
        raise ValidationError(
            {"visibility": _("%(value)s is not a visibility.") % {"value": visibility}}
        )
    day = noted_on or timezone.localdate()
    if day > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"noted_on": _("A note cannot be dated in the future.")})
    with transaction.atomic():
        current = Request.objects.select_for_update().select_related("team").get(pk=request.pk)
        if by is not None:
            require(by, Action.ADD_NOTE, team=current.team, record=current)
            if visibility == Visibility.RESTRICTED and not can(
                by, Action.SET_VISIBILITY, team=current.team, record=current
            ):
                raise ValidationError(
                    {"visibility": _("Only staff and chairs can restrict a note.")}
                )
        note = _note(current, by=by, text=text, noted_on=day)
        note.visibility = visibility or current.visibility
        note.save(update_fields=["visibility"])
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=["version", "updated_at"])
        record_change(
            obj=current,
            action="requests.note.added",
            by=by,
            changes={"note": [None, f"{day.isoformat()}: {note.text}"]},
            team_id=current.team_id,
            version=current.version,
            visibility=Visibility.strictest(note.visibility, current.visibility),
        )
    request.version = current.version
    return note


# --- questions -------------------------------------------------------------------------------


def _validate_question(question: Question) -> None:
    errors: dict[str, str] = {}
    if not (question.text or "").strip():
        errors["text"] = _("Write the question.")
    if question.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": question.visibility}
    if question.asked_at is not None and question.asked_at.team_id != question.team_id:
        errors["asked_at"] = _("That meeting belongs to another team.")
    if question.action_item is not None and question.action_item.team_id != question.team_id:
        errors["action_item"] = _("That action item belongs to another team.")
    if question.request is not None and question.request.team_id != question.team_id:
        errors["request"] = _("That request belongs to another team.")
    if question.action_item is not None and question.request is not None:
        errors["request"] = _("Group a question under an action item or a request, not both.")
    _check_lengths(question, errors)
    if errors:
        raise ValidationError(errors)


def create_question(
    *,
    team: Team,
    by: Actor,
    text: str,
    asked_by: Person | None = None,
    asked_by_text: str = "",
    asked_at: Meeting | None = None,
    addressed_to: str = "",
    action_item: ActionItem | None = None,
    request: Request | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Question:
    """Record a question, grouped under the action item or request that asks for its answer."""
    if by is not None:
        require(by, Action.CREATE, team=team)
    question = Question(
        team=team,
        text=(text or "").strip(),
        asked_by=asked_by,
        asked_by_text=asked_by_text.strip(),
        asked_at=asked_at,
        addressed_to=addressed_to.strip(),
        action_item=action_item,
        request=request,
        visibility=visibility,
    )
    _validate_question(question)
    with transaction.atomic():
        question.number = allocate_number(team=team, key=QUESTION_COUNTER)
        question.save()
        after = snapshot(question, QUESTION_TRACKED)
        record_change(
            obj=question,
            action="requests.question.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "", False)},
            team_id=team.pk,
            version=question.version,
            visibility=question.visibility,
        )
    return question


def answer_question(
    *,
    question: Question,
    by: Actor,
    expected_version: int | None,
    answer: str,
    answered_by: Person | None = None,
    answered_by_text: str = "",
    answered_on: dt.date | None = None,
    published: bool = False,
) -> Question:
    """Record (or correct) the written answer; unpublished answers stay with staff and chairs."""
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        # Answering is staff's work: a member may not answer even the question they asked.
        current = _lock(question, expected_version, by=by, action=Action.VIEW)
        if by is not None:
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        if current.status == Question.Status.WITHDRAWN:
            raise ValidationError({"status": _("This question was withdrawn.")})
        before = snapshot(current, QUESTION_TRACKED)
        current.answer = answer.strip()
        current.answered_by = answered_by or person_of(by)
        current.answered_by_text = answered_by_text.strip()
        current.answered_on = answered_on or timezone.localdate()
        current.published = published
        current.status = Question.Status.ANSWERED
        _validate_question(current)
        _save(
            current,
            by=by,
            action="requests.question.answered",
            before=before,
            after=snapshot(current, QUESTION_TRACKED),
        )
    return current


def publish_answer(
    *, question: Question, by: Actor, expected_version: int | None, published: bool = True
) -> Question:
    """Publish (or withdraw from publication) a question's answer."""
    with transaction.atomic():
        current = _lock(question, expected_version, by=by, action=Action.VIEW)
        if by is not None:
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        if published and current.status == Question.Status.WITHDRAWN:
            raise ValidationError(
                {"published": _("This question was withdrawn; reopen it to publish its answer.")}
            )
        if published and current.status != Question.Status.ANSWERED:
            raise ValidationError({"published": _("There is no answer to publish yet.")})
        before = snapshot(current, QUESTION_TRACKED)
        current.published = published
        _save(
            current,
            by=by,
            action="requests.question.published" if published else "requests.question.unpublished",
            before=before,
            after=snapshot(current, QUESTION_TRACKED),
        )
    return current


def update_question(
    *, question: Question, by: Actor, expected_version: int | None, changes: Mapping[str, Any]
) -> Question:
    """Change some fields of a question (`QUESTION_FIELDS`, including the action item or request
    it is grouped under); the answer and the status have their own services."""
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = _lock(question, expected_version, by=by, action=Action.EDIT)
        if (
            by is not None
            and "visibility" in changes
            and changes["visibility"] != current.visibility
        ):
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        before = snapshot(current, QUESTION_TRACKED)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_question(current)
        _save(
            current,
            by=by,
            action="requests.question.updated",
            before=before,
            after=snapshot(current, QUESTION_TRACKED),
        )
    return current


def withdraw_question(
    *, question: Question, by: Actor, expected_version: int | None, withdrawn: bool = True
) -> Question:
    """Withdraw a question (the member no longer needs an answer), or reopen a withdrawn one.

    Nothing is lost: a withdrawn question keeps its answer, hidden from everyone but staff and
    chairs until it is reopened; reopening brings it back answered if it had an answer, else open.
    """
    with transaction.atomic():
        current = _lock(question, expected_version, by=by, action=Action.EDIT)
        is_withdrawn = current.status == Question.Status.WITHDRAWN
        if withdrawn and is_withdrawn:
            raise ValidationError({"status": _("This question is already withdrawn.")})
        if not withdrawn and not is_withdrawn:
            raise ValidationError({"status": _("Only a withdrawn question can be reopened.")})
        before = snapshot(current, QUESTION_TRACKED)
        if withdrawn:
            current.status = Question.Status.WITHDRAWN
        elif current.answer:
            current.status = Question.Status.ANSWERED
        else:
            current.status = Question.Status.OPEN
        _save(
            current,
            by=by,
            action="requests.question.withdrawn" if withdrawn else "requests.question.reopened",
            before=before,
            after=snapshot(current, QUESTION_TRACKED),
        )
    return current
