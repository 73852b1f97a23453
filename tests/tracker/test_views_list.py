"""The tracker list page: what each viewer sees, the filters, paging, and constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from tests.conftest import client_for
from tests.factories import make_group, make_item

pytestmark = pytest.mark.django_db

URL = "/ssr2/actions/"


def test_anonymous_visitors_see_public_items_but_no_confidential_text(
    team: Team, client: Client
) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.")
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal CANARY-NDA-7731.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    make_item(
        team, "Team-only draft of the Johannesburg agenda CANARY-TEAM-1", visibility=Visibility.TEAM
    )

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "threat mitigation" in body
    assert "CANARY-NDA-7731" not in body
    assert "CANARY-TEAM-1" not in body
    assert "1 item matches" in body


def test_members_see_team_items_and_staff_see_restricted_ones(
    team: Team, staff: Person, member: Person
) -> None:
    make_item(team, "Team-only draft of the Johannesburg agenda", visibility=Visibility.TEAM)
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )

    member_body = client_for(member).get(URL).content.decode()
    staff_body = client_for(staff).get(URL).content.decode()

    assert "Johannesburg agenda" in member_body
    assert "non-disclosure" not in member_body
    assert "non-disclosure" in staff_body


def test_it_shows_open_items_by_default_and_all_on_request(team: Team, client: Client) -> None:
    make_item(team, "Distribute draft Johannesburg agenda to email list.")
    make_item(
        team, "Schedule remainder of briefings related to SSR1.", status=ActionItem.Status.DROPPED
    )

    default = client.get(URL).content.decode()
    everything = client.get(URL, {"status": "all"}).content.decode()

    assert "Johannesburg agenda" in default
    assert "briefings related to SSR1" not in default
    assert "briefings related to SSR1" in everything


def test_it_filters_by_owner_group_overdue_and_text(
    team: Team, client: Client, member: Person
) -> None:
    org = make_group(team, "ICANN Org")
    make_item(
        team, "Share links on threat classification.", owners=[org], due_on=dt.date(2017, 6, 22)
    )
    make_item(team, "Draft a Statement of Work for specialist technical writer.", owners=[member])

    by_group = client.get(URL, {"owner": f"group:{org.pk}"}).content.decode()
    overdue = client.get(URL, {"overdue": "on"}).content.decode()
    by_text = client.get(URL, {"q": "statement of work"}).content.decode()

    assert "threat classification" in by_group
    assert "Statement of Work" not in by_group
    assert "threat classification" in overdue
    assert "Statement of Work" not in overdue
    assert "Statement of Work" in by_text
    assert "threat classification" not in by_text


def test_mine_includes_items_of_my_groups(
    team: Team, member: Person, review_team_group: Group
) -> None:
    make_item(
        team,
        "Share thoughts on list regarding outreach and engagement.",
        owners=[review_team_group],
    )
    make_item(team, "Distribute draft Johannesburg agenda to email list.")

    body = client_for(member).get(URL, {"mine": "on"}).content.decode()

    assert "outreach and engagement" in body
    assert "Johannesburg agenda" not in body


def test_a_badly_written_filter_is_reported_not_fatal(team: Team, client: Client) -> None:
    make_item(team, "Distribute draft Johannesburg agenda to email list.")

    response = client.get(URL, {"due_before": "30/05/2017"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a date as YYYY-MM-DD" in body
    assert "Johannesburg agenda" in body


def test_htmx_requests_get_only_the_results_fragment(team: Team, client: Client) -> None:
    make_item(team, "Distribute draft Johannesburg agenda to email list.")

    response = client.get(URL, {"q": "agenda"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert "Johannesburg agenda" in body


def test_it_pages_long_lists(team: Team, client: Client, settings: object) -> None:
    settings.TRACKER_PAGE_SIZE = 2  # type: ignore[attr-defined]
    for topic in ("SSR1 implementation", "ICANN Security", "DNS SSR"):
        make_item(team, f"Present the {topic} work plan.")

    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()

    assert "Page 1 of 2" in first
    assert "DNS SSR" in first
    assert "SSR1 implementation" not in first
    assert "SSR1 implementation" in second


def _bulk_items(team: Team, count: int, owners: list[Person | Group]) -> None:
    """Many items at once for the query-count test (bypasses the services on purpose)."""
    items = ActionItem.objects.bulk_create(
        ActionItem(
            team=team,
            number=n,
            text=f"Follow up on request {n}",
            category="General",
            due_on=dt.date(2017, 6, 1) + dt.timedelta(days=n % 60),
        )
        for n in range(1, count + 1)
    )
    ActionItemOwner.objects.bulk_create(
        ActionItemOwner(
            item=item,
            position=pos,
            person=o if isinstance(o, Person) else None,
            group=o if isinstance(o, Group) else None,
        )
        for item in items
        for pos, o in enumerate(owners)
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_runs_the_same_number_of_queries_for_10_and_1000_items(
    team: Team, member: Person, review_team_group: Group, settings: object, signed_in: bool
) -> None:
    settings.TRACKER_PAGE_SIZE = 2000  # type: ignore[attr-defined]
    client = client_for(member) if signed_in else Client()
    counts = []
    for size in (10, 1000):
        ActionItemOwner.objects.all().delete()
        ActionItem.objects.all().delete()
        _bulk_items(team, size, [review_team_group, member])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"status": "all"})
        assert response.status_code == 200
        assert response.content.decode().count('<tr class="status-') == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_withheld_items_are_listed_by_number_and_reason_only(team: Team, client: Client) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.")
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal CANARY-NDA-7731.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
        owners=[],
    )

    body = client.get(URL, {"q": "threat"}).content.decode()

    assert "Withheld from you" in body
    assert 'href="/ssr2/actions/2/">#2</a>' in body
    assert "Under legal review" in body
    assert "CANARY-NDA-7731" not in body


def test_a_long_archive_lists_the_first_withheld_numbers_and_counts_the_rest(
    team: Team, client: Client
) -> None:
    for n in range(53):
        make_item(
            team,
            f"Review vendor contract {n} under NDA.",
            visibility=Visibility.TEAM,
            visibility_reason="Contract negotiations",
            owners=[],
        )

    body = client.get(URL).content.decode()

    assert 'href="/ssr2/actions/50/">#50</a>' in body
    assert 'href="/ssr2/actions/51/">#51</a>' not in body
    assert "And 3 more withheld items" in body
    assert client.get("/ssr2/actions/53/").status_code == 403  # its own page still says why


def test_staff_see_no_withheld_section(team: Team, staff: Person) -> None:
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )

    body = client_for(staff).get(URL).content.decode()

    assert "Withheld from you" not in body
    assert "non-disclosure" in body
