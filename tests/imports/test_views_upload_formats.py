"""The upload screen previews every format the same way: what would be created, updated or
merged, and what is already there, before anything is written; applying writes exactly that,
and previewing the same file again shows everything already there."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.models import HistoryEntry
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import client_for
from tests.imports.helpers import fixture_path
from tests.imports.test_tabular import workbook_bytes

pytestmark = pytest.mark.django_db

URL = "/ssr2/import/"
APPLY_URL = "/ssr2/import/apply/"
TOKEN = re.compile(r'name="token" value="([^"]+)"')
ROW = re.compile(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>')


@pytest.fixture(autouse=True)
def _private_uploads(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def xlsx() -> bytes:
    return workbook_bytes(
        [
            ["Item #", "Action Item Request", "Action Owner", "Anticipated Completion Date"],
            [41, "Staff to circulate the revised work plan.", "Staff", dt.datetime(2017, 6, 20)],
            [42, "KC to review the SSR1 recommendation 9 text.", "KC Claffy", "TBD"],
        ]
    )


# (file name, bytes, format the screen reads it as, the records the preview must create)
CASES = [
    ("seed-coordination-deck.txt", None, "slides", {"Action items": 19, "Meetings": 1}),
    ("atrt3-tracker.html", None, "tracker", {"Action items": 3}),
    ("ssr2-tracker-runtogether.txt", None, "tracker", {"Action items": 3}),
    ("ssr2-plenary-98.txt", None, "meeting-page", {"Meetings": 1}),
    ("ssr2-decisions-2020.txt", None, "decisions", {"Decisions": 3}),
    ("rdswhois2-list-plenary-12.txt", None, "list-post", {"Decisions": 1}),
    ("ssr2-review-2018-09.mbox", None, "mbox", {"Action items": 2}),
    ("ssr2-tracker-export.csv", None, "csv", {"Action items": 3}),
    ("ssr2-work-plan.xlsx", xlsx(), "xlsx", {"Action items": 2}),
]


def upload(name: str, content: bytes | None) -> dict[str, Any]:
    data = content if content is not None else fixture_path(name).read_bytes()
    return {
        "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        "format": "auto",
        "reference_date": "2019-10-01",
    }


def preview_rows(page: str) -> dict[str, tuple[int, int, int]]:
    return {kind: (int(c), int(u), int(a)) for kind, c, u, a in ROW.findall(page)}


def stored() -> dict[str, int]:
    return {
        "items": ActionItem.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "people": Person.objects.count(),
        "history": HistoryEntry.objects.count(),
    }


@pytest.mark.parametrize(
    ("name", "content", "fmt", "creates"), CASES, ids=[c[2] + ":" + c[0] for c in CASES]
)
def test_every_format_is_previewed_then_applied_then_found_already_there(
    team: Team, staff: Person, name: str, content: bytes | None, fmt: str, creates: dict[str, int]
) -> None:
    client = client_for(staff)
    before = stored()

    preview = client.post(URL, upload(name, content))

    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert f"Read as: {fmt}." in page
    rows = preview_rows(page)
    for kind, created in creates.items():
        assert rows[kind][0] >= created, (kind, rows)
    assert stored() == before  # the preview wrote nothing

    token = TOKEN.search(page)
    assert token is not None
    applied = client.post(APPLY_URL, {"token": token.group(1)})
    assert applied.status_code == 302
    after = stored()
    assert after != before

    again = preview_rows(client.post(URL, upload(name, content)).content.decode())
    assert again, "a second preview still lists what is there"
    assert all(created == 0 and updated == 0 for created, updated, _ in again.values()), again
    assert stored() == after
