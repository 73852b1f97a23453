"""Questions through the API: each role reads the questions it may; an answer reaches anyone
beyond staff and chairs only once it is published; staff and chairs answer and publish."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.requests.models import Question
from secretariat.teams.models import Group, Person, Team
from tests.api.test_requests_fixtures import (
    LEVELS,
    PLAN_CANARY,
    PUBLISHED_ANSWER,
    READS,
    ROLES,
    UNPUBLISHED_ANSWER,
    Plans,
    build_plans,
    numbers,
)


@pytest.fixture
def plans(team: Team, staff: Person, co_chairs: Group, james_gannon: Person) -> Plans:
    return build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)


def _path(question: Question, rest: str = "") -> str:
    return f"teams/ssr2/questions/{question.number}{rest}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_the_questions_it_may(role: str, caller: Any, plans: Plans) -> None:
    client = caller(role)

    listed = client.get("teams/ssr2/questions")

    expected = {plans.questions[level].number for level in READS[role]}
    assert set(numbers(listed)) == expected | {plans.unpublished.number}
    for level in LEVELS:
        answer = client.get(_path(plans.questions[level]))
        assert answer.status_code == (200 if level in READS[role] else 404), level
    if "restricted" not in READS[role]:
        assert PLAN_CANARY not in listed.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_answer_stays_with_staff_and_chairs(
    role: str, caller: Any, plans: Plans
) -> None:
    client = caller(role)
    leadership = role in ("staff", "chair")

    listed = client.get("teams/ssr2/questions").content.decode()
    detail = client.get(_path(plans.unpublished)).json()

    assert (UNPUBLISHED_ANSWER in listed) is leadership
    assert detail["answer"] == (UNPUBLISHED_ANSWER if leadership else "")
    assert detail["status"] == "answered"
    assert detail["published"] is False
    assert (detail["answered_on"] is not None) is leadership
    assert PUBLISHED_ANSWER in listed


def test_the_asker_and_the_request_are_shown(anonymous: Any, plans: Plans) -> None:
    body = anonymous.get(_path(plans.questions["public"])).json()

    assert body["asked_by_text"] == "(GH)"
    assert body["asked_at"] == plans.meetings["public"].number
    assert body["request"] == plans.requests["public"].number
    assert body["answered_by_text"] == "Global Stakeholder Engagement"


def test_lists_filter_by_status_publication_and_request(anonymous: Any, plans: Plans) -> None:
    answered = numbers(anonymous.get("teams/ssr2/questions", {"published": "true"}))
    open_ones = numbers(anonymous.get("teams/ssr2/questions", {"status": "open"}))
    under = numbers(
        anonymous.get("teams/ssr2/questions", {"request": plans.requests["public"].number})
    )
    under_hidden = numbers(
        anonymous.get("teams/ssr2/questions", {"request": plans.requests["restricted"].number})
    )

    assert answered == [plans.questions["public"].number]
    assert open_ones == []  # the open ones are team-only and restricted
    assert under == [plans.questions["public"].number]
    assert under_hidden == []


def test_staff_record_a_question_under_a_request(caller: Any, plans: Plans, member: Person) -> None:
    body = {
        "text": "Which ccTLDs took part in the SSR training in 2016?",
        "asked_by": member.pk,
        "asked_at": plans.meetings["public"].number,
        "request": plans.requests["public"].number,
        "addressed_to": "GSE",
    }

    created = caller("staff").post("teams/ssr2/questions", body)
    by_member = caller("member").post("teams/ssr2/questions", body)

    assert created.status_code == 201, created.content
    assert created.json()["asked_by"] == {"id": member.pk, "name": "Boban Krsic"}
    assert created.json()["status"] == "open"
    assert by_member.status_code == 403


def test_a_request_the_caller_cannot_read_is_unknown(caller: Any, plans: Plans) -> None:
    from secretariat.core.models import Visibility

    plans.requests["team"].visibility = Visibility.RESTRICTED
    plans.requests["team"].save()

    answer = caller("member").get(
        "teams/ssr2/questions", {"request": plans.requests["team"].number}
    )

    assert numbers(answer) == []


def test_staff_answer_then_publish_with_the_version_they_read(
    caller: Any, plans: Plans, staff: Person
) -> None:
    question = plans.questions["team"]
    staff_client = caller("staff")
    url = _path(question, "/answer")
    body = {"answer": "GSE runs regional SSR trainings with the ccTLD organisations."}

    missing = staff_client.post(url, body)
    answered = staff_client.post(url, body, **{"If-Match": f'"{question.version}"'})
    member_sees = caller("member").get(_path(question)).json()["answer"]
    stale = staff_client.post(
        _path(question, "/publish"), {"published": True}, **{"If-Match": f'"{question.version}"'}
    )
    published = staff_client.post(
        _path(question, "/publish"), {"published": True}, **{"If-Match": answered["ETag"]}
    )

    assert missing.status_code == 428
    assert answered.status_code == 200, answered.content
    assert answered.json()["answered_by"] == {"id": staff.pk, "name": "Jennifer Bryce"}
    assert member_sees == ""
    assert stale.status_code == 412
    assert published.status_code == 200
    assert caller("member").get(_path(question)).json()["answer"] == body["answer"]


def test_members_may_not_answer_even_their_own_question(caller: Any, plans: Plans) -> None:
    answer = caller("james_gannon").post(
        _path(plans.unpublished, "/answer"),
        {"answer": "My own answer"},
        **{"If-Match": f'"{plans.unpublished.version}"'},
    )

    assert answer.status_code == 403
    plans.unpublished.refresh_from_db()
    assert plans.unpublished.answer == UNPUBLISHED_ANSWER


def test_the_asker_withdraws_their_question_and_staff_reopen_it(caller: Any, plans: Plans) -> None:
    question = plans.unpublished  # asked by James Gannon, answered but not published
    url = _path(question, "/withdraw")

    stale = caller("james_gannon").post(url, {"withdrawn": True}, **{"If-Match": '"999"'})
    withdrawn = caller("james_gannon").post(
        url, {"withdrawn": True}, **{"If-Match": f'"{question.version}"'}
    )
    assert withdrawn.status_code == 200, withdrawn.content
    other_member = caller("member").post(
        url, {"withdrawn": False}, **{"If-Match": withdrawn["ETag"]}
    )
    again = caller("staff").post(url, {"withdrawn": True}, **{"If-Match": withdrawn["ETag"]})
    reopened = caller("staff").post(url, {"withdrawn": False}, **{"If-Match": withdrawn["ETag"]})

    assert stale.status_code == 412
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["status"] == "withdrawn"
    assert other_member.status_code in (403, 404)
    assert again.status_code == 422
    assert "already withdrawn" in again.content.decode()
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "answered"  # it had an answer: nothing was lost
    question.refresh_from_db()
    assert (question.status, question.answer) == ("answered", UNPUBLISHED_ANSWER)
