"""The upload screen (/<team>/import/): preview what an import would do, then apply it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from secretariat.core.models import HistoryEntry
from secretariat.imports import views
from secretariat.teams.models import Person, Role, Team
from secretariat.teams.services import add_member
from secretariat.tracker.models import ActionItem, ProgressNote
from tests.conftest import client_for
from tests.imports.helpers import fixture_path

pytestmark = pytest.mark.django_db

URL = "/ssr2/import/"
APPLY_URL = "/ssr2/import/apply/"
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _private_uploads(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def upload(name: str, content: bytes | None = None, **fields: str) -> dict[str, Any]:
    data = content if content is not None else fixture_path(name).read_bytes()
    return {
        "file": SimpleUploadedFile(name, data, content_type="text/plain"),
        "format": "auto",
        "reference_date": "2019-10-01",
        **fields,
    }


def token_of(response: Any) -> str:
    match = TOKEN.search(response.content.decode())
    assert match is not None
    return match.group(1)


def stored_files() -> list[Path]:
    folder = views.upload_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


def counts() -> dict[str, int]:
    return {
        "items": ActionItem.objects.count(),
        "notes": ProgressNote.objects.count(),
        "people": Person.objects.count(),
        "history": HistoryEntry.objects.count(),
    }


def test_staff_see_the_upload_form(team: Team, staff: Person) -> None:
    response = client_for(staff).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="reference_date"' in page


def test_anonymous_visitors_are_sent_to_sign_in(team: Team) -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/ssr2/import/")


def test_a_member_is_refused_and_nothing_is_stored(team: Team, member: Person) -> None:
    response = client_for(member).post(URL, upload("ssr2-tracker-export.csv"))

    assert response.status_code == 403
    assert stored_files() == []
    assert ActionItem.objects.count() == 0


def test_a_member_cannot_apply_a_staff_upload(team: Team, staff: Person, member: Person) -> None:
    token = token_of(client_for(staff).post(URL, upload("ssr2-tracker-export.csv")))

    response = client_for(member).post(APPLY_URL, {"token": token})

    assert response.status_code == 403
    assert ActionItem.objects.count() == 0


def test_the_preview_counts_what_would_be_created_and_writes_nothing(
    team: Team, staff: Person
) -> None:
    before = counts()

    response = client_for(staff).post(URL, upload("ssr2-tracker-export.csv"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Importing ssr2-tracker-export.csv" in page
    assert "Read as: csv." in page
    # Three rows of the export become three action items, and their notes.
    assert re.search(r"<th scope=\"row\">Action items</th><td>3</td><td>0</td><td>0</td>", page)
    assert "Penholders to revise the SSR1 recommendation 9 text." in page
    assert "Boban Krsic → new person" in page
    assert counts() == before
    [stored] = stored_files()
    assert re.fullmatch(r"[0-9a-f]{32}\.upload", stored.name)
    assert stored.read_bytes() == fixture_path("ssr2-tracker-export.csv").read_bytes()


def test_apply_writes_what_the_preview_showed_and_forgets_the_file(
    team: Team, staff: Person
) -> None:
    client = client_for(staff)
    token = token_of(client.post(URL, upload("ssr2-tracker-export.csv")))

    response = client.post(APPLY_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert sorted(ActionItem.objects.values_list("number", flat=True)) == [365, 370, 371]
    assert ActionItem.objects.get(number=370).notes.count() == 2
    assert "Imported ssr2-tracker-export.csv: created 3 action items" in response.content.decode()
    assert stored_files() == []


def test_a_second_preview_of_the_same_file_shows_everything_already_there(
    team: Team, staff: Person
) -> None:
    client = client_for(staff)
    client.post(APPLY_URL, {"token": token_of(client.post(URL, upload("ssr2-tracker-export.csv")))})
    before = counts()

    response = client.post(URL, upload("ssr2-tracker-export.csv"))

    page = response.content.decode()
    assert re.search(r"<th scope=\"row\">Action items</th><td>0</td><td>0</td><td>3</td>", page)
    assert counts() == before


def test_a_chair_may_import(team: Team, chair: Person) -> None:
    client = client_for(chair)
    token = token_of(client.post(URL, upload("ssr2-tracker-export.csv")))

    assert client.post(APPLY_URL, {"token": token}).status_code == 302
    assert ActionItem.objects.count() == 3


def test_a_broken_file_names_row_and_column_and_apply_changes_nothing(
    team: Team, staff: Person
) -> None:
    client = client_for(staff)
    preview = client.post(URL, upload("broken-row.csv", reference_date="2017-12-01"))
    assert "broken-row.csv, row 4, column D: expected a due date" in preview.content.decode()
    before = counts()

    response = client.post(APPLY_URL, {"token": token_of(preview)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was written" in page
    assert "row 4, column D" in page
    assert counts() == before
    assert len(stored_files()) == 1  # kept, so ticking "skip bad rows" needs no new upload


def test_skip_bad_rows_writes_the_good_rows_only(team: Team, staff: Person) -> None:
    client = client_for(staff)
    token = token_of(client.post(URL, upload("broken-row.csv", reference_date="2017-12-01")))

    response = client.post(APPLY_URL, {"token": token, "skip_bad": "on"})

    assert response.status_code == 302
    assert list(ActionItem.objects.values_list("number", "text")) == [
        (1, "Circulate the draft report outline.")
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "photo.txt is a binary file"),
        ("notes.txt", b"Lunch at noon.\nBring slides.\n", "notes.txt: could not tell the format"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_form(
    team: Team, staff: Person, name: str, content: bytes, message: str
) -> None:
    response = client_for(staff).post(URL, upload(name, content))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored_files() == []
    assert ActionItem.objects.count() == 0


def test_a_file_over_the_limit_is_refused_unread(
    team: Team, staff: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "MAX_BYTES", 100)
    monkeypatch.setattr(views, "_FRAMING", 0)

    response = client_for(staff).post(URL, upload("ssr2-tracker-export.csv"))

    assert response.status_code == 413
    assert "expected at most" in response.content.decode()
    assert stored_files() == []


def test_the_given_file_name_never_becomes_a_path(team: Team, staff: Person) -> None:
    content = fixture_path("ssr2-tracker-export.csv").read_bytes()
    response = client_for(staff).post(URL, upload("../../escape.csv", content))

    assert response.status_code == 200
    assert "Importing escape.csv" in response.content.decode()
    [stored] = stored_files()
    assert re.fullmatch(r"[0-9a-f]{32}\.upload", stored.name)
    assert not (views.upload_dir().parent.parent / "escape.csv").exists()


def test_a_forged_token_is_refused_and_changes_nothing(team: Team, staff: Person) -> None:
    client = client_for(staff)
    token = token_of(client.post(URL, upload("ssr2-tracker-export.csv")))

    response = client.post(APPLY_URL, {"token": token[:-2] + "xx"})

    assert response.status_code == 400
    assert "upload the file again" in response.content.decode()
    assert ActionItem.objects.count() == 0


def test_another_staff_member_cannot_apply_someone_elses_upload(
    team: Team, staff: Person, chair: Person
) -> None:
    token = token_of(client_for(staff).post(URL, upload("ssr2-tracker-export.csv")))

    response = client_for(chair).post(APPLY_URL, {"token": token})

    assert response.status_code == 400
    assert ActionItem.objects.count() == 0


def test_an_expired_upload_is_refused_and_changes_nothing(
    team: Team, staff: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(staff)
    token = token_of(client.post(URL, upload("ssr2-tracker-export.csv")))
    monkeypatch.setattr(views, "UPLOAD_MAX_AGE", -1)

    response = client.post(APPLY_URL, {"token": token})

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert ActionItem.objects.count() == 0


def test_a_token_for_another_team_is_refused(team: Team, staff: Person) -> None:
    other = Team.objects.create(slug="atrt3", name="ATRT3")
    token = token_of(client_for(staff).post(URL, upload("ssr2-tracker-export.csv")))
    add_member(team=other, person=staff, role=Role.STAFF)

    response = client_for(staff).post("/atrt3/import/apply/", {"token": token})

    assert response.status_code == 400
    assert ActionItem.objects.count() == 0
