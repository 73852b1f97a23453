"""The staff screens of one question: edit it, revise its answer, publish and unpublish the
answer, withdraw and reopen the question. Stale pages and bad input change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.core.history import history_for
from secretariat.requests.models import Question
from secretariat.requests.services import answer_question, update_question
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_call, make_item
from tests.requests.helpers import GSE_QUESTION, make_question, make_request

ANSWER = "GSE coordinates with OCTO on capacity building for ccTLD operators."
REVISED = "GSE and OCTO run joint workshops for ccTLD operators in each region."


def _edit_data(question: Question, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "text": question.text,
        "asked_by": question.asked_by_id or "",
        "asked_by_text": question.asked_by_text,
        "asked_at": question.asked_at_id or "",
        "addressed_to": question.addressed_to,
        "action_item": question.action_item.number if question.action_item else "",
        "request": question.request.number if question.request else "",
        "visibility": question.visibility,
        "version": question.version,
    }
    data.update(changes)
    return data


def test_staff_edit_every_field_of_a_question(
    team: Team, staff: Person, other_member: Person
) -> None:
    item = make_item(team, "Send written responses to RT questions asked during the GSE talk.")
    question = make_question(team, action_item=item)
    briefing = make_request(team)
    meeting = make_call(team, 45, "GSE briefing")
    client = client_for(staff)

    form = client.get(f"/ssr2/questions/{question.number}/edit/")
    assert form.status_code == 200
    assert GSE_QUESTION in form.content.decode()
    response = client.post(
        f"/ssr2/questions/{question.number}/edit/",
        _edit_data(
            question,
            text="How does GSE work with the ccTLD community on SSR matters?",
            asked_by=other_member.pk,
            asked_at=meeting.pk,
            addressed_to="ICANN org GSE",
            action_item="",
            request=briefing.number,
            visibility="team",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ssr2/questions/{question.number}/"
    question.refresh_from_db()
    assert question.text.endswith("on SSR matters?")
    assert (question.asked_by, question.asked_at, question.addressed_to) == (
        other_member,
        meeting,
        "ICANN org GSE",
    )
    assert (question.action_item, question.request, question.visibility) == (
        None,
        briefing,
        "team",
    )
    last = history_for(question).last()
    assert last is not None
    assert last.action == "requests.question.updated"
    assert last.changes["request"] == [None, f"R{briefing.number}"]


def test_a_stale_edit_is_refused_with_a_clear_message_and_changes_nothing(
    team: Team, staff: Person
) -> None:
    question = make_question(team)
    stale = _edit_data(question, text="Reworded by Jennifer.")
    update_question(question=question, by=None, expected_version=1, changes={"addressed_to": "GSE"})

    response = client_for(staff).post(f"/ssr2/questions/{question.number}/edit/", stale)

    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    question.refresh_from_db()
    assert (question.text, question.addressed_to, question.version) == (GSE_QUESTION, "GSE", 2)


def test_a_request_that_does_not_exist_is_named_and_nothing_changes(
    team: Team, staff: Person
) -> None:
    question = make_question(team)

    response = client_for(staff).post(
        f"/ssr2/questions/{question.number}/edit/", _edit_data(question, request=77)
    )

    assert response.status_code == 400
    assert "There is no request R77." in response.content.decode()
    question.refresh_from_db()
    assert (question.request, question.version) == (None, 1)


def test_other_members_and_visitors_may_not_edit(
    team: Team, member: Person, other_member: Person, client: Client
) -> None:
    question = make_question(team, asked_by=other_member)
    url = f"/ssr2/questions/{question.number}/edit/"

    assert client_for(member).get(url).status_code == 403
    assert client_for(member).post(url, _edit_data(question, text="Mine")).status_code == 403
    assert client.post(url, _edit_data(question, text="Anon")).status_code == 302
    question.refresh_from_db()
    assert question.text == GSE_QUESTION


def test_the_asker_rewords_their_question_but_may_not_restrict_it(
    team: Team, member: Person
) -> None:
    question = make_question(team, asked_by=member)
    url = f"/ssr2/questions/{question.number}/edit/"
    client = client_for(member)

    assert 'name="visibility"' not in client.get(url).content.decode()
    response = client.post(
        url, _edit_data(question, text="How does GSE support ccTLDs?", visibility="restricted")
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.visibility) == ("How does GSE support ccTLDs?", "public")


def test_a_revised_answer_leaves_the_previous_one_readable_in_the_history(
    team: Team, staff: Person, client: Client
) -> None:
    question = make_question(team)
    staff_client = client_for(staff)
    answer_url = f"/ssr2/questions/{question.number}/answer/"
    staff_client.post(answer_url, {"answer": ANSWER, "published": "on", "version": 1})

    page = staff_client.get(f"/ssr2/questions/{question.number}/").content.decode()
    assert "Revise the answer" in page
    response = staff_client.post(answer_url, {"answer": REVISED, "published": "on", "version": 2})

    assert response.status_code == 302
    page = staff_client.get(f"/ssr2/questions/{question.number}/").content.decode()
    assert REVISED in page
    assert ANSWER in page  # in the history, as the text the revision replaced
    public = client.get(f"/ssr2/questions/{question.number}/").content.decode()
    assert REVISED in public


def test_publish_and_unpublish_are_separate_controls(
    team: Team, staff: Person, client: Client
) -> None:
    question = make_question(team)
    answer_question(question=question, by=None, expected_version=1, answer=ANSWER)
    staff_client = client_for(staff)
    url = f"/ssr2/questions/{question.number}"

    page = staff_client.get(f"{url}/").content.decode()
    assert "Publish the answer" in page
    assert f'action="{url}/publish/"' in page
    assert ANSWER not in client.get(f"{url}/").content.decode()

    assert staff_client.post(f"{url}/publish/", {"version": 2}).status_code == 302
    assert ANSWER in client.get(f"{url}/").content.decode()
    page = staff_client.get(f"{url}/").content.decode()
    assert f'action="{url}/unpublish/"' in page

    assert staff_client.post(f"{url}/unpublish/", {"version": 3}).status_code == 302
    assert ANSWER not in client.get(f"{url}/").content.decode()
    question.refresh_from_db()
    assert (question.published, question.version) == (False, 4)


def test_a_stale_publish_is_refused_and_changes_nothing(team: Team, staff: Person) -> None:
    question = make_question(team)
    answer_question(question=question, by=None, expected_version=1, answer=ANSWER)

    response = client_for(staff).post(f"/ssr2/questions/{question.number}/publish/", {"version": 1})

    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    question.refresh_from_db()
    assert (question.published, question.version) == (False, 2)


def test_publishing_an_unanswered_question_says_there_is_no_answer(
    team: Team, staff: Person
) -> None:
    question = make_question(team)

    response = client_for(staff).post(f"/ssr2/questions/{question.number}/publish/", {"version": 1})

    assert response.status_code == 400
    assert "There is no answer to publish yet." in response.content.decode()
    question.refresh_from_db()
    assert (question.published, question.version) == (False, 1)


def test_staff_withdraw_and_reopen_a_question(
    team: Team, staff: Person, member: Person, other_member: Person
) -> None:
    question = make_question(team, asked_by=other_member)
    staff_client = client_for(staff)
    url = f"/ssr2/questions/{question.number}"

    assert client_for(member).post(f"{url}/withdraw/", {"version": 1}).status_code == 403
    assert staff_client.post(f"{url}/withdraw/", {"version": 1}).status_code == 302
    question.refresh_from_db()
    assert question.status == "withdrawn"
    page = staff_client.get(f"{url}/").content.decode()
    assert "Reopen the question" in page
    assert "Write the answer" not in page

    assert staff_client.post(f"{url}/reopen/", {"version": 2}).status_code == 302
    question.refresh_from_db()
    assert (question.status, question.version) == ("open", 3)


def test_answering_a_question_that_does_not_exist_is_a_404_and_records_nothing(
    team: Team, staff: Person
) -> None:
    client = client_for(staff)
    for step in ("answer", "publish", "unpublish", "withdraw", "reopen", "edit"):
        response = client.post(
            f"/ssr2/questions/99/{step}/", {"answer": ANSWER, "text": "x", "version": 1}
        )
        assert response.status_code == 404, step
    assert not Question.objects.exists()


@pytest.mark.parametrize("version", ["", "abc"])
def test_a_control_without_the_pages_version_is_refused(
    team: Team, staff: Person, version: str
) -> None:
    question = make_question(team)

    response = client_for(staff).post(
        f"/ssr2/questions/{question.number}/withdraw/", {"version": version}
    )

    assert response.status_code == 400
    assert "reload it" in response.content.decode()
    question.refresh_from_db()
    assert question.status == "open"


def test_the_asker_withdraws_their_own_question(team: Team, member: Person) -> None:
    question = make_question(team, asked_by=member)

    response = client_for(member).post(
        f"/ssr2/questions/{question.number}/withdraw/", {"version": 1}
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "withdrawn"
