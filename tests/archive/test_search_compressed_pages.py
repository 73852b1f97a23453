"""Public pages travel compressed: a tracker page of 100 items stays light on the wire."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

from secretariat.teams.models import Team
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_a_tracker_page_of_100_items_is_gzipped_and_under_50_kb(
    team: Team, client: Client, settings: object
) -> None:
    settings.TRACKER_PAGE_SIZE = 100  # type: ignore[attr-defined]
    for n in range(1, 101):
        make_item(
            team,
            f"Review the SSR2 Review Team terms of reference, section {n}, and circulate "
            "comments from Denise Michel and KC Claffy to the list before the Johannesburg "
            "face-to-face meeting.",
        )

    response = client.get("/ssr2/actions/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    on_the_wire = len(response.content)
    assert on_the_wire < 50 * 1024
    page = gzip.decompress(response.content).decode()
    assert page.count('href="/ssr2/actions/') >= 100
    assert "section 100," in page


def test_a_client_that_does_not_accept_gzip_gets_plain_html(team: Team, client: Client) -> None:
    make_item(team, "Distribute draft Johannesburg agenda to email list.")

    response = client.get("/ssr2/actions/")

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "Johannesburg agenda" in response.content.decode()


def test_feeds_are_compressed_and_the_api_is_left_as_sent(team: Team, client: Client) -> None:
    for n in range(1, 21):
        make_item(team, f"Circulate the Johannesburg face-to-face agenda, part {n}, to the RT.")

    feed = client.get("/ssr2/feed.atom", HTTP_ACCEPT_ENCODING="gzip")
    api = client.get("/api/v1/teams/ssr2/actions", HTTP_ACCEPT_ENCODING="gzip")

    assert feed["Content-Encoding"] == "gzip"
    assert b"<feed" in gzip.decompress(feed.content)
    assert api.status_code == 200
    assert len(api.content) > 1000  # large enough that it would have been compressed
    assert not api.has_header("Content-Encoding")
