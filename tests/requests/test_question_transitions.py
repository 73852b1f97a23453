"""Every status transition of a question (open, answered, withdrawn) and of its answer's
publication, each in the question's history; every refused one changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.history import history_for
from secretariat.requests.models import Question
from secretariat.requests.services import answer_question, publish_answer, withdraw_question
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.requests.helpers import make_question

ANSWER = "GSE coordinates with OCTO on capacity building for ccTLD operators."
REVISED = "GSE and OCTO run joint workshops for ccTLD operators in each region."


def _answer(question: Question, text: str = ANSWER, published: bool = False) -> Question:
    return answer_question(
        question=question, by=None, expected_version=None, answer=text, published=published
    )


def _at(team: Team, state: str) -> Question:
    question = make_question(team)
    if state in ("answered", "published", "withdrawn answered"):
        question = _answer(question, published=state == "published")
    if state.startswith("withdrawn"):
        question = withdraw_question(question=question, by=None, expected_version=None)
    return question


Step = Callable[[Question], Question]
STEPS: dict[str, Step] = {
    "answer": lambda q: _answer(q, REVISED),
    "publish": lambda q: publish_answer(question=q, by=None, expected_version=None),
    "unpublish": lambda q: publish_answer(
        question=q, by=None, expected_version=None, published=False
    ),
    "withdraw": lambda q: withdraw_question(question=q, by=None, expected_version=None),
    "reopen": lambda q: withdraw_question(
        question=q, by=None, expected_version=None, withdrawn=False
    ),
}

# (from, step) -> (status, published, history action)
ALLOWED = {
    ("open", "answer"): ("answered", False, "requests.question.answered"),
    ("open", "withdraw"): ("withdrawn", False, "requests.question.withdrawn"),
    ("answered", "answer"): ("answered", False, "requests.question.answered"),
    ("answered", "publish"): ("answered", True, "requests.question.published"),
    ("answered", "withdraw"): ("withdrawn", False, "requests.question.withdrawn"),
    ("published", "unpublish"): ("answered", False, "requests.question.unpublished"),
    ("published", "withdraw"): ("withdrawn", True, "requests.question.withdrawn"),
    ("withdrawn", "reopen"): ("open", False, "requests.question.reopened"),
    ("withdrawn answered", "reopen"): ("answered", False, "requests.question.reopened"),
}
REFUSED = {
    ("open", "publish"): "There is no answer to publish yet.",
    ("open", "reopen"): "Only a withdrawn question can be reopened.",
    ("answered", "reopen"): "Only a withdrawn question can be reopened.",
    ("withdrawn", "answer"): "This question was withdrawn.",
    ("withdrawn", "withdraw"): "This question is already withdrawn.",
    ("withdrawn answered", "publish"): (
        "This question was withdrawn; reopen it to publish its answer."
    ),
}


@pytest.mark.parametrize(("state", "step"), sorted(ALLOWED))
def test_each_allowed_transition_is_made_and_recorded(team: Team, state: str, step: str) -> None:
    question = _at(team, state)
    version = question.version

    moved = STEPS[step](question)

    status, published, action = ALLOWED[(state, step)]
    moved.refresh_from_db()
    assert (moved.status, moved.published) == (status, published)
    assert moved.version == version + 1
    last = history_for(moved).last()
    assert last is not None
    assert (last.action, last.version) == (action, moved.version)


@pytest.mark.parametrize(("state", "step"), sorted(REFUSED))
def test_each_refused_transition_says_why_and_changes_nothing(
    team: Team, state: str, step: str
) -> None:
    question = _at(team, state)
    before = (question.status, question.published, question.answer, question.version)
    entries = history_for(question).count()

    with pytest.raises(ValidationError) as caught:
        STEPS[step](question)

    assert REFUSED[(state, step)] in caught.value.messages
    question.refresh_from_db()
    assert (question.status, question.published, question.answer, question.version) == before
    assert history_for(question).count() == entries


def test_a_revised_answer_keeps_the_previous_text_in_history(team: Team, staff: Person) -> None:
    question = _answer(make_question(team))

    revised = answer_question(
        question=question, by=user_of(staff), expected_version=2, answer=REVISED
    )

    assert revised.answer == REVISED
    last = history_for(revised).last()
    assert last is not None
    assert last.changes["answer"] == [ANSWER, REVISED]


def test_a_withdrawn_questions_answer_is_read_by_no_one_but_staff(
    team: Team, staff: Person, member: Person
) -> None:
    from secretariat.requests.queries import answer_for, published_answers

    question = withdraw_question(
        question=_answer(make_question(team), published=True), by=None, expected_version=None
    )

    assert answer_for(viewer=None, question=question) == ""
    assert answer_for(viewer=user_of(member), question=question) == ""
    assert published_answers(viewer=None, team=team) == []
    # Reopened, it is answered and published again, as it was.
    reopened = withdraw_question(
        question=question, by=user_of(staff), expected_version=None, withdrawn=False
    )
    assert answer_for(viewer=None, question=reopened) == ANSWER
