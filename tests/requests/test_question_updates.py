"""update_question: staff and chairs edit a question (not its answer), with the version they
read; the change is in its history; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.requests.models import Question
from secretariat.requests.services import update_question
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call
from tests.requests.helpers import GSE_QUESTION, make_question


def test_staff_edit_a_question_and_it_is_in_history(team: Team, staff: Person) -> None:
    question = make_question(team)
    meeting = make_call(team, 12)

    updated = update_question(
        question=question,
        by=user_of(staff),
        expected_version=question.version,
        changes={"addressed_to": "  ICANN org GSE ", "asked_at": meeting},
    )

    assert (updated.version, updated.addressed_to, updated.asked_at) == (
        2,
        "ICANN org GSE",
        meeting,
    )
    entry = history_for(updated).last()
    assert entry is not None
    assert entry.action == "requests.question.updated"
    assert entry.changes["addressed_to"] == ["", "ICANN org GSE"]
    assert entry.version == 2


def test_a_stale_version_is_refused_with_the_changes_since(team: Team, staff: Person) -> None:
    question = make_question(team)
    update_question(question=question, by=None, expected_version=1, changes={"addressed_to": "GSE"})

    with pytest.raises(StaleVersion) as caught:
        update_question(
            question=question, by=user_of(staff), expected_version=1, changes={"text": "Reworded"}
        )

    assert caught.value.current.version == 2
    assert Question.objects.get(pk=question.pk).text == GSE_QUESTION


def test_members_may_not_edit_and_bad_input_changes_nothing(
    team: Team, member: Person, staff: Person, other_team: Team
) -> None:
    question = make_question(team)
    foreign = make_call(other_team, 3)

    with pytest.raises(PermissionDenied):
        update_question(question=question, by=user_of(member), expected_version=1, changes={})
    with pytest.raises(ValidationError) as empty:
        update_question(question=question, by=None, expected_version=1, changes={"text": " "})
    with pytest.raises(ValidationError) as elsewhere:
        update_question(
            question=question, by=None, expected_version=1, changes={"asked_at": foreign}
        )
    with pytest.raises(ValidationError) as answer:
        update_question(question=question, by=None, expected_version=1, changes={"answer": "x"})

    assert empty.value.message_dict["text"] == ["Write the question."]
    assert "asked_at" in elsewhere.value.message_dict
    assert "answer" in answer.value.message_dict
    question.refresh_from_db()
    assert (question.version, question.text, question.asked_at) == (1, GSE_QUESTION, None)
    assert history_for(question).count() == 1
