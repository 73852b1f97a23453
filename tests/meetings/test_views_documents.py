"""The documents reachable from the meeting page, and uploaded files served with their visibility."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.meetings.models import Material, Meeting
from secretariat.meetings.services import add_material, record_decision
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(team: Team, staff: Person) -> Meeting:
    meeting = make_call(
        team, 111, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC)
    )
    make_agenda(meeting, [("Welcome, roll call, SOI updates", ["Approval of last minutes"]), "AOB"])
    record_decision(team=team, by=None, text="Adopt the work plan as circulated.", meeting=meeting)
    make_item(
        team, "Draft SSR2 progress report for SO/ACs.", owners=[staff], source_meeting=meeting
    )
    return meeting


def test_the_agenda_comes_as_markdown_and_html(call: Meeting, client: Client) -> None:
    markdown = client.get("/ssr2/meetings/111/agenda-document/?format=md")
    html = client.get("/ssr2/meetings/111/agenda-document/?format=html")

    assert markdown.status_code == 200
    assert "Approval of last minutes" in markdown.content.decode()
    assert html["Content-Type"].startswith("text/html")
    assert "Approval of last minutes" in html.content.decode()


def test_the_deck_downloads_as_pptx_and_markdown(call: Meeting, client: Client) -> None:
    pptx = client.get("/ssr2/meetings/111/deck/?format=pptx")
    markdown = client.get("/ssr2/meetings/111/deck/?format=md")

    assert pptx.status_code == 200
    assert pptx.content[:2] == b"PK"
    assert 'filename="ssr2-111-deck.pptx"' in pptx["Content-Disposition"]
    assert "Draft SSR2 progress report" in markdown.content.decode()
    assert client.get("/ssr2/meetings/111/deck/?format=key").status_code == 404


def test_the_mail_page_shows_subject_and_body_to_copy(call: Meeting, client: Client) -> None:
    body = client.get("/ssr2/meetings/111/mail/").content.decode()
    assert "Adopt the work plan as circulated." in body
    assert "Draft SSR2 progress report" in body


def test_a_team_only_file_is_served_to_members_but_not_the_public(
    call: Meeting, member: Person, client: Client, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    material = add_material(meeting=call, by=None, kind=Material.Kind.CHAT, visibility=Visibility.TEAM,
                            file=ContentFile(b"Boban Krsic: +1", name="chat.txt"))  # fmt: skip
    url = f"/ssr2/meetings/111/materials/{material.pk}/"

    assert client.get(url).status_code == 404
    response = client_for(member).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Boban Krsic: +1"  # type: ignore[attr-defined]
