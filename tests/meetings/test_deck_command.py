"""`secretariat deck`: writes the deck of a meeting; clear errors for bad arguments."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Team
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(team: Team) -> Meeting:
    make_call(team, 11, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP,
              starts_at=dt.datetime(2017, 5, 30, 14, 0, tzinfo=dt.UTC))  # fmt: skip
    latest = make_call(team, 12, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP,
                       starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))  # fmt: skip
    make_agenda(latest, ["Update on requested tools", "AOB"])
    make_item(team, "Review non-disclosure form with ICANN Legal.", visibility=Visibility.RESTRICTED,
              visibility_reason="Legal")  # fmt: skip
    return latest


def test_it_writes_the_latest_meetings_deck_as_the_operator(calls: Meeting, tmp_path: Path) -> None:
    out = tmp_path / "deck.md"
    stdout = StringIO()

    call_command("deck", "--team", "ssr2", "--format", "md", "-o", str(out), stdout=stdout)

    text = out.read_text(encoding="utf-8")
    assert "Update on requested tools" in text
    assert "Review non-disclosure form" in text  # the operator sees restricted items
    assert "#12" in stdout.getvalue()


def test_it_writes_a_pptx_for_a_numbered_meeting(calls: Meeting, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    call_command(
        "deck",
        "--team",
        "ssr2",
        "--meeting",
        "11",
        "--format",
        "pptx",
        "-o",
        str(out),
        stdout=StringIO(),
    )
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nope", "--format", "md"], "There is no team nope."),
        (["--team", "ssr2", "--meeting", "99", "--format", "md"], "ssr2 has no meeting #99."),
        (
            ["--team", "ssr2", "--meeting", "next", "--format", "md"],
            "--meeting takes a number or 'latest'",
        ),
        (["--team", "ssr2", "--format", "docx"], "Unknown format docx"),
    ],
)
def test_bad_arguments_get_a_clear_error(
    calls: Meeting, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "deck.out"
    with pytest.raises(CommandError, match=message):
        call_command("deck", *args, "-o", str(out))
    assert not out.exists()
