"""apply.py stores the requests and questions the parsers read, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.core.models import HistoryEntry
from secretariat.imports.apply import apply_result
from secretariat.imports.detect import parse_bytes
from secretariat.imports.result import ActionItemData, ImportResult, Note, Question, RequestData
from secretariat.requests.models import Question as QuestionRecord
from secretariat.requests.models import Request
from secretariat.teams.models import Team
from tests.factories import make_member, make_person, make_team
from tests.imports.helpers import fixture_path

REFERENCE = dt.date(2017, 6, 6)


def _seed() -> ImportResult:
    """The seed as `secretariat import` reads it."""
    data = fixture_path("seed-coordination-deck.txt").read_bytes()
    return parse_bytes(data, file="seed.txt", reference=REFERENCE)


@pytest.fixture
def roster(db: None) -> Team:
    team = make_team()
    make_member(team, "Geoff Huston", initials="GH")
    make_member(team, "Alain Aina", initials="AA")
    # No initials recorded: "DM" is derived from the name.
    from secretariat.teams.services import add_member

    add_member(team=team, person=make_person("Denise Michel", initials=" "), role="member")
    return team


def test_the_seed_stores_its_requests_and_seven_questions(roster: Team) -> None:
    report = apply_result(_seed(), team_slug="ssr2", reference=REFERENCE)
    requests = list(Request.objects.filter(team=roster).order_by("number"))
    assert [(r.kind, r.status, r.addressed_to, r.title) for r in requests] == [
        ("briefing", "requested", "", "DNS Abuse Study briefing on intermittent results"),
        ("briefing", "requested", "", "Framework for Registry Operators to Respond"),
        (
            "tool",
            "pending_approval",
            "IT",
            "Research collaborative tools the RT may use that can be publicly archived",
        ),
        (
            "document",
            "in_progress",
            "Staff",
            "Provide language used in the past for statement of work (for specialist "
            "technical writer)",
        ),
        (
            "document",
            "in_progress",
            "Staff",
            "Provide list of events recommended for SSR2 to attend during ICANN59 Johannesburg",
        ),
        ("briefing", "requested", "ICANN Org", "Schedule remainder of briefings related to SSR1"),
        (
            "document",
            "requested",
            "ICANN Org",
            "Share links to relevant articles regarding threat mitigation and classification "
            "of threats",
        ),
        (
            "document",
            "requested",
            "ICANN Org",
            "Provide the SSR2 RT a timeline of the ITHI project, when they have clarity on next "
            "steps and schedules",
        ),
    ]
    assert requests[2].notes.get().text.startswith("Working with IT for approval")
    questions = list(QuestionRecord.objects.filter(team=roster).order_by("number"))
    assert len(questions) == 7
    assert {q.action_item.text[:30] for q in questions} == {"Send written responses to RT q"}
    askers = [(q.asked_by.name if q.asked_by else None, q.asked_by_text) for q in questions]
    assert askers == [
        ("Alain Aina", ""),
        ("Geoff Huston", ""),
        ("Geoff Huston", ""),
        ("Geoff Huston", ""),
        (None, "JM"),
        ("Denise Michel", ""),
        ("Geoff Huston", ""),
    ]
    assert any("Initials JM match nobody on the roster" in m for m in report.messages)
    assert report.created["requests"] == 8
    assert report.created["questions"] == 7


def test_importing_the_seed_twice_stores_nothing_new(roster: Team) -> None:
    apply_result(_seed(), team_slug="ssr2", reference=REFERENCE)
    counts = (Request.objects.count(), QuestionRecord.objects.count(), HistoryEntry.objects.count())
    report = apply_result(_seed(), team_slug="ssr2", reference=REFERENCE)
    assert (
        Request.objects.count(),
        QuestionRecord.objects.count(),
        HistoryEntry.objects.count(),
    ) == counts
    assert report.unchanged["requests"] == 8
    assert report.unchanged["questions"] == 7


def test_a_request_seen_again_with_more_progress_moves_forward(db: None) -> None:
    first = ImportResult(
        format="slides",
        requests=(RequestData(kind="tool", title="Wiki that can be publicly archived"),),
    )
    apply_result(first, team_slug="ssr2", reference=REFERENCE)
    later = ImportResult(
        format="slides",
        requests=(
            RequestData(
                kind="tool",
                title="Wiki that can be publicly archived",
                status="in_progress",
                notes=(Note(date=dt.date(2017, 6, 2), text="IT is testing Confluence."),),
            ),
        ),
    )
    apply_result(later, team_slug="ssr2", reference=REFERENCE)
    request = Request.objects.get()
    assert request.status == "in_progress"
    assert [n.text for n in request.notes.all()] == ["IT is testing Confluence."]


def test_a_question_without_initials_is_kept_with_no_asker(db: None) -> None:
    result = ImportResult(
        format="slides",
        action_items=(
            ActionItemData(
                text="Send written responses to questions asked at the OCTO briefing.",
                owners=("ICANN Org",),
                questions=(Question(text="Who reviews the ITHI metrics?", asked_by=None),),
            ),
        ),
    )
    apply_result(result, team_slug="ssr2", reference=REFERENCE)
    question = QuestionRecord.objects.get()
    assert (question.asked_by, question.asked_by_text) == (None, "")
