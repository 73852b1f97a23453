"""Public pages are light: the tracker with 100 items is under 50 KB on the wire (gzip)."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from django.test import Client

from secretariat.teams.models import Person, Team
from tests.factories import make_call, make_item

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024


def test_the_public_tracker_with_100_items_is_under_50_kb_compressed(
    team: Team, staff: Person, member: Person, client: Client, settings: object
) -> None:
    settings.TRACKER_PAGE_SIZE = 100  # type: ignore[attr-defined]
    meeting = make_call(team, 111, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    for n in range(100):
        make_item(
            team,
            f"Draft SSR2 progress report section {n} for SO/ACs to share ahead of ICANN59; "
            "circulate to the review team for input and confirm next steps with the Co-Chairs.",
            owners=[staff, member],
            category="Workplan",
            topic="Progress report",
            source_meeting=meeting,
            requested_on=dt.date(2017, 6, 6),
            due_on=dt.date(2017, 6, 30),
        )

    response = client.get("/ssr2/actions/")

    assert response.status_code == 200
    assert response.content.count(b'href="/ssr2/actions/') >= 100
    assert len(gzip.compress(response.content)) < LIMIT
