"""The team's Atom feed: valid Atom, public changes only, stable entry ids."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import add_progress_note, update_action_item
from tests.factories import make_item

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client: Client) -> list[ET.Element]:
    response = client.get("/ssr2/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_it_lists_public_changes_newest_first_with_stable_ids(
    team: Team, staff: Person, client: Client
) -> None:
    item = make_item(team, "Draft SSR2 progress report for SO/ACs to share ahead of ICANN59.")
    add_progress_note(item=item, by=staff.user, text="Confirm OK and next steps from Co-Chairs.")

    first = _entries(client)
    again = _entries(client)

    assert len(first) == 2
    assert "added a progress note" in first[0].findtext(f"{ATOM}title", "")
    assert [e.findtext(f"{ATOM}id") for e in first] == [e.findtext(f"{ATOM}id") for e in again]
    assert first[0].find(f"{ATOM}link").get("href").endswith("/ssr2/actions/1/")  # type: ignore[union-attr]


def test_restricted_items_and_changes_made_while_restricted_stay_out(
    team: Team, staff: Person, client: Client
) -> None:
    make_item(
        team,
        "Review non-disclosure form CANARY-NDA-7731.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    opened = make_item(
        team,
        "Draft statement CANARY-DRAFT-9 for counsel.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Drafting",
    )
    update_action_item(
        item=opened,
        by=staff.user,
        expected_version=1,
        changes={"visibility": Visibility.PUBLIC, "text": "Draft a Statement of Work."},
    )

    body = client.get("/ssr2/feed.atom").content.decode()

    assert "CANARY-NDA-7731" not in body
    assert "CANARY-DRAFT-9" not in body


def test_titles_are_escaped(team: Team, client: Client) -> None:
    make_item(team, "Discuss <script>alert('x')</script> & other tags.")

    body = client.get("/ssr2/feed.atom").content.decode()

    assert "<script>" not in body
    ET.fromstring(body)  # noqa: S314 - still well-formed XML


def test_it_carries_public_meetings_and_decisions_only(team: Team, client: Client) -> None:
    import datetime as dt

    from secretariat.meetings.services import record_decision
    from tests.factories import make_call

    call = make_call(team, 111, "SSR2 Plenary Call")
    make_call(team, 112, "Legal briefing CANARY-FEED-1", visibility=Visibility.RESTRICTED)
    record_decision(team=team, by=None, text="Adopt the terms of reference.", meeting=call)
    record_decision(
        team=team,
        by=None,
        text="CANARY-FEED-2",
        source="email",
        decided_on=dt.date(2017, 6, 8),
        visibility=Visibility.RESTRICTED,
    )

    entries = _entries(client)
    body = client.get("/ssr2/feed.atom").content.decode()

    titles = [e.findtext(f"{ATOM}title", "") for e in entries]
    assert any(t.startswith("D1 — ") and "recorded the decision" in t for t in titles)
    assert any(t.startswith("Meeting #111 — ") and "scheduled the meeting" in t for t in titles)
    assert "CANARY-FEED" not in body
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(link.endswith("/ssr2/meetings/111/") for link in links)


def test_the_feed_is_kept_between_fetches_until_the_record_changes(
    team: Team, staff: Person, client: Client, django_assert_num_queries: object
) -> None:
    item = make_item(team, "Draft SSR2 progress report for SO/ACs to share ahead of ICANN59.")
    first = client.get("/ssr2/feed.atom")

    with django_assert_num_queries(2):  # type: ignore[operator]  # the team, its latest change
        again = client.get("/ssr2/feed.atom")
    add_progress_note(item=item, by=staff.user, text="Confirm OK and next steps from Co-Chairs.")
    changed = client.get("/ssr2/feed.atom")

    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert b"added a progress note" not in first.content
    assert b"added a progress note" in changed.content


def test_a_record_made_restricted_leaves_the_kept_feed_at_once(
    team: Team, staff: Person, client: Client
) -> None:
    item = make_item(team, "Review the vendor shortlist CANARY-VENDOR-5150.")
    assert b"CANARY-VENDOR-5150" in client.get("/ssr2/feed.atom").content

    update_action_item(
        item=item,
        by=staff.user,
        expected_version=item.version,
        changes={"visibility": Visibility.RESTRICTED, "visibility_reason": "Under NDA"},
    )

    assert b"CANARY-VENDOR-5150" not in client.get("/ssr2/feed.atom").content
