"""Full-text search ranks, highlights, stays current on every write and leaks nothing.

Runs on SQLite (FTS5) and PostgreSQL (full-text search) alike: the suite runs on both.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.archive.models import SearchDocument
from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import update_action_item
from tests.conftest import client_for
from tests.factories import make_item, make_team

pytestmark = pytest.mark.django_db


def _result_links(body: str) -> list[str]:
    results = body[body.index('<ol class="results">') :] if "results" in body else ""
    return re.findall(r'<a href="(/[^"]+)">', results)


def test_a_number_or_title_match_ranks_before_a_mention_in_the_text(
    team: Team, client: Client
) -> None:
    make_item(team, "Circulate the 365 comments received on the draft report to the RT.")
    make_item(team, "Share links to relevant articles regarding threat mitigation.", number=365)

    links = _result_links(client.get("/search/", {"q": "365"}).content.decode())

    assert links[0] == "/ssr2/actions/365/"
    assert "/ssr2/actions/1/" in links


def test_the_most_relevant_text_ranks_first(team: Team, client: Client) -> None:
    make_item(
        team,
        "Draft the SSR2 Review Team work plan with key dates, circulate to RT for input, "
        "then ask Denise Michel whether the Madrid meeting can also discuss the budget.",
    )
    make_item(team, "Jennifer Bryce to book the Madrid meeting room for the Madrid face-to-face.")

    links = _result_links(client.get("/search/", {"q": "Madrid meeting"}).content.decode())

    assert links == ["/ssr2/actions/2/", "/ssr2/actions/1/"]


def test_matches_are_highlighted_and_the_text_is_escaped(team: Team, client: Client) -> None:
    make_item(team, "Compare <b>Jira</b> & Trello for the RT; <script>alert(1)</script>.")

    body = client.get("/search/", {"q": "jira"}).content.decode()

    snippet = body.split('<p class="snippet">')[1].split("</p>")[0]
    assert "&lt;b&gt;<mark>Jira</mark>&lt;/b&gt; &amp; Trello" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "<script>" not in body


def test_a_canary_in_restricted_or_team_text_never_matches_for_the_public(
    team: Team, staff: Person, member: Person, client: Client
) -> None:
    make_item(
        team,
        "Review non-disclosure form CANARY-FTS-4410 with ICANN Legal.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    make_item(team, "Team-only CANARYTEAM-5520 budget figures.", visibility=Visibility.TEAM)

    for query in ["CANARY-FTS-4410", "4410", "CANARYTEAM-5520", "non-disclosure"]:
        public = client.get("/search/", {"q": query}).content.decode()
        assert "0 results" in public
        assert "4410" not in public.split("</form>")[1]
        assert "5520" not in public.split("</form>")[1]
    member_body = client_for(member).get("/search/", {"q": "CANARYTEAM"}).content.decode()
    assert "1 result" in member_body
    assert "CANARY-FTS" not in client_for(member).get("/search/", {"q": "4410"}).content.decode()
    assert "1 result" in client_for(staff).get("/search/", {"q": "4410"}).content.decode()


def test_a_change_is_searchable_at_once(team: Team, staff: Person, client: Client) -> None:
    item = make_item(
        team,
        "Brief the RT on the KC Claffy abuse reporting study.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Embargoed until publication",
    )
    assert "0 results" in client.get("/search/", {"q": "abuse reporting"}).content.decode()

    item = update_action_item(
        item=item,
        by=staff.user,
        expected_version=item.version,
        changes={"visibility": Visibility.PUBLIC, "visibility_reason": ""},
    )
    assert "1 result" in client.get("/search/", {"q": "abuse reporting"}).content.decode()

    update_action_item(
        item=item,
        by=staff.user,
        expected_version=item.version,
        changes={"text": "Brief the RT on the DNS abuse study by KC Claffy."},
    )
    assert "0 results" in client.get("/search/", {"q": "reporting"}).content.decode()
    assert "1 result" in client.get("/search/", {"q": "DNS abuse"}).content.decode()


def test_search_within_one_team(team: Team, client: Client) -> None:
    atrt3 = make_team("atrt3", "ATRT3 Review Team")
    make_item(team, "Research collaborative tools the RT may use.")
    make_item(atrt3, "Circulate the collaborative tools survey.")

    body = client.get("/search/", {"q": "collaborative", "team": "atrt3"}).content.decode()

    assert _result_links(body) == ["/atrt3/actions/1/"]
    assert client.get("/search/", {"q": "tools", "team": "nosuchteam"}).status_code == 404


def test_queries_per_search_do_not_grow_with_the_results(
    team: Team, staff: Person, client: Client
) -> None:
    from secretariat.tracker.services import add_progress_note

    def queries_for(viewer: Client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer.get("/search/", {"q": "Johannesburg"}).status_code == 200
        return len(captured)

    staff_client = client_for(staff)
    for n in range(3):
        item = make_item(team, f"Johannesburg logistics, part {n}.")
        add_progress_note(item=item, by=None, text=f"Johannesburg hotel block {n} confirmed.")
    few_public, few_staff = queries_for(client), queries_for(staff_client)
    for n in range(3, 30):
        item = make_item(team, f"Johannesburg logistics, part {n}.")
        add_progress_note(item=item, by=None, text=f"Johannesburg hotel block {n} confirmed.")

    assert queries_for(client) == few_public
    assert queries_for(staff_client) == few_staff
    # 60 results (30 items, 30 notes), fifty to a page.
    assert "Results 1 to 50" in client.get("/search/", {"q": "Johannesburg"}).content.decode()
    second = client.get("/search/", {"q": "Johannesburg", "page": 2}).content.decode()
    assert "Results 51 to 60" in second


def test_the_rebuild_command_recreates_the_index(team: Team, client: Client, capsys) -> None:  # type: ignore[no-untyped-def]
    make_item(team, "Distribute draft Johannesburg agenda to email list.")
    SearchDocument.objects.all().delete()
    assert "0 results" in client.get("/search/", {"q": "Johannesburg"}).content.decode()

    call_command("rebuild-search-index")

    assert "Search index rebuilt: 1 documents." in capsys.readouterr().out
    assert "1 result" in client.get("/search/", {"q": "Johannesburg"}).content.decode()
