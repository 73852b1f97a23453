"""meetings.services.add_material: a link or a file, stored under MEDIA_ROOT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat.core.models import Visibility
from secretariat.meetings.models import Material, Meeting
from secretariat.meetings.services import add_material
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.factories import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(team: Team) -> Meeting:
    return make_call(team, 111)


def test_a_link_is_added(meeting: Meeting, staff: Person) -> None:
    material = add_material(
        meeting=meeting, by=user_of(staff), kind=Material.Kind.RECORDING, title="Recording (MP3)",
        url="https://icann.box.com/s/ssr2-plenary-111",
    )  # fmt: skip
    assert material.url.endswith("ssr2-plenary-111")


def test_a_file_is_stored_under_the_media_root(
    meeting: Meeting, staff: Person, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    material = add_material(
        meeting=meeting, by=user_of(staff), kind=Material.Kind.CHAT, title="Chat transcript",
        file=ContentFile(b"Jennifer Bryce: welcome all", name="chat.txt"), visibility=Visibility.TEAM,
    )  # fmt: skip

    stored = Path(material.file.path)
    assert stored.is_relative_to(tmp_path)
    assert stored.read_bytes() == b"Jennifer Bryce: welcome all"


def test_a_link_and_a_file_together_are_refused(meeting: Meeting, staff: Person) -> None:
    with pytest.raises(ValidationError) as error:
        add_material(
            meeting=meeting, by=user_of(staff), kind=Material.Kind.SLIDES, url="https://example.org/d.pdf",
            file=ContentFile(b"%PDF", name="d.pdf"),
        )  # fmt: skip
    assert "url" in error.value.message_dict
    assert not Material.objects.exists()


def test_an_uploaded_page_is_served_as_a_download_never_as_a_page(
    team: Team, staff: Person
) -> None:
    meeting = make_call(team, 111)
    page = SimpleUploadedFile(
        "notes.html", b"<script>alert(document.cookie)</script>", content_type="text/html"
    )
    material = add_material(meeting=meeting, by=None, kind="other", title="Notes", file=page)

    response = client_for(staff).get(f"/ssr2/meetings/111/materials/{material.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_over_the_limit_is_refused(team: Team, settings: Any) -> None:
    settings.MATERIAL_MAX_BYTES = 1_000
    meeting = make_call(team, 112)
    big = SimpleUploadedFile("recording.mp3", b"\0" * 2_000, content_type="audio/mpeg")

    with pytest.raises(ValidationError) as error:
        add_material(meeting=meeting, by=None, kind="recording", file=big)

    assert "recording.mp3" in error.value.message_dict["file"][0]
    assert not meeting.materials.exists()
