from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from secretariat.core.models import Visibility
from secretariat.requests.models import Request
from secretariat.requests.services import answer_question
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_call, make_item
from tests.requests.helpers import DNS_ABUSE, make_question, make_request

CANARY = "CANARY-52d1 restricted briefing"


@pytest.fixture
def seeded(team: Team) -> Request:
    make_request(team, CANARY, visibility=Visibility.RESTRICTED)
    return make_request(team, DNS_ABUSE, availability="Weeks of 12 and 19 June")


@pytest.mark.usefixtures("seeded")
def test_the_public_list_and_briefing_table_show_public_requests_only(
    client: Client, team: Team
) -> None:
    for url in ("/ssr2/requests/", "/ssr2/requests/briefings/", "/ssr2/requests/briefings.csv"):
        response = client.get(url)
        assert response.status_code == 200
        assert DNS_ABUSE in response.content.decode()
        assert CANARY not in response.content.decode()


@pytest.mark.usefixtures("seeded")
def test_observers_do_not_see_the_restricted_request_anywhere(team: Team, observer: Person) -> None:
    client = client_for(observer)
    assert CANARY not in client.get("/ssr2/requests/").content.decode()
    # Its number is a placeholder (403) that says why, never its text (archive.withheld).
    closed = client.get("/ssr2/requests/1/")
    assert closed.status_code == 403
    assert CANARY not in closed.content.decode()
    xlsx = client.get("/ssr2/requests/briefings.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert DNS_ABUSE in values
    assert CANARY not in values


def test_staff_create_a_request_through_the_form(team: Team, staff: Person) -> None:
    response = client_for(staff).post(
        "/ssr2/requests/new/",
        {
            "kind": "briefing",
            "title": "SSR1 implementation briefing",
            "visibility": "public",
            "addressed_to": "OCTO",
            "asked_by": "Jennifer Bryce",
        },
    )
    assert response.status_code == 302
    request = Request.objects.get(title="SSR1 implementation briefing")
    assert request.asked_by_person == staff
    assert response["Location"] == f"/ssr2/requests/{request.number}/"


def test_members_read_but_may_not_create_or_change_status(
    team: Team, member: Person, seeded: Request
) -> None:
    client = client_for(member)
    assert client.get(f"/ssr2/requests/{seeded.number}/").status_code == 200
    assert client.get("/ssr2/requests/new/").status_code == 403
    response = client.post(
        f"/ssr2/requests/{seeded.number}/status/", {"status": "withdrawn", "version": 1}
    )
    assert response.status_code == 403
    seeded.refresh_from_db()
    assert seeded.status == "requested"


def test_anonymous_visitors_are_sent_to_sign_in_to_write(client: Client, seeded: Request) -> None:
    response = client.post(f"/ssr2/requests/{seeded.number}/status/", {"status": "withdrawn"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_change_status_and_schedule_from_the_page(
    team: Team, staff: Person, seeded: Request
) -> None:
    client = client_for(staff)
    page = client.get(f"/ssr2/requests/{seeded.number}/").content.decode()
    assert "Change status" in page
    assert "Schedule the briefing" in page
    response = client.post(
        f"/ssr2/requests/{seeded.number}/status/",
        {"status": "in_progress", "note": "OCTO confirms a presenter.", "version": 1},
    )
    assert response.status_code == 302
    meeting = make_call(team, 50)
    response = client.post(
        f"/ssr2/requests/{seeded.number}/schedule/", {"meeting": meeting.pk, "version": 2}
    )
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert (seeded.status, seeded.scheduled_meeting) == ("scheduled", meeting)
    page = client.get(f"/ssr2/requests/{seeded.number}/").content.decode()
    assert "OCTO confirms a presenter." in page


def test_an_impossible_transition_from_the_page_is_a_400_with_the_reason(
    team: Team, staff: Person, seeded: Request
) -> None:
    response = client_for(staff).post(
        f"/ssr2/requests/{seeded.number}/status/", {"status": "scheduled", "version": 1}
    )
    assert response.status_code == 400


def test_the_qa_page_lists_only_published_answers(
    client: Client, team: Team, staff: Person
) -> None:
    shown = make_question(team, "What do we mean by help support?")
    hidden = make_question(team, "How does it work going the other way?")
    answer_question(
        question=shown, by=None, expected_version=None, answer="Published answer.", published=True
    )
    answer_question(question=hidden, by=None, expected_version=None, answer="Draft answer CANARY.")
    page = client.get("/ssr2/questions/").content.decode()
    assert "Published answer." in page
    assert "help support" in page
    assert "Draft answer CANARY" not in page
    assert "other way" not in page
    detail = client.get(f"/ssr2/questions/{hidden.number}/").content.decode()
    assert "Draft answer CANARY" not in detail
    staff_page = client_for(staff).get(f"/ssr2/questions/{hidden.number}/").content.decode()
    assert "Draft answer CANARY" in staff_page


def test_staff_answer_through_the_form_and_members_may_not(
    team: Team, staff: Person, member: Person
) -> None:
    question = make_question(team)
    url = f"/ssr2/questions/{question.number}/answer/"
    data = {"answer": "GSE works through regional engagement.", "published": "on", "version": 1}
    assert client_for(member).post(url, data).status_code == 403
    assert client_for(staff).post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.published
    assert question.answered_by == staff


def test_the_tracker_item_shows_how_many_of_its_questions_are_answered(
    client: Client, team: Team
) -> None:
    item = make_item(team, "Send written responses to RT questions asked during the GSE talk.")
    first = make_question(team, "What do we mean by help support?", action_item=item)
    make_question(team, "What about active measures?", action_item=item)
    answer_question(question=first, by=None, expected_version=None, answer="Yes.", published=True)
    page = client.get(f"/ssr2/actions/{item.number}/").content.decode()
    assert "1 of 2 answered" in page
    assert "What about active measures?" in page
