"""Response shapes of availability polls (django-ninja Schema). The invitees' personal links
(their signed tokens) and e-mail addresses are never part of them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from secretariat.api.schemas import PersonRef, VisibilityValue


class SlotOut(Schema):
    id: int
    starts_at: dt.datetime | None = Field(None, description="Start in UTC; null for a whole day.")
    ends_at: dt.datetime | None = None
    duration_minutes: int | None = Field(None, description="Null for a whole day.")
    day: dt.date | None = Field(None, description="A whole day, in the poll's time zone.")


class SlotResultOut(Schema):
    slot: int = Field(description="The slot's id.")
    yes: int
    if_need_be: int
    no: int
    best: bool = Field(description="Most yes, then most if-need-be, among answered slots.")


class InviteeOut(Schema):
    name: str
    person: PersonRef | None = Field(None, description="Null for a guest from outside the roster.")
    answered_at: dt.datetime | None


class PollOut(Schema):
    id: int
    title: str
    description: str
    time_zone: str = Field(description="The proposer's time zone (IANA name).")
    closes_at: dt.datetime | None
    status: Literal["open", "closed"]
    visibility: VisibilityValue
    version: int
    slots: list[SlotOut]
    invited: int
    answered: int
    meeting: int | None = Field(
        None, description="The number of the meeting scheduled from it, if you may read it."
    )
    chosen_slot: int | None = None
    created_at: dt.datetime
    html_url: str


class PollDetailOut(PollOut):
    results: list[SlotResultOut]
    invitees: list[InviteeOut]


class PollPage(Schema):
    items: list[PollOut]
    next_cursor: str | None
