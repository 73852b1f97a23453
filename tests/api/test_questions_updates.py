"""Editing a question through the API (PATCH with If-Match, like a request) and reading its
history, where an unpublished answer stays with staff and chairs."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.teams.models import Group, Person, Team
from tests.api.test_requests_fixtures import (
    LEVELS,
    READS,
    ROLES,
    UNPUBLISHED_ANSWER,
    Plans,
    build_plans,
)


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(number: int, rest: str = "") -> str:
    return f"teams/ssr2/questions/{number}{rest}"


def test_an_edit_needs_the_version_it_read(caller: Any, plans: Plans) -> None:
    staff = caller("staff")
    question = plans.questions["team"]
    url = _path(question.number)
    body = {"addressed_to": "ICANN org GSE", "asked_by_text": "(KC)"}

    missing = staff.patch(url, body)
    stale = staff.patch(url, body, **{"If-Match": f'"{question.version - 1}"'})
    done = staff.patch(url, body, **{"If-Match": f'"{question.version}"'})

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert stale.json()["current_version"] == question.version
    assert done.status_code == 200
    assert (done.json()["addressed_to"], done.json()["asked_by_text"]) == ("ICANN org GSE", "(KC)")
    assert done["ETag"] == f'"{question.version + 1}"'
    question.refresh_from_db()
    assert question.addressed_to == "ICANN org GSE"


def test_members_may_not_edit_questions_and_bad_input_changes_nothing(
    caller: Any, plans: Plans
) -> None:
    question = plans.questions["public"]
    url = _path(question.number)
    if_match = {"If-Match": f'"{question.version}"'}

    by_member = caller("member").patch(url, {"text": "Reworded"}, **if_match)
    empty = caller("staff").patch(url, {"text": ""}, **if_match)
    unknown_meeting = caller("staff").patch(url, {"asked_at": 999}, **if_match)
    answer_field = caller("staff").patch(url, {"answer": "Forged"}, **if_match)

    assert by_member.status_code == 403
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "text"
    assert unknown_meeting.status_code == 422
    assert unknown_meeting.json()["errors"][0]["field"] == "asked_at"
    assert answer_field.status_code == 422
    before_text = question.text
    question.refresh_from_db()
    assert (question.text, question.version) == (before_text, plans.questions["public"].version)


def test_a_question_is_linked_to_the_meeting_where_it_was_asked(
    caller: Any, plans: Plans, other_member: Person
) -> None:
    question = plans.questions["public"]
    meeting = plans.meetings["public"]

    done = caller("chair").patch(
        _path(question.number),
        {"asked_at": meeting.number, "asked_by": other_member.pk},
        **{"If-Match": f'"{question.version}"'},
    )

    assert done.status_code == 200, done.json()
    assert done.json()["asked_at"] == meeting.number
    assert done.json()["asked_by"]["name"] == "Kerry-Ann Barrett"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_history_of_the_questions_it_may(
    role: str, caller: Any, plans: Plans
) -> None:
    client = caller(role)

    for level in LEVELS:
        answer = client.get(_path(plans.questions[level].number, "/history"))
        assert answer.status_code == (200 if level in READS[role] else 404), level
    unpublished = client.get(_path(plans.unpublished.number, "/history"))
    if unpublished.status_code == 200:
        actions = [e["action"] for e in unpublished.json()["items"]]
        assert actions[0] == "requests.question.created"
        assert (UNPUBLISHED_ANSWER in unpublished.content.decode()) == (role in ("chair", "staff"))


def test_the_edit_shows_in_the_history(caller: Any, plans: Plans) -> None:
    question = plans.questions["public"]
    caller("staff").patch(
        _path(question.number),
        {"addressed_to": "ICANN org OCTO"},
        **{"If-Match": f'"{question.version}"'},
    )

    entries = caller("anonymous").get(_path(question.number, "/history")).json()["items"]

    assert entries[-1]["action"] == "requests.question.updated"
    assert entries[-1]["changes"]["addressed_to"][1] == "ICANN org OCTO"
