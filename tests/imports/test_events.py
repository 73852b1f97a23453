"""ICANN meetings named in a document become one event each: the seed's three mentions of
ICANN59 Johannesburg are one event, dates to be announced, in Africa/Johannesburg; importing
again changes nothing; the upload preview lists it."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from secretariat.core.models import HistoryEntry
from secretariat.events.models import Event
from secretariat.events.services import create_event
from secretariat.imports.apply import apply_result
from secretariat.imports.detect import parse_bytes
from secretariat.imports.events import find_events, guess_time_zone
from secretariat.imports.result import EventData, ImportResult
from secretariat.imports.slides import parse
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.imports.helpers import fixture_path, fixture_text

REFERENCE = dt.date(2017, 6, 6)
SEED = "seed-coordination-deck.txt"


def _seed() -> ImportResult:
    return parse(fixture_text(SEED), file=SEED, reference=REFERENCE)


def test_the_seeds_three_mentions_are_one_event_without_dates() -> None:
    (event,) = _seed().events

    assert event == EventData(
        name="ICANN59 Johannesburg",
        place="Johannesburg",
        starts_on=None,
        ends_on=None,
        time_zone="Africa/Johannesburg",
        line=event.line,
    )
    assert event.line == 9  # the agenda item names it first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Travel plans for ICANN60 Abu Dhabi.",
            [("ICANN60 Abu Dhabi", "Abu Dhabi", None, None, "UTC")],
        ),
        (
            "Face-to-face ahead of ICANN 66 Montréal (2\N{EN DASH}7 November 2019)",
            [
                (
                    "ICANN66 Montréal",
                    "Montréal",
                    dt.date(2019, 11, 2),
                    dt.date(2019, 11, 7),
                    "America/Montreal",
                )
            ],
        ),
        (
            "ICANN61 in Puerto Rico, 2018-03-10 to 2018-03-15; then ICANN62 Panama City",
            [
                (
                    "ICANN61 Puerto Rico",
                    "Puerto Rico",
                    dt.date(2018, 3, 10),
                    dt.date(2018, 3, 15),
                    "America/Puerto_Rico",
                ),
                ("ICANN62 Panama City", "Panama City", None, None, "America/Panama"),
            ],
        ),
        (
            "Session list for ICANN59.\nICANN59 Johannesburg (26-29 June)",
            [
                (
                    "ICANN59 Johannesburg",
                    "Johannesburg",
                    dt.date(2017, 6, 26),
                    dt.date(2017, 6, 29),
                    "Africa/Johannesburg",
                )
            ],
        ),
        (
            "ICANN Org to share links; ICANN's role; ICANN60 Public Forum",
            [("ICANN60", "", None, None, "UTC")],
        ),
        ("Send written responses to RT questions (31 June)", []),
    ],
)
def test_icann_meetings_are_recognised_generally(
    text: str, expected: list[tuple[Any, ...]]
) -> None:
    found = find_events(text, reference=REFERENCE)

    assert [(e.name, e.place, e.starts_on, e.ends_on, e.time_zone) for e in found] == expected


def test_impossible_dates_next_to_a_mention_are_left_out() -> None:
    (event,) = find_events("ICANN59 Johannesburg (29-26 June 2017)", reference=REFERENCE)
    (other,) = find_events("ICANN59 Johannesburg (30-31 June 2017)", reference=REFERENCE)

    assert (event.starts_on, other.starts_on) == (None, None)


def test_the_time_zone_is_guessed_from_the_place() -> None:
    assert guess_time_zone("Johannesburg") == "Africa/Johannesburg"
    assert guess_time_zone("Kobe, Japan") == "UTC"  # no zone is named after Kobe
    assert guess_time_zone("Hamburg, Germany") == "UTC"
    assert guess_time_zone("Sandton, Johannesburg") == "Africa/Johannesburg"
    assert guess_time_zone("São Paulo") == "America/Sao_Paulo"
    assert guess_time_zone("Montréal") == "America/Montreal"
    # Not Argentina's San Juan (America/Argentina/San_Juan): ICANN61 was in Puerto Rico.
    assert guess_time_zone("San Juan") == "UTC"


def test_the_json_report_lists_the_event(db: None) -> None:
    out = StringIO()
    call_command(
        "import",
        str(fixture_path(SEED)),
        "--team",
        "ssr2",
        "--reference-date",
        "2017-06-06",
        "--dry-run",
        "--json",
        stdout=out,
        stderr=StringIO(),
    )

    assert json.loads(out.getvalue())["events"] == [
        {
            "name": "ICANN59 Johannesburg",
            "place": "Johannesburg",
            "starts_on": None,
            "ends_on": None,
            "time_zone": "Africa/Johannesburg",
        }
    ]


def test_applying_the_seed_creates_the_event_once_with_a_notice(db: None) -> None:
    report = apply_result(_seed(), team_slug="ssr2", reference=REFERENCE)

    (event,) = Event.objects.filter(team__slug="ssr2")
    assert (event.name, event.slug, event.place, event.time_zone) == (
        "ICANN59 Johannesburg",
        "icann59-johannesburg",
        "Johannesburg",
        "Africa/Johannesburg",
    )
    assert (event.starts_on, event.ends_on, event.visibility) == (None, None, "public")
    assert report.created["events"] == 1
    assert any(
        "Created the event ICANN59 Johannesburg (dates to be announced" in m
        for m in report.messages
    )
    entry = HistoryEntry.objects.get(action="events.event.created")
    assert entry.actor is None  # by the operator

    history = HistoryEntry.objects.count()
    again = apply_result(_seed(), team_slug="ssr2", reference=REFERENCE)

    assert Event.objects.count() == 1
    assert HistoryEntry.objects.count() == history
    assert (again.created["events"], again.unchanged["events"]) == (0, 1)


def test_an_event_of_a_near_identical_name_is_the_same_and_gets_the_documents_dates(
    team: Team,
) -> None:
    existing = create_event(team=team, by=None, name="ICANN 59 Johannesburg", slug="icann59")
    other = create_event(team=team, by=None, name="ICANN60 Johannesburg")
    dated = ImportResult(
        format="slides",
        events=(
            EventData(
                name="ICANN59 Johannesburg",
                place="Johannesburg",
                starts_on=dt.date(2017, 6, 26),
                ends_on=dt.date(2017, 6, 29),
                time_zone="Africa/Johannesburg",
            ),
        ),
    )

    report = apply_result(dated, team_slug=team.slug, reference=REFERENCE)

    assert Event.objects.filter(team=team).count() == 2
    existing.refresh_from_db()
    other.refresh_from_db()
    assert (existing.starts_on, existing.ends_on) == (dt.date(2017, 6, 26), dt.date(2017, 6, 29))
    assert other.starts_on is None  # ICANN60 is another meeting
    assert report.updated["events"] == 1


def test_mentions_in_a_list_post_become_events(db: None) -> None:
    post = (
        b"From: Jennifer Bryce <jennifer.bryce@icann.org>\n"
        b"Subject: [SSR2-RT] Travel to ICANN60\n"
        b"Date: Tue, 12 Sep 2017 14:02:11 +0000\n\n"
        b"Dear all, please tell us by Friday who plans to attend ICANN60 Abu Dhabi "
        b"(28 October - 3 November 2017).\n"
    )

    result = parse_bytes(post, file="post.txt", fmt="list-post", reference=REFERENCE)

    (event,) = result.events
    assert (event.name, event.starts_on, event.ends_on) == (
        "ICANN60 Abu Dhabi",
        dt.date(2017, 10, 28),
        dt.date(2017, 11, 3),
    )


@pytest.mark.usefixtures("_private_uploads")
def test_the_upload_preview_lists_the_event_and_what_importing_would_create(
    team: Team, staff: Person
) -> None:
    response = client_for(staff).post(
        "/ssr2/import/",
        {
            "file": SimpleUploadedFile(SEED, fixture_path(SEED).read_bytes(), "text/plain"),
            "format": "auto",
            "reference_date": "2017-06-06",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    holds = page.split('id="read-heading"')[1]
    assert "ICANN59 Johannesburg, Johannesburg · dates to be announced" in holds
    assert "time zone Africa/Johannesburg" in holds
    assert "Created the event ICANN59 Johannesburg" in page
    assert not Event.objects.exists()  # a preview writes nothing


@pytest.fixture
def _private_uploads(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
