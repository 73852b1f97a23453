"""Request and response shapes for events, their sessions, and milestones of the work plan
(through django-ninja's Schema)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from secretariat.api.schemas import OwnerEntry, OwnerOut, PersonRef, Strict, VisibilityValue
from secretariat.api.schemas_requests import Day, Number
from secretariat.workplan.models import Milestone

FIRST_MOMENT = dt.datetime(1900, 1, 2, tzinfo=dt.UTC)
LAST_MOMENT = dt.datetime(2199, 12, 30, tzinfo=dt.UTC)


def _plausible_moment(value: dt.datetime) -> dt.datetime:
    # Naive times pass here: the service refuses them, naming the field.
    if value.tzinfo is not None and not FIRST_MOMENT <= value <= LAST_MOMENT:
        raise ValueError("must be a time between 1900 and 2199")
    if value.tzinfo is None and not FIRST_MOMENT.replace(
        tzinfo=None
    ) <= value <= LAST_MOMENT.replace(tzinfo=None):
        raise ValueError("must be a time between 1900 and 2199")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_plausible_moment)]
MilestoneStatus = Literal["planned", "in_progress", "done", "late", "dropped"]
MILESTONE_STATUSES = tuple(Milestone.Status.values)


# Events ----------------------------------------------------------------------------------------


class EventOut(Schema):
    slug: str
    name: str
    place: str
    starts_on: dt.date | None = Field(description="Empty while the dates are not announced.")
    ends_on: dt.date | None = Field(description="Empty while the dates are not announced.")
    dates_announced: bool = Field(description="false: dates to be announced.")
    time_zone: str
    description: str
    url: str
    visibility: VisibilityValue
    sessions: int = Field(description="How many sessions it has.")
    recommended: int = Field(description="How many of them are recommended to the team.")
    version: int
    created_at: dt.datetime
    html_url: str


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None


class EventCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(
        None,
        pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$",
        max_length=60,
        description="Default: from the name.",
    )
    starts_on: Day | None = Field(
        None, description="Leave out both days while the dates are not announced."
    )
    ends_on: Day | None = Field(None, description="Give both days, or neither.")
    time_zone: str = Field(
        "UTC", min_length=1, max_length=64, description="e.g. Africa/Johannesburg"
    )
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)
    url: str = Field("", max_length=200)
    visibility: VisibilityValue = "public"


class EventPatch(Strict):
    """Only the fields sent are changed (the slug stays); null clears a text, and null for
    both days says the dates are not announced (any sessions stay)."""

    name: str | None = Field(None, min_length=1, max_length=200)
    starts_on: Day | None = None
    ends_on: Day | None = None
    time_zone: str | None = Field(None, min_length=1, max_length=64)
    place: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    url: str | None = Field(None, max_length=200)
    visibility: VisibilityValue | None = None


class SessionOut(Schema):
    id: int
    event: str = Field(description="The event's slug.")
    title: str
    starts_at: dt.datetime = Field(description="In UTC.")
    ends_at: dt.datetime = Field(description="In UTC.")
    local_starts_at: dt.datetime = Field(description="In the event's time zone.")
    local_ends_at: dt.datetime = Field(description="In the event's time zone.")
    room: str
    description: str
    link: str
    meeting: int | None = Field(
        None, description="The team's own meeting held as this session (if you may read it)."
    )
    recommended: bool
    recommended_reason: str
    recommended_by: PersonRef | None
    cancelled: bool = Field(description="A cancelled session is kept, with its history.")
    cancelled_at: dt.datetime | None
    cancelled_reason: str
    version: int
    created_at: dt.datetime


class SessionList(Schema):
    items: list[SessionOut]


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


class SessionCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    starts_at: Moment = Field(description="With a time zone (stored in UTC).")
    ends_at: Moment = Field(description="With a time zone (stored in UTC).")
    room: str = Field("", max_length=120)
    description: str = Field("", max_length=20000)
    link: str = Field("", max_length=200)
    meeting: Number | None = Field(None, description="A meeting number of the team.")
    recommended: bool = False
    recommended_reason: str = Field("", max_length=300)


class SessionPatch(Strict):
    """Only the fields sent are changed (recommending has its own action); null clears a
    text or the meeting."""

    title: str | None = Field(None, min_length=1, max_length=300)
    starts_at: Moment | None = Field(None, description="With a time zone (stored in UTC).")
    ends_at: Moment | None = Field(None, description="With a time zone (stored in UTC).")
    room: str | None = Field(None, max_length=120)
    description: str | None = Field(None, max_length=20000)
    link: str | None = Field(None, max_length=200)
    meeting: Number | None = Field(None, description="A meeting number of the team.")


class CancelIn(Strict):
    cancelled: bool = Field(True, description="false restores a cancelled session.")
    reason: str = Field("", max_length=300, description="Why it is cancelled.")


class RecommendIn(Strict):
    recommended: bool = Field(True, description="false withdraws the recommendation.")
    reason: str = Field("", max_length=300, description="Why the team should attend.")


# Milestones ------------------------------------------------------------------------------------


class MilestoneRef(Schema):
    id: int
    title: str


class MilestoneOut(Schema):
    id: int
    title: str
    workstream: str
    description: str
    start_on: dt.date | None = Field(None, description="Empty for a key date.")
    end_on: dt.date = Field(description="The end, or the key date.")
    key_date: bool
    status: MilestoneStatus
    reached_on: dt.date | None
    overdue: bool
    owners: list[OwnerOut]
    depends_on: list[MilestoneRef] = Field(description="Those you may read.")
    action_items: list[int] = Field(description="Numbers of the action items serving it.")
    meetings: list[int] = Field(description="Numbers of the meetings serving it.")
    visibility: VisibilityValue
    visibility_reason: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    html_url: str


class MilestonePage(Schema):
    items: list[MilestoneOut]
    next_cursor: str | None


class MilestoneCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    workstream: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)
    start_on: Day | None = Field(None, description="Leave out for a key date.")
    end_on: Day
    status: MilestoneStatus = "planned"
    reached_on: Day | None = None
    owners: list[OwnerEntry] = Field(default_factory=list, max_length=20)
    depends_on: list[Number] = Field(default_factory=list, max_length=50, description="Ids.")
    action_items: list[Number] = Field(default_factory=list, max_length=200, description="Numbers.")
    meetings: list[Number] = Field(default_factory=list, max_length=200, description="Numbers.")
    visibility: VisibilityValue = "public"
    visibility_reason: str = Field("", max_length=300)


class MilestonePatch(Strict):
    """Only the fields sent are changed."""

    title: str | None = Field(None, min_length=1, max_length=300)
    workstream: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    start_on: Day | None = None
    end_on: Day | None = None
    status: MilestoneStatus | None = None
    reached_on: Day | None = None
    owners: list[OwnerEntry] | None = Field(None, max_length=20)
    depends_on: list[Number] | None = Field(None, max_length=50)
    action_items: list[Number] | None = Field(None, max_length=200)
    meetings: list[Number] | None = Field(None, max_length=200)
    visibility: VisibilityValue | None = None
    visibility_reason: str | None = Field(None, max_length=300)


class MilestoneStatusIn(Strict):
    status: MilestoneStatus
    reached_on: Day | None = Field(None, description="For done: default today.")
