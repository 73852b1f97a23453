from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from secretariat.teams.models import Team
from tests.workplan.helpers import make_milestone


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_it_writes_the_progress_report_in_each_format(team: Team, tmp_path: Path, fmt: str) -> None:
    make_milestone(team, "Work plan adopted")
    out = tmp_path / f"progress.{fmt}"
    stdout = io.StringIO()

    call_command("report", "progress", "--team", "ssr2", "--since", "2017-05-08", "--until",
                 "2017-06-06", "--format", fmt, "-o", str(out), stdout=stdout)  # fmt: skip

    assert "Wrote the progress report of ssr2" in stdout.getvalue()
    if fmt == "md":
        text = out.read_text(encoding="utf-8")
    elif fmt == "docx":
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    else:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "Progress report: SSR2 Review Team" in text
    assert "Milestones" in text


def test_it_refuses_an_unknown_team_or_a_bad_date(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    with pytest.raises(CommandError, match="no team rds"):
        call_command("report", "progress", "--team", "rds", "--format", "md", "-o", str(out))
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("report", "progress", "--team", "ssr2", "--since", "6/1", "--format", "md", "-o", str(out))  # fmt: skip
    with pytest.raises(CommandError, match="Unknown format"):
        call_command("report", "progress", "--team", "ssr2", "--format", "odt", "-o", str(out))
    assert not out.exists()
