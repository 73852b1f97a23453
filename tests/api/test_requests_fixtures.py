"""Shared records for the requests, questions, events and milestones API tests (imported by
the test_requests_*, test_events_* and test_milestones_* modules; no tests here).

One of each record per visibility, made through the services. The restricted ones carry
PLAN_CANARY text that only staff and chairs (and the people a record names) may ever receive;
the team-only ones TEAM_TEXT that the public and observers may not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from secretariat.core.models import Visibility
from secretariat.events.models import Event, Session
from secretariat.events.services import add_session, create_event, recommend_session
from secretariat.meetings.models import Meeting
from secretariat.requests.models import Question, Request
from secretariat.requests.services import (
    add_request_note,
    answer_question,
    create_question,
    create_request,
)
from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Milestone
from secretariat.workplan.services import create_milestone
from tests.factories import make_call

PLAN_CANARY = "CANARY-PLAN-4b8e: vendor shortlist for the KSK rollover review"
TEAM_TEXT = "Team-only: co-chairs' draft before ICANN59 Johannesburg"
UNPUBLISHED_ANSWER = "Draft answer from GSE, not yet cleared for publication"
PUBLISHED_ANSWER = "GSE works with the ccTLD regional organisations (AfTLD, APTLD, CENTR, LACTLD)."
JNB = dt.timezone(dt.timedelta(hours=2))  # Africa/Johannesburg: no daylight saving

# Who reads which level, for records that name none of the callers.
READS = {
    "anonymous": {"public"},
    "observer": {"public"},
    "member": {"public", "team"},
    "chair": {"public", "team", "restricted"},
    "staff": {"public", "team", "restricted"},
}
ROLES = tuple(READS)
LEVELS = ("public", "team", "restricted")


@dataclass
class Plans:
    requests: dict[str, Request]
    questions: dict[str, Question]
    unpublished: Question
    events: dict[str, Event]
    sessions: dict[str, Session]
    milestones: dict[str, Milestone]
    meetings: dict[str, Meeting]


def _text(level: str, text: str) -> str:
    return {"public": text, "team": f"{TEAM_TEXT}: {text}", "restricted": PLAN_CANARY}[level]


def build_plans(team: Team, *, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    meetings = {
        level: make_call(
            team,
            120 + index,
            _text(level, f"SSR2 Plenary Call #{120 + index}"),
            starts_at=dt.datetime(2017, 6, 1 + 7 * index, 14, tzinfo=dt.UTC),
            visibility=level,
        )
        for index, level in enumerate(LEVELS)
    }
    requests: dict[str, Request] = {}
    for level in LEVELS:
        requests[level] = create_request(
            team=team,
            by=None,
            kind=Request.Kind.BRIEFING,
            title=_text(level, "DNS Abuse Study briefing on interim results"),
            asked_by=co_chairs,
            addressed_to="OCTO",
            responsible=staff,
            requested_on=dt.date(2017, 5, 30),
            visibility=level,
            visibility_reason="" if level == "public" else "Vendor negotiations",
        )
    add_request_note(
        request=requests["public"], by=None, text="Working with OCTO on a date in June"
    )
    add_request_note(
        request=requests["public"],
        by=None,
        text=f"{PLAN_CANARY} (note)",
        visibility=Visibility.RESTRICTED,
    )
    requests["public"].refresh_from_db()

    questions = {
        level: create_question(
            team=team,
            by=None,
            text=_text(level, "How does GSE work with the ccTLD community on SSR?"),
            asked_by_text="(GH)",
            asked_at=meetings[level],
            addressed_to="GSE",
            request=requests[level],
            visibility=level,
        )
        for level in LEVELS
    }
    questions["public"] = answer_question(
        question=questions["public"],
        by=None,
        expected_version=None,
        answer=PUBLISHED_ANSWER,
        answered_by_text="Global Stakeholder Engagement",
        answered_on=dt.date(2017, 6, 20),
        published=True,
    )
    unpublished = create_question(
        team=team,
        by=None,
        text="What share of the SSR budget goes to ccTLD training?",
        asked_by=james_gannon,
        addressed_to="GSE",
    )
    unpublished = answer_question(
        question=unpublished,
        by=None,
        expected_version=None,
        answer=UNPUBLISHED_ANSWER,
        answered_on=dt.date(2017, 6, 21),
    )

    events: dict[str, Event] = {}
    sessions: dict[str, Session] = {}
    for index, level in enumerate(LEVELS):
        events[level] = create_event(
            team=team,
            by=None,
            name=_text(level, f"ICANN{59 + index}") if level != "restricted" else "ICANN61",
            slug=f"icann{59 + index}",
            place=_text(level, "Johannesburg"),
            starts_on=dt.date(2017 + index, 6, 26),
            ends_on=dt.date(2017 + index, 6, 29),
            time_zone="Africa/Johannesburg",
            visibility=level,
        )
        start = dt.datetime(2017 + index, 6, 27, 9, 0, tzinfo=JNB)
        sessions[level] = add_session(
            event=events[level],
            by=None,
            title=_text(level, "DNSSEC Workshop"),
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=90),
            room="Ballroom 2",
        )
        recommend_session(
            session=sessions[level], by=None, reason=_text(level, "KSK rollover update")
        )
        sessions[level].refresh_from_db()

    milestones = {
        level: create_milestone(
            team=team,
            by=None,
            title=_text(level, "Assess SSR1 implementation"),
            workstream="SSR1 implementation",
            start_on=dt.date(2017, 5, 1),
            end_on=dt.date(2017, 9, 30),
            owners=[james_gannon] if level == "restricted" else [co_chairs],
            visibility=level,
            visibility_reason="" if level == "public" else "Vendor negotiations",
        )
        for level in LEVELS
    }
    return Plans(
        requests=requests,
        questions=questions,
        unpublished=unpublished,
        events=events,
        sessions=sessions,
        milestones=milestones,
        meetings=meetings,
    )


def numbers(answer: Any) -> list[Any]:
    return [i.get("number", i.get("id", i.get("slug"))) for i in answer.json()["items"]]
