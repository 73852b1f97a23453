"""A public request or question tied to a closed meeting (a briefing given at a restricted
call, a question asked there) shows the meeting to those who may read it, and to others
neither its title nor a link: not in the list, the page, its history, the briefing table
(CSV, XLSX) nor the API."""

from __future__ import annotations

from django.test import Client

from secretariat.core.models import Visibility
from secretariat.requests.services import schedule_briefing
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_call
from tests.requests.helpers import make_question, make_request

CLOSED = "Legal briefing with counsel ZQXV-7"


def test_a_briefing_at_a_closed_call_does_not_name_the_call(
    client: Client, team: Team, staff: Person
) -> None:
    call = make_call(team, 150, CLOSED, visibility=Visibility.RESTRICTED)
    request = schedule_briefing(
        request=make_request(team), by=None, expected_version=None, meeting=call
    )

    for url in (
        "/ssr2/requests/",
        f"/ssr2/requests/{request.number}/",
        "/ssr2/requests/briefings/",
        "/ssr2/requests/briefings.csv",
        f"/api/v1/teams/ssr2/requests/{request.number}",
        f"/api/v1/teams/ssr2/requests/{request.number}/history",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "ZQXV" not in response.content.decode(), url
    page = client.get(f"/ssr2/requests/{request.number}/").content.decode()
    assert "Scheduled" in page
    assert "#150" in page  # the history says a meeting was chosen, by number only
    staff_page = client_for(staff).get(f"/ssr2/requests/{request.number}/").content.decode()
    assert CLOSED in staff_page


def test_a_question_asked_at_a_closed_call_does_not_name_the_call(
    client: Client, team: Team, staff: Person, member: Person
) -> None:
    call = make_call(team, 151, CLOSED, visibility=Visibility.RESTRICTED)
    question = make_question(team, asked_at=call)

    for reader in (client, client_for(member)):
        for url in (
            f"/ssr2/questions/{question.number}/",
            "/ssr2/questions/?status=open",
            f"/api/v1/teams/ssr2/questions/{question.number}/history",
        ):
            body = reader.get(url).content.decode()
            assert "ZQXV" not in body, url
    staff_page = client_for(staff).get(f"/ssr2/questions/{question.number}/").content.decode()
    assert CLOSED in staff_page
