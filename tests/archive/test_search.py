"""Search across teams finds what the viewer may read, and nothing else, whatever is typed."""

from __future__ import annotations

import pytest
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_item, make_team

pytestmark = pytest.mark.django_db


def test_it_finds_public_items_of_every_team(team: Team, client: Client) -> None:
    atrt3 = make_team("atrt3", "ATRT3 Review Team")
    make_item(team, "Research collaborative tools the RT may use that can be publicly archived.")
    make_item(atrt3, "Staff to circulate the collaborative tools survey to the review team.")
    make_item(team, "Distribute draft Johannesburg agenda to email list.")

    body = client.get("/search/", {"q": "collaborative tools"}).content.decode()

    assert "2 results" in body
    assert "SSR2 Review Team" in body
    assert "ATRT3 Review Team" in body
    assert "Johannesburg" not in body
    assert 'href="/atrt3/actions/1/"' in body


def test_it_never_matches_a_restricted_item_for_the_public(
    team: Team, staff: Person, client: Client
) -> None:
    make_item(
        team,
        "Review non-disclosure form CANARY-NDA-7731 with ICANN Legal.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )

    public = client.get("/search/", {"q": "CANARY-NDA"}).content.decode()
    as_staff = client_for(staff).get("/search/", {"q": "CANARY-NDA"}).content.decode()

    assert "0 results" in public
    assert "CANARY-NDA-7731 with" not in public
    assert "1 result" in as_staff


def test_an_item_number_finds_the_item(team: Team, client: Client) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.", number=365)

    body = client.get("/search/", {"q": "#365"}).content.decode()

    assert 'href="/ssr2/actions/365/"' in body


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "NEAR(a b)",
        "*",
        "%_%",
        "a' OR '1'='1",
        "x" * 10_000,
        "<script>alert(1)</script>",
        "\x00\r\n",
    ],
)
def test_hostile_queries_answer_normally(team: Team, client: Client, query: str) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_it_finds_decisions_and_meetings_by_their_agenda(team: Team, client: Client) -> None:
    from secretariat.meetings.services import record_decision
    from tests.factories import make_agenda, make_call

    call = make_call(team, 111, "SSR2 Plenary Call")
    make_agenda(call, ["Welcome, roll call", "Johannesburg face-to-face logistics"])
    record_decision(team=team, by=None, text="Hold the face-to-face in Johannesburg.", meeting=call)

    body = client.get("/search/", {"q": "johannesburg"}).content.decode()

    assert "2 results" in body
    assert "Decision D1" in body
    assert 'href="/ssr2/meetings/111/"' in body


def test_restricted_meetings_and_decisions_are_never_matched(
    team: Team, staff: Person, client: Client
) -> None:
    from secretariat.meetings.services import record_decision
    from tests.factories import make_agenda, make_call

    closed = make_call(team, 112, "Legal briefing", visibility=Visibility.RESTRICTED)
    make_agenda(closed, ["CANARY-SEARCH-1 non-disclosure form"])
    record_decision(team=team, by=None, text="CANARY-SEARCH-2 accepted.", meeting=closed)

    public = client.get("/search/", {"q": "CANARY-SEARCH"}).content.decode()
    as_staff = client_for(staff).get("/search/", {"q": "CANARY-SEARCH"}).content.decode()

    assert "0 results" in public
    assert "2 results" in as_staff


def test_it_finds_notes_requests_and_questions_the_public_may_read(
    team: Team, staff: Person, client: Client
) -> None:
    from secretariat.requests.services import (
        add_request_note,
        answer_question,
        create_question,
        create_request,
    )
    from secretariat.tracker.services import add_progress_note

    item = make_item(team, "Research collaborative tools the RT may use.", number=365)
    add_progress_note(item=item, by=None, text="Jira suggested by Denise Michel.")
    add_progress_note(
        item=item, by=None, text="Jira licence CANARY-NOTE-8 quote.", visibility="restricted"
    )
    tool = create_request(
        team=team, by=None, kind="tool", title="Jira for the review team", addressed_to="IT"
    )
    add_request_note(request=tool, by=None, text="Working with IT on Jira approval.")
    create_request(
        team=team,
        by=None,
        kind="tool",
        title="Jira CANARY-REQUEST-9 seats",
        visibility="restricted",
        visibility_reason="Under legal review",
    )
    asked = create_question(team=team, by=None, text="Which Jira instance will the RT use?")
    answer_question(
        question=asked, by=None, expected_version=1, answer="CANARY-ANSWER-3 the Jira Cloud trial."
    )

    public = client.get("/search/", {"q": "jira"}).content.decode()
    as_staff = client_for(staff).get("/search/", {"q": "jira"}).content.decode()

    assert "3 results" in public  # the note, the request (title and note), the question
    assert 'href="/ssr2/actions/365/"' in public
    assert 'href="/ssr2/requests/1/"' in public
    assert 'href="/ssr2/questions/1/"' in public
    assert "CANARY" not in public
    # Staff also find the restricted note and request; the unpublished answer matches for them.
    assert "CANARY-NOTE-8" in as_staff
    assert "CANARY-REQUEST-9" in as_staff
    assert "0 results" in client.get("/search/", {"q": "Cloud trial"}).content.decode()
    assert 'href="/ssr2/questions/1/"' in (
        client_for(staff).get("/search/", {"q": "Cloud trial"}).content.decode()
    )
