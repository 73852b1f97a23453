"""Request and response shapes for meetings, their agenda, attendance, materials and minutes,
decisions, and a team's export (pydantic, through django-ninja's Schema)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from secretariat.api.schemas import (
    ActionItemOut,
    GroupOut,
    HistoryOut,
    MembershipOut,
    NoteOut,
    PersonOut,
    PersonRef,
    Strict,
    TeamOut,
    VisibilityValue,
)
from secretariat.meetings.models import Attendance, Decision, Material, Meeting, Minutes

MeetingKind = Literal["plenary", "leadership", "face_to_face", "briefing"]
MeetingStatus = Literal["planned", "held", "cancelled"]
AttendanceRole = Literal["member", "observer", "staff", "guest", "apologies"]
MaterialKind = Literal["slides", "recording", "transcript", "chat", "call_report", "other"]
DecisionSource = Literal["meeting", "leadership", "email", "other"]
MinutesStatus = Literal["draft", "approved"]

# Kept in step with the models' choices (a test compares them).
MEETING_KINDS = tuple(Meeting.Kind.values)
MEETING_STATUSES = tuple(Meeting.Status.values)
ATTENDANCE_ROLES = tuple(Attendance.Role.values)
MATERIAL_KINDS = tuple(Material.Kind.values)
DECISION_SOURCES = tuple(Decision.Source.values)
MINUTES_STATUSES = tuple(Minutes.Status.values)

ID = Field(ge=1, le=2**62)
Url = str  # validated by the service (URLField), so a bad address is a 422 naming `url`


# Agenda ---------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    id: int
    label: str = Field(description='Its place in the agenda: "2", "2.1".')
    title: str
    parent: int | None = Field(None, description="The id of the item it is under.")
    position: int
    presenter: PersonRef | None
    presenter_text: str
    minutes: int | None = Field(None, description="Minutes allotted.")
    notes: str
    links: list[str]
    reached: bool
    standing: bool
    etag: str = Field(description="Send it back as If-Match to edit the item.")
    children: list[AgendaItemOut]


class AgendaOut(Schema):
    items: list[AgendaItemOut]


class AgendaItemCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    parent: int | None = Field(None, ge=1, le=2**62, description="Put it under this item (id).")
    presenter: int | None = Field(None, ge=1, le=2**62, description="A person of the roster (id).")
    presenter_text: str = Field("", max_length=200)
    minutes: int | None = Field(None, ge=1, le=600)
    notes: str = Field("", max_length=20000)
    links: list[str] = Field(default_factory=list, max_length=50)
    standing: bool = False


class AgendaItemPatch(Strict):
    """Only the fields sent are changed."""

    title: str | None = Field(None, min_length=1, max_length=300)
    presenter: int | None = Field(None, ge=1, le=2**62)
    presenter_text: str | None = Field(None, max_length=200)
    minutes: int | None = Field(None, ge=1, le=600)
    notes: str | None = Field(None, max_length=20000)
    links: list[str] | None = Field(None, max_length=50)
    reached: bool | None = None
    standing: bool | None = None


class AgendaMove(Strict):
    """Either `direction` (one place up or down among its siblings), or `parent` and/or
    `position` (nest it under another item, or at the top level with `parent: null`, at
    `position` among its new siblings; default last)."""

    direction: Literal["up", "down"] | None = None
    parent: int | None = Field(None, ge=1, le=2**62)
    position: int | None = Field(None, ge=0, le=10_000)


# Meetings -------------------------------------------------------------------------------------


class MeetingSummary(Schema):
    number: int | None
    kind: MeetingKind
    title: str
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    duration_minutes: int
    place: str
    status: MeetingStatus
    previous: int | None = Field(None, description="The previous meeting's number.")
    visibility: VisibilityValue
    visibility_reason: str
    attendance_counts: dict[str, int] = Field(description="People recorded, by role.")
    version: int
    created_at: dt.datetime
    html_url: str


class MeetingOut(MeetingSummary):
    agenda: list[AgendaItemOut]


class MeetingPage(Schema):
    items: list[MeetingSummary]
    next_cursor: str | None


class MeetingCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    number: int | None = Field(None, ge=1, le=2**31 - 1, description="Default: the next number.")
    kind: MeetingKind = "plenary"
    starts_at: dt.datetime | None = Field(None, description="With a time zone (stored in UTC).")
    duration_minutes: int = Field(60, ge=1, le=7 * 24 * 60)
    place: str = Field("", max_length=200)
    status: MeetingStatus = "planned"
    visibility: VisibilityValue = "public"
    visibility_reason: str = Field("", max_length=300)
    previous: int | None = Field(None, ge=1, le=2**62, description="The previous meeting (number).")


class MeetingPatch(Strict):
    """Only the fields sent are changed."""

    title: str | None = Field(None, min_length=1, max_length=300)
    number: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: MeetingKind | None = None
    starts_at: dt.datetime | None = None
    duration_minutes: int | None = Field(None, ge=1, le=7 * 24 * 60)
    place: str | None = Field(None, max_length=200)
    status: MeetingStatus | None = None
    visibility: VisibilityValue | None = None
    visibility_reason: str | None = Field(None, max_length=300)


# Attendance -----------------------------------------------------------------------------------


class AttendanceOut(Schema):
    person: PersonRef
    role: AttendanceRole


class AttendanceList(Schema):
    items: list[AttendanceOut]


class AttendanceEntry(Strict):
    person: int | str = Field(
        description="A person of the roster: an id, or a name or initials as people write them."
    )
    role: AttendanceRole | None = Field(description="None: not there (any record is removed).")


class AttendanceIn(Strict):
    attendance: list[AttendanceEntry] = Field(max_length=500)


# Materials ------------------------------------------------------------------------------------


class MaterialOut(Schema):
    id: int
    kind: MaterialKind
    title: str
    url: str | None = Field(None, description="The address of a link.")
    file_url: str | None = Field(None, description="The site's address of an uploaded file.")
    visibility: VisibilityValue
    created_at: dt.datetime


class MaterialList(Schema):
    items: list[MaterialOut]


class MaterialCreate(Strict):
    """A link (uploads are made on the meeting's page)."""

    kind: MaterialKind = "other"
    title: str = Field("", max_length=300)
    url: str = Field(min_length=1, max_length=500)
    visibility: VisibilityValue = "public"


# Decisions ------------------------------------------------------------------------------------


class DecisionOut(Schema):
    number: int
    text: str
    decided_on: dt.date
    source: DecisionSource
    meeting: int | None = Field(None, description="The meeting's number.")
    source_text: str
    visibility: VisibilityValue
    visibility_reason: str
    version: int
    created_at: dt.datetime


class DecisionPage(Schema):
    items: list[DecisionOut]
    next_cursor: str | None


class DecisionList(Schema):
    items: list[DecisionOut]


class DecisionCreate(Strict):
    text: str = Field(min_length=1, max_length=20000)
    decided_on: dt.date | None = Field(None, description="Default: the meeting's day, or today.")
    source: DecisionSource = "meeting"
    meeting: int | None = Field(None, ge=1, le=2**62, description="A meeting number.")
    source_text: str = Field("", max_length=200)
    visibility: VisibilityValue = "public"
    visibility_reason: str = Field("", max_length=300)
    number: int | None = Field(None, ge=1, le=2**31 - 1, description="Default: the next number.")


# Minutes --------------------------------------------------------------------------------------


class MinutesOut(Schema):
    meeting: int | None
    text: str
    status: MinutesStatus
    approved_at: int | None = Field(None, description="The number of the approving meeting.")
    drafted_text: str
    version: int
    updated_at: dt.datetime


class MinutesDraft(Strict):
    text: str = Field(min_length=1, max_length=200_000)


class MinutesApprove(Strict):
    at_meeting: int = Field(ge=1, le=2**62, description="The later meeting approving them.")
    text: str | None = Field(
        None, max_length=200_000, description="As amended; default: as drafted."
    )


# Export ---------------------------------------------------------------------------------------


class ExportActionItem(ActionItemOut):
    notes: list[NoteOut]
    history: list[HistoryOut]


class ExportMeeting(MeetingOut):
    attendance: list[AttendanceOut]
    materials: list[MaterialOut]
    decisions: list[int] = Field(description="Numbers of the decisions it reached.")
    minutes: MinutesOut | None


class TeamExport(Schema):
    format: Literal["secretariat.team-export"]
    format_version: int
    team: TeamOut
    people: list[PersonOut]
    groups: list[GroupOut]
    memberships: list[MembershipOut]
    action_items: list[ExportActionItem]
    meetings: list[ExportMeeting]
    decisions: list[DecisionOut]
