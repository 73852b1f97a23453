"""The API's request and response shapes (pydantic, through django-ninja's Schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from secretariat.core.models import Visibility
from secretariat.teams.models import Role
from secretariat.tracker.models import ActionItem

VisibilityValue = Literal["public", "team", "restricted"]
StatusValue = Literal["open", "in_progress", "done", "dropped", "merged"]
EditableStatus = Literal["open", "in_progress", "dropped"]
RoleValue = Literal["staff", "chair", "member", "technical_writer", "observer"]

# Kept in step with the models' choices (a test compares them).
VISIBILITIES = tuple(Visibility.values)
STATUSES = tuple(ActionItem.Status.values)
ROLES = tuple(Role.values)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Input(Schema):
    """Input: text may not hold NUL characters (no database stores them; PostgreSQL refuses)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


class Strict(Input):
    """Bodies refuse unknown fields, so a typo is a 422 rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    """Output the views build as plain dicts, validated by pydantic alone: django-ninja's Schema
    wraps every nested object to read model attributes, which costs a list of 100 items more
    than the rest of the request."""


# Problems -----------------------------------------------------------------------------------


class FieldError(Schema):
    field: str | None
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    current_version: int | None = None


# Teams --------------------------------------------------------------------------------------


class TeamOut(Schema):
    slug: str
    name: str
    description: str


class PersonOut(Schema):
    id: int
    name: str
    initials: str
    affiliation: str
    email: str | None = Field(
        None, description="Only for signed-in staff, chairs, members and technical writers."
    )
    time_zone: str | None = Field(
        None, description="Only for signed-in staff, chairs, members and technical writers."
    )


class PersonRef(Schema):
    id: int
    name: str


class GroupOut(Schema):
    id: int
    name: str
    members: list[PersonRef]


class MembershipOut(Schema):
    person: PersonRef
    role: RoleValue
    start_on: dt.date | None
    end_on: dt.date | None
    active: bool


class TeamPage(Schema):
    items: list[TeamOut]
    next_cursor: str | None


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class GroupPage(Schema):
    items: list[GroupOut]
    next_cursor: str | None


class MembershipPage(Schema):
    items: list[MembershipOut]
    next_cursor: str | None


# Tracker ------------------------------------------------------------------------------------


class OwnerOut(Output):
    type: Literal["person", "group"]
    id: int
    name: str


class PersonOwnerRef(Strict):
    person: int = Field(ge=1, le=2**62)


class GroupOwnerRef(Strict):
    group: int = Field(ge=1, le=2**62)


OwnerName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
OwnerEntry = OwnerName | PersonOwnerRef | GroupOwnerRef


class ActionItemOut(Output):
    number: int
    text: str
    owners: list[OwnerOut]
    category: str
    topic: str
    status: StatusValue
    source_meeting: int | None = Field(None, description="The source meeting's number.")
    source_text: str
    requested_on: dt.date | None
    due_on: dt.date | None
    due_text: str
    completed_response: str
    completed_on: dt.date | None
    merged_into: int | None = Field(None, description="The number of the item it was merged into.")
    visibility: VisibilityValue
    visibility_reason: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    html_url: str = Field(description="The item's page on the site.")


class ActionItemPage(Output):
    items: list[ActionItemOut]
    next_cursor: str | None


class ActionItemCreate(Strict):
    text: str = Field(min_length=1, max_length=20000)
    owners: list[OwnerEntry] = Field(
        default_factory=list,
        max_length=20,
        description='Names as people write them ("Co-Chairs", "JG"), or {"person": id} / {"group": id}.',
    )
    category: str = Field("", max_length=80)
    topic: str = Field("", max_length=200)
    source_meeting: int | None = Field(None, ge=1, le=2**62, description="A meeting number.")
    source_text: str = Field("", max_length=200)
    requested_on: dt.date | None = None
    due_on: dt.date | None = None
    due_text: str = Field("", max_length=100)
    status: EditableStatus = "open"
    visibility: VisibilityValue = "public"
    visibility_reason: str = Field("", max_length=300)


class ActionItemPatch(Strict):
    """Only the fields sent are changed."""

    text: str | None = Field(None, min_length=1, max_length=20000)
    owners: list[OwnerEntry] | None = Field(None, max_length=20)
    category: str | None = Field(None, max_length=80)
    topic: str | None = Field(None, max_length=200)
    source_meeting: int | None = Field(None, ge=1, le=2**62)
    source_text: str | None = Field(None, max_length=200)
    requested_on: dt.date | None = None
    due_on: dt.date | None = None
    due_text: str | None = Field(None, max_length=100)
    status: EditableStatus | None = None
    visibility: VisibilityValue | None = None
    visibility_reason: str | None = Field(None, max_length=300)


class CompleteIn(Strict):
    completed_response: str = Field(min_length=1, max_length=20000)
    completed_on: dt.date | None = None


class MergeIn(Strict):
    into: int = Field(ge=1, le=2**62, description="The number of the item to merge into.")


class NoteIn(Strict):
    text: str = Field(min_length=1, max_length=20000)
    noted_on: dt.date | None = None
    visibility: VisibilityValue = "public"


class NoteOut(Schema):
    id: int
    noted_on: dt.date
    text: str
    author: PersonRef | None
    visibility: VisibilityValue
    created_at: dt.datetime


class NotePage(Schema):
    items: list[NoteOut]
    next_cursor: str | None


class HistoryOut(Schema):
    id: int
    version: int | None
    action: str
    actor: str
    changes: dict[str, list[Any]]
    created_at: dt.datetime


class HistoryPage(Schema):
    items: list[HistoryOut]
    next_cursor: str | None
