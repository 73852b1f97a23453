from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.requests.models import Question
from secretariat.requests.queries import answer_for, get_question, visible_history
from secretariat.requests.services import answer_question, create_question, publish_answer
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_item
from tests.requests.helpers import GSE_QUESTION, make_question, make_request

ANSWER = "GSE coordinates with OCTO on capacity building for ccTLD operators."


def test_a_question_with_no_text_is_refused_and_nothing_is_written(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_question(team=team, by=None, text="  ")
    assert caught.value.message_dict["text"] == ["Write the question."]
    assert not Question.objects.exists()


def test_questions_are_numbered_and_grouped_under_their_action_item(
    team: Team, member: Person
) -> None:
    item = make_item(team, "Send written responses to RT questions asked during the presentation.")
    first = make_question(team, action_item=item, asked_by=member)
    second = make_question(team, "What about active measures?", action_item=item)
    assert (first.number, second.number) == (1, 2)
    assert list(item.questions.order_by("number")) == [first, second]


def test_a_question_cannot_sit_under_another_teams_item(team: Team, other_team: Team) -> None:
    foreign = make_item(other_team, "Send responses to RDS-WHOIS2 questions.")
    with pytest.raises(ValidationError) as caught:
        make_question(team, action_item=foreign)
    assert "action_item" in caught.value.message_dict


def test_a_question_cannot_sit_under_both_an_item_and_a_request(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        make_question(team, action_item=make_item(team), request=make_request(team))
    assert "request" in caught.value.message_dict


def test_staff_answer_and_the_answer_stays_unpublished_until_they_publish_it(
    team: Team, staff: Person, member: Person
) -> None:
    question = make_question(team, asked_by=member)
    answered = answer_question(
        question=question,
        by=user_of(staff),
        expected_version=1,
        answer=ANSWER,
        answered_on=dt.date(2017, 6, 20),
    )
    assert (answered.status, answered.published, answered.answered_by) == (
        "answered",
        False,
        staff,
    )
    assert answer_for(viewer=user_of(staff), question=answered) == ANSWER
    assert answer_for(viewer=user_of(member), question=answered) == ""
    assert answer_for(viewer=None, question=answered) == ""
    published = publish_answer(question=answered, by=user_of(staff), expected_version=2)
    assert answer_for(viewer=None, question=published) == ANSWER


def test_an_unpublished_answer_is_not_in_the_history_the_public_reads(
    team: Team, staff: Person, observer: Person
) -> None:
    question = make_question(team)
    answer_question(question=question, by=user_of(staff), expected_version=1, answer=ANSWER)
    for viewer in (None, user_of(observer)):
        shown = get_question(viewer=viewer, team=team, number=question.number)
        assert shown.shown_answer == ""  # type: ignore[attr-defined]
        texts = [str(e.changes) for e in visible_history(viewer=viewer, record=question)]
        assert texts
        assert not any("ccTLD operators" in t for t in texts)
    staff_texts = [str(e.changes) for e in visible_history(viewer=user_of(staff), record=question)]
    assert any("ccTLD operators" in t for t in staff_texts)


def test_a_member_may_not_answer_even_their_own_question(team: Team, member: Person) -> None:
    question = make_question(team, asked_by=member)
    with pytest.raises(PermissionDenied):
        answer_question(question=question, by=user_of(member), expected_version=1, answer=ANSWER)


def test_an_empty_answer_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        answer_question(question=make_question(team), by=None, expected_version=None, answer=" ")
    assert "answer" in caught.value.message_dict


def test_an_answer_on_a_stale_version_is_refused(team: Team, staff: Person) -> None:
    question = make_question(team)
    answer_question(question=question, by=user_of(staff), expected_version=1, answer=ANSWER)
    with pytest.raises(StaleVersion):
        answer_question(question=question, by=user_of(staff), expected_version=1, answer="Other")
    question.refresh_from_db()
    assert question.answer == ANSWER


def test_an_unanswered_question_cannot_be_published(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        publish_answer(question=make_question(team), by=None, expected_version=None)
    assert "published" in caught.value.message_dict


def test_answering_a_question_that_does_not_exist_answers_404(team: Team) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        get_question(viewer=None, team=team, number=99)
    assert GSE_QUESTION
