"""Shared fixtures for the meetings API tests (imported by the test_meetings_* modules and
test_export): three SSR2 calls, one per visibility, each with agenda, attendance, materials,
minutes and a decision; the restricted ones carry canary text that only staff and chairs may
ever receive. (No tests here.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from secretariat.core.models import Visibility
from secretariat.meetings import services
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.teams.models import Person, Team
from tests.factories import make_agenda, make_call

MEETING_CANARY = "CANARY-MEET-5d1e: vendor shortlist for the KSK rollover review"
TEAM_MEETING_TEXT = "Team-only: co-chairs coordination before ICANN59 Johannesburg"
CHAT_TEXT = "Team-only chat transcript of plenary #110"
TEAM_MATERIAL_URL = "https://community.icann.org/download/ssr2-110-chat.txt"

# Who reads which meeting (and its agenda, attendance, minutes and decisions).
READS = {
    "anonymous": {"public"},
    "observer": {"public"},
    "member": {"public", "team"},
    "chair": {"public", "team", "restricted"},
    "staff": {"public", "team", "restricted"},
}
ROLES = tuple(READS)
WRITERS = ("chair", "staff")


@dataclass
class World:
    public: Meeting
    team_call: Meeting
    restricted: Meeting
    public_decision: Decision
    team_decision: Decision
    restricted_decision: Decision
    leadership_decision: Decision
    agenda: list[AgendaItem]

    def meeting(self, level: str) -> Meeting:
        return {"public": self.public, "team": self.team_call, "restricted": self.restricted}[level]


def _utc(day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(2017, 6, day, hour, 0, tzinfo=dt.UTC)


def build_world(
    team: Team, *, staff: Person, chair: Person, member: Person, observer: Person
) -> World:
    public = make_call(
        team, 110, "SSR2 Plenary Call #110", starts_at=_utc(1), status=Meeting.Status.HELD
    )
    agenda = make_agenda(
        public,
        [
            "*Welcome, roll call, SOI updates",
            ("Work plan and timeline", ["Terms of reference", "ICANN59 sessions"]),
            "*AOB",
        ],
    )
    services.record_attendance(
        meeting=public,
        by=None,
        roles={
            member: "member",
            staff: "staff",
            observer: "observer",
            chair: "apologies",
        },
    )
    services.add_material(
        meeting=public,
        by=None,
        kind="recording",
        title="Adobe Connect recording",
        url="https://icann.adobeconnect.com/p1x2y3/",
    )
    services.add_material(
        meeting=public,
        by=None,
        kind="chat",
        title=CHAT_TEXT,
        url=TEAM_MATERIAL_URL,
        visibility=Visibility.TEAM,
    )
    services.add_material(
        meeting=public,
        by=None,
        kind="other",
        title=MEETING_CANARY,
        url="https://example.org/canary-material",
        visibility=Visibility.RESTRICTED,
    )
    services.save_minutes_draft(
        meeting=public, by=None, text="The review team agreed the work plan dates."
    )
    public_decision = services.record_decision(
        team=team, by=None, text="Adopt the SSR2 work plan as circulated.", meeting=public
    )

    team_call = make_call(
        team,
        111,
        TEAM_MEETING_TEXT,
        kind=Meeting.Kind.LEADERSHIP,
        starts_at=_utc(6),
        visibility=Visibility.TEAM,
    )
    make_agenda(team_call, ["Review the draft agenda for plenary #112"])
    services.save_minutes_draft(
        meeting=team_call, by=None, text="Team-only: the co-chairs reviewed the draft agenda."
    )
    team_decision = services.record_decision(
        team=team, by=None, text="Team-only: ask ICANN Org for a briefing", meeting=team_call
    )

    restricted = make_call(
        team,
        112,
        MEETING_CANARY,
        kind=Meeting.Kind.BRIEFING,
        starts_at=_utc(13),
        visibility=Visibility.RESTRICTED,
        visibility_reason="Briefing under NDA",
    )
    make_agenda(restricted, [f"{MEETING_CANARY} (agenda)"])
    services.record_attendance(meeting=restricted, by=None, roles={staff: "staff"})
    services.save_minutes_draft(meeting=restricted, by=None, text=f"{MEETING_CANARY} (minutes)")
    restricted_decision = services.record_decision(
        team=team, by=None, text=f"{MEETING_CANARY} (decision)", meeting=restricted
    )
    leadership_decision = services.record_decision(
        team=team,
        by=None,
        text=f"{MEETING_CANARY} (leadership decision)",
        source=Decision.Source.LEADERSHIP,
        source_text="Co-chairs call",
        decided_on=dt.date(2017, 6, 14),
        visibility=Visibility.RESTRICTED,
        visibility_reason="Vendor negotiations",
    )
    return World(
        public=public,
        team_call=team_call,
        restricted=restricted,
        public_decision=public_decision,
        team_decision=team_decision,
        restricted_decision=restricted_decision,
        leadership_decision=leadership_decision,
        agenda=agenda,
    )


def path(meeting: Meeting, rest: str = "") -> str:
    return f"teams/ssr2/meetings/{meeting.number}{rest}"


def ids(items: list[dict[str, Any]]) -> list[Any]:
    return [i.get("number", i.get("id")) for i in items]
