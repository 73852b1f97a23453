"""The request and question lists filter with a plain GET form (no JavaScript): by kind,
status, department and (for staff) visibility; questions by status, asker, meeting and what
they are grouped under. Filters narrow what the viewer may read, never widen it, and each list
runs the same number of queries whatever its length."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.requests.services import (
    answer_question,
    change_request_status,
    schedule_briefing,
)
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_call, make_item
from tests.requests.helpers import make_question, make_request


def _numbers(body: str, prefix: str) -> list[int]:
    """The numbers the list shows as rows (not the withheld numbers listed below it)."""
    row = (
        r'<td><a href="/ssr2/requests/\d+/">R(\d+)</a>'
        if prefix == "R"
        else r'<dt id="q\d+"><a href="/ssr2/questions/\d+/">Q(\d+)</a>'
    )
    return sorted({int(n) for n in re.findall(row, body)})


@pytest.fixture
def requests_seen(team: Team) -> dict[str, int]:
    made = {
        "dns": make_request(team, "DNS Abuse Study briefing", addressed_to="OCTO"),
        "tools": make_request(
            team, "Collaborative tools that can be archived", kind="tool", addressed_to="IT"
        ),
        "ithi": make_request(team, "ITHI project timeline", kind="data", addressed_to="OCTO"),
        "legal": make_request(
            team,
            "ZQXV contract review",
            kind="document",
            addressed_to="Legal",
            visibility=Visibility.RESTRICTED,
        ),
    }
    change_request_status(request=made["ithi"], by=None, expected_version=None, status="delivered")
    return {name: request.number for name, request in made.items()}


def test_requests_filter_by_kind_status_and_department(
    client: Client, requests_seen: dict[str, int]
) -> None:
    def shown(query: dict[str, str]) -> list[int]:
        response = client.get("/ssr2/requests/", query)
        assert response.status_code == 200
        return _numbers(response.content.decode(), "R")

    assert shown({"kind": "tool"}) == [requests_seen["tools"]]
    assert shown({"status": "delivered"}) == [requests_seen["ithi"]]
    assert shown({"status": "outstanding"}) == sorted(
        [requests_seen["dns"], requests_seen["tools"]]
    )
    assert shown({"addressed_to": "OCTO"}) == sorted([requests_seen["dns"], requests_seen["ithi"]])
    assert shown({"addressed_to": "OCTO", "kind": "briefing"}) == [requests_seen["dns"]]


def test_the_department_choices_name_only_what_the_viewer_may_read(
    client: Client, staff: Person, requests_seen: dict[str, int]
) -> None:
    public = client.get("/ssr2/requests/").content.decode()
    assert '<option value="OCTO">' in public
    assert '<option value="Legal">' not in public
    # Asked for anyway, the choice is refused, and nothing of the restricted request shows.
    refused = client.get("/ssr2/requests/", {"addressed_to": "Legal"})
    assert refused.status_code == 400
    assert "Legal is not one of the available choices" in refused.content.decode()
    assert "ZQXV" not in refused.content.decode()
    staff_page = client_for(staff).get("/ssr2/requests/").content.decode()
    assert '<option value="Legal">' in staff_page


def test_staff_filter_by_visibility_and_others_cannot(
    client: Client, staff: Person, member: Person, requests_seen: dict[str, int]
) -> None:
    staff_page = client_for(staff).get("/ssr2/requests/", {"visibility": "restricted"})
    assert _numbers(staff_page.content.decode(), "R") == [requests_seen["legal"]]
    for reader in (client, client_for(member)):
        page = reader.get("/ssr2/requests/", {"visibility": "restricted"}).content.decode()
        assert 'name="visibility"' not in page
        assert "ZQXV" not in page


@pytest.fixture
def questions_seen(team: Team, member: Person, other_member: Person) -> dict[str, Any]:
    briefing = make_call(team, 45, "GSE briefing")
    item = make_item(team, "Send written responses to RT questions asked during the GSE talk.")
    request = make_request(team)
    made = {
        "published": make_question(team, "What do we mean by help support?", asked_by=member,
                                   asked_at=briefing, action_item=item),
        "draft": make_question(team, "How does it work going the other way?",
                               asked_by=other_member, asked_at=briefing, action_item=item),
        "open": make_question(team, "What about active measures?", asked_by=member,
                              request=request),
        "restricted": make_question(team, "ZQXV question", asked_by=member,
                                    visibility=Visibility.RESTRICTED),
    }  # fmt: skip
    answer_question(
        question=made["published"], by=None, expected_version=None,
        answer="Through regional engagement.", published=True,
    )  # fmt: skip
    answer_question(
        question=made["draft"], by=None, expected_version=None, answer="ZQXV draft answer."
    )
    numbers = {name: q.number for name, q in made.items()}
    return {"n": numbers, "item": item, "request": request, "meeting": briefing}


def test_questions_filter_by_status_asker_meeting_and_grouping(
    client: Client, member: Person, other_member: Person, questions_seen: dict[str, Any]
) -> None:
    n = questions_seen["n"]

    def shown(query: dict[str, object]) -> list[int]:
        response = client.get("/ssr2/questions/", query)
        assert response.status_code == 200
        body = response.content.decode()
        assert "ZQXV" not in body
        return _numbers(body, "Q")

    assert shown({"status": "open"}) == [n["open"]]
    assert shown({"status": "answered"}) == sorted([n["published"], n["draft"]])
    assert shown({"status": "published"}) == [n["published"]]
    assert shown({"asked_by": member.pk}) == sorted([n["published"], n["open"]])
    assert shown({"asked_by": other_member.pk}) == [n["draft"]]
    assert shown({"asked_at": questions_seen["meeting"].pk}) == sorted([n["published"], n["draft"]])
    assert shown({"under": f"#{questions_seen['item'].number}"}) == sorted(
        [n["published"], n["draft"]]
    )
    assert shown({"under": f"R{questions_seen['request'].number}"}) == [n["open"]]


def test_a_filtered_list_shows_staff_the_unpublished_answer_and_the_public_not(
    client: Client, staff: Person, questions_seen: dict[str, Any]
) -> None:
    public = client.get("/ssr2/questions/", {"status": "answered"}).content.decode()
    staff_page = client_for(staff).get("/ssr2/questions/", {"status": "answered"})

    assert "Through regional engagement." in public
    assert "ZQXV draft answer." not in public
    assert "not published" in public  # the question's state, never its draft
    assert "ZQXV draft answer." in staff_page.content.decode()


def test_a_grouping_that_is_not_an_item_or_request_is_named(
    client: Client, questions_seen: dict[str, Any]
) -> None:
    response = client.get("/ssr2/questions/", {"under": "item twelve"})

    assert response.status_code == 400
    assert "Write an action item as #12 or a request as R3, not item twelve." in (
        response.content.decode()
    )


def _count(client: Client, url: str, query: dict[str, object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/ssr2/requests/", {"kind": "briefing", "status": "outstanding", "visibility": "public"}),
        ("/ssr2/requests/", {"addressed_to": "OCTO"}),
        ("/ssr2/questions/", {"status": "answered"}),
        ("/ssr2/questions/", {"under": "R1"}),
        ("/ssr2/questions/", {}),
    ],
)
def test_the_filtered_lists_run_the_same_queries_at_two_sizes(
    team: Team,
    staff: Person,
    member: Person,
    url: str,
    query: dict[str, object],
    django_assert_num_queries: Any,
) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            request = make_request(
                team,
                f"Briefing on topic {i}",
                addressed_to="OCTO",
                asked_by=member,
                responsible=staff,
            )
            call = make_call(team, 200 + i + n, visibility="restricted" if i % 2 else "public")
            schedule_briefing(request=request, by=None, expected_version=None, meeting=call)
            question = make_question(
                team, f"Question {i}?", asked_by=member, asked_at=call, request=request
            )
            answer_question(question=question, by=None, expected_version=None,
                            answer=f"Answer {i}.", published=bool(i % 2))  # fmt: skip

    client = client_for(staff)
    grow(2)
    small = _count(client, url, query)
    grow(10)

    with django_assert_num_queries(small):
        response = client.get(url, query)

    body = response.content.decode()
    assert _numbers(body, "R" if "requests" in url else "Q")
