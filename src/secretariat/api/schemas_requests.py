"""Request and response shapes for requests (with their dated notes) and questions (with their
answers), through django-ninja's Schema."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from secretariat.api.schemas import OwnerEntry, OwnerOut, PersonRef, Strict, VisibilityValue
from secretariat.requests.models import Question, Request

RequestKind = Literal["briefing", "tool", "document", "data", "other"]
RequestStatus = Literal[
    "requested",
    "in_progress",
    "pending_approval",
    "scheduled",
    "delivered",
    "declined",
    "withdrawn",
]
# "scheduled" is reached only by scheduling a briefing onto a meeting.
RequestNewStatus = Literal[
    "requested", "in_progress", "pending_approval", "delivered", "declined", "withdrawn"
]
QuestionStatus = Literal["open", "answered", "withdrawn"]

# Kept in step with the models' choices (a test compares them).
REQUEST_KINDS = tuple(Request.Kind.values)
REQUEST_STATUSES = tuple(Request.Status.values)
QUESTION_STATUSES = tuple(Question.Status.values)

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)


def _plausible_day(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError("must be a day between 1900 and 2199")
    return value


Day = Annotated[dt.date, AfterValidator(_plausible_day)]
Number = Annotated[int, Field(ge=1, le=2**62)]


# Requests ----------------------------------------------------------------------------------


class RequestOut(Schema):
    number: int
    kind: RequestKind
    title: str
    description: str
    asked_by: OwnerOut | None = Field(None, description="A person or group of the team.")
    asked_by_text: str
    addressed_to: str
    responsible: PersonRef | None = Field(None, description="The presenter or responsible staff.")
    responsible_text: str
    availability: str
    available_from: dt.date | None
    available_until: dt.date | None
    status: RequestStatus
    scheduled_meeting: int | None = Field(
        None,
        description="The number of the meeting a briefing is scheduled at (if you may read it).",
    )
    requested_on: dt.date | None
    visibility: VisibilityValue
    visibility_reason: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    html_url: str = Field(description="The request's page on the site.")


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class RequestCreate(Strict):
    kind: RequestKind = "briefing"
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    asked_by: OwnerEntry | None = Field(
        None, description='A name ("Co-Chairs", "JG"), or {"person": id} / {"group": id}.'
    )
    asked_by_text: str = Field("", max_length=200)
    addressed_to: str = Field("", max_length=120)
    responsible: Number | None = Field(None, description="A person of the roster (id).")
    responsible_text: str = Field("", max_length=200)
    availability: str = Field("", max_length=300)
    available_from: Day | None = None
    available_until: Day | None = None
    requested_on: Day | None = Field(None, description="Default: today.")
    status: RequestNewStatus = "requested"
    visibility: VisibilityValue = "public"
    visibility_reason: str = Field("", max_length=300)
    number: int | None = Field(None, ge=1, le=2**31 - 1, description="Default: the next number.")


class RequestPatch(Strict):
    """Only the fields sent are changed (the status has its own action)."""

    kind: RequestKind | None = None
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    asked_by: OwnerEntry | None = None
    asked_by_text: str | None = Field(None, max_length=200)
    addressed_to: str | None = Field(None, max_length=120)
    responsible: Number | None = None
    responsible_text: str | None = Field(None, max_length=200)
    availability: str | None = Field(None, max_length=300)
    available_from: Day | None = None
    available_until: Day | None = None
    requested_on: Day | None = None
    visibility: VisibilityValue | None = None
    visibility_reason: str | None = Field(None, max_length=300)


class RequestStatusIn(Strict):
    status: RequestNewStatus
    note: str = Field("", max_length=20000, description="A dated note to add with the change.")
    noted_on: Day | None = None


class ScheduleIn(Strict):
    meeting: Number = Field(description="The number of the meeting the briefing is given at.")


class RequestNoteIn(Strict):
    text: str = Field(min_length=1, max_length=20000)
    noted_on: Day | None = Field(None, description="Default: today.")
    visibility: VisibilityValue | None = Field(None, description="Default: the request's.")


# Questions ---------------------------------------------------------------------------------


class QuestionOut(Schema):
    number: int
    text: str
    asked_by: PersonRef | None
    asked_by_text: str
    asked_at: int | None = Field(None, description="The meeting's number (if you may read it).")
    addressed_to: str
    action_item: int | None = Field(
        None, description="The action item asking for the answers (if you may read it)."
    )
    request: int | None = Field(
        None, description="The request asking for the answers (if you may read it)."
    )
    status: QuestionStatus
    answer: str = Field(
        description="Empty until answered; unpublished answers only for staff and chairs."
    )
    answered_by: PersonRef | None
    answered_by_text: str
    answered_on: dt.date | None
    published: bool
    visibility: VisibilityValue
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    html_url: str


class QuestionPage(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


class QuestionCreate(Strict):
    text: str = Field(min_length=1, max_length=20000)
    asked_by: Number | None = Field(None, description="A person of the roster (id).")
    asked_by_text: str = Field("", max_length=200, description='As written, e.g. "(GH)".')
    asked_at: Number | None = Field(None, description="A meeting number.")
    addressed_to: str = Field("", max_length=120)
    action_item: Number | None = Field(None, description="An action item number.")
    request: Number | None = Field(None, description="A request number.")
    visibility: VisibilityValue = "public"


class QuestionPatch(Strict):
    """Only the fields sent are changed (the answer has its own actions); null clears a text
    or a link."""

    text: str | None = Field(None, min_length=1, max_length=20000)
    asked_by: Number | None = Field(None, description="A person of the roster (id).")
    asked_by_text: str | None = Field(None, max_length=200)
    asked_at: Number | None = Field(None, description="A meeting number.")
    addressed_to: str | None = Field(None, max_length=120)
    visibility: VisibilityValue | None = None


class AnswerIn(Strict):
    answer: str = Field(min_length=1, max_length=50000)
    answered_by: Number | None = Field(None, description="A person of the roster; default: you.")
    answered_by_text: str = Field("", max_length=200)
    answered_on: Day | None = Field(None, description="Default: today.")
    published: bool = Field(False, description="Publish the answer beyond staff and chairs.")


class PublishIn(Strict):
    published: bool = True


class WithdrawIn(Strict):
    withdrawn: bool = Field(
        True, description="true withdraws the question; false reopens a withdrawn one."
    )
