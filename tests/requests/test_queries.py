from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from secretariat.core.models import Visibility
from secretariat.core.visibility import forget_access
from secretariat.requests import queries
from secretariat.requests.services import answer_question
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_item, make_superuser
from tests.requests.helpers import make_question, make_request

CANARY = "CANARY-7f3a restricted legal briefing"
Q_CANARY = "CANARY-91bc restricted question"


@pytest.fixture
def restricted(team: Team, staff: Person) -> None:
    make_request(team, "Public briefing on the DNS Abuse study")
    make_request(
        team,
        CANARY,
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under negotiation with Legal",
    )
    make_request(team, "Team-only data request", kind="data", visibility=Visibility.TEAM)
    make_question(team, Q_CANARY, visibility=Visibility.RESTRICTED)


def _titles(viewer: User | None, team: Team) -> set[str]:
    return {r.title for r in queries.visible_requests(viewer=viewer, team=team)}


@pytest.mark.usefixtures("restricted")
def test_a_restricted_request_is_never_shown_to_anonymous_or_observers(
    team: Team, observer: Person
) -> None:
    for viewer in (None, user_of(observer)):
        assert CANARY not in _titles(viewer, team)
        assert "Team-only data request" not in _titles(viewer, team)
        assert "Public briefing on the DNS Abuse study" in _titles(viewer, team)
        assert Q_CANARY not in {q.text for q in queries.visible_questions(viewer=viewer, team=team)}
        assert all(
            CANARY not in r.title for r in queries.outstanding_briefings(viewer=viewer, team=team)
        )


@pytest.mark.usefixtures("restricted")
def test_members_read_team_requests_but_not_restricted_ones(team: Team, member: Person) -> None:
    titles = _titles(user_of(member), team)
    assert "Team-only data request" in titles
    assert CANARY not in titles


@pytest.mark.usefixtures("restricted")
def test_staff_chairs_and_superusers_read_everything(
    team: Team, staff: Person, chair: Person
) -> None:
    for viewer in (user_of(staff), user_of(chair), make_superuser()):
        assert CANARY in _titles(viewer, team)


def test_a_member_named_on_a_restricted_request_reads_it(team: Team, member: Person) -> None:
    make_request(team, CANARY, visibility=Visibility.RESTRICTED, asked_by=member)
    assert CANARY in _titles(user_of(member), team)


def test_an_unreadable_request_has_no_notes_or_history_for_the_viewer(
    team: Team, member: Person
) -> None:
    from secretariat.requests.services import add_request_note

    request = make_request(team, CANARY, visibility=Visibility.RESTRICTED)
    add_request_note(request=request, by=None, text="Legal says not yet.")
    assert not queries.visible_request_notes(viewer=user_of(member), request=request).exists()
    assert not queries.visible_history(viewer=user_of(member), record=request).exists()


def test_item_summary_counts_answers_and_hides_unpublished_text(
    team: Team, staff: Person, member: Person
) -> None:
    item = make_item(team, "Send written responses to RT questions asked during the GSE talk.")
    first = make_question(team, "What do we mean by help support?", action_item=item)
    make_question(team, "How does it work going the other way?", action_item=item)
    answer_question(question=first, by=None, expected_version=None, answer="Secret draft")
    summary = queries.questions_of_item(viewer=user_of(member), item=item)
    assert (summary.answered, summary.total) == (1, 2)
    assert [q.shown_answer for q in summary.questions] == ["", ""]  # type: ignore[attr-defined]
    staff_summary = queries.questions_of_item(viewer=user_of(staff), item=item)
    assert staff_summary.questions[0].shown_answer == "Secret draft"  # type: ignore[attr-defined]
    assert queries.answered_counts(viewer=None, team=team) == {item.pk: (1, 2)}


def _fill(team: Team, n: int, asker: Person) -> None:
    for i in range(n):
        make_request(team, f"Briefing on topic {i}", asked_by=asker, responsible=asker)
        make_question(team, f"Question {i}?", asked_by=asker)


@pytest.mark.parametrize("size", [2, 12])
def test_list_queries_run_a_constant_number_of_queries(
    team: Team, staff: Person, size: int, django_assert_num_queries: object
) -> None:
    _fill(team, size, staff)
    viewer = user_of(staff)
    forget_access(viewer)
    queries.visible_requests(viewer=viewer, team=team).exists()  # computes the access once
    with django_assert_num_queries(3):  # type: ignore[operator]
        rows = list(queries.visible_requests(viewer=viewer, team=team))
        for row in rows:
            _ = (row.asked_by_name, row.responsible_name, row.scheduled_meeting)
        briefings = list(queries.outstanding_briefings(viewer=viewer, team=team))
        answers = queries.questions_with_answers(viewer=viewer, team=team)
        for question in answers:
            _ = (question.asked_by_name, question.action_item, question.asked_at)
    assert len(rows) == len(briefings) == len(answers) == size
