"""The static copy of the archive: what the public sees, nothing more, the same every time."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from secretariat.archive.export import MANIFEST
from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import (
    add_progress_note,
    complete_action_item,
    update_action_item,
)
from tests.factories import make_item, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(team: Team, staff: Person) -> None:
    open_item = make_item(team, "Share links to relevant articles regarding threat mitigation.")
    done = make_item(team, "Distribute draft Johannesburg agenda to email list.")
    complete_action_item(item=done, by=None, expected_version=1, response="Sent on 30 May.")
    add_progress_note(item=open_item, by=staff.user, text="Followed up 6/2.")
    add_progress_note(
        item=open_item, by=staff.user, text="Phone CANARY-NOTE-55", visibility=Visibility.RESTRICTED
    )
    make_item(
        team,
        "Review non-disclosure form CANARY-NDA-7731.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def test_it_writes_every_public_page_and_no_confidential_word(record: None, tmp_path: Path) -> None:
    call_command("export-archive", str(tmp_path / "site"))

    files = _tree(tmp_path / "site")
    assert "index.html" in files
    assert "ssr2/actions/index.html" in files
    assert "ssr2/actions/1/index.html" in files
    assert "ssr2/actions/2/index.html" in files  # done items are in the copy too
    assert "ssr2/feed.atom" in files
    assert "static/secretariat/site.css" in files
    assert "ssr2/actions/3/index.html" not in files  # withheld: the live site answers 403
    everything = b"".join(files.values())
    assert b"CANARY-NDA-7731" not in everything
    assert b"CANARY-NOTE-55" not in everything
    assert b"Under legal review" in files["ssr2/actions/index.html"]


def test_pages_have_no_forms_tokens_or_sign_in_links(record: None, tmp_path: Path) -> None:
    call_command("export-archive", str(tmp_path / "site"))

    for name, content in _tree(tmp_path / "site").items():
        if not name.endswith(".html"):
            continue
        page = content.decode()
        assert "<form" not in page, name
        assert "csrfmiddlewaretoken" not in page, name
        assert "/accounts/login/" not in page, name


def test_every_internal_link_resolves_inside_the_copy(record: None, tmp_path: Path) -> None:
    root = tmp_path / "site"
    call_command("export-archive", str(root))

    for name, content in _tree(root).items():
        if not name.endswith(".html"):
            continue
        for link in re.findall(r'(?:href|src)="(/[^"#?]*)', content.decode()):
            target = root / link.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), f"{name} links to {link}"


def test_two_exports_are_identical(record: None, tmp_path: Path) -> None:
    call_command("export-archive", str(tmp_path / "one"))
    call_command("export-archive", str(tmp_path / "two"))

    def digest(root: Path) -> str:
        h = hashlib.sha256()
        for name, content in _tree(root).items():
            h.update(name.encode() + b"\0" + content)
        return h.hexdigest()

    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_it_refuses_a_directory_that_is_not_empty(record: None, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.txt").write_text("mine")

    with pytest.raises(CommandError):
        call_command("export-archive", str(tmp_path / "site"))
    assert (tmp_path / "site" / "keep.txt").read_text() == "mine"


def test_it_writes_the_public_records_as_json(record: None, tmp_path: Path) -> None:
    call_command("export-archive", str(tmp_path / "site"))

    raw = (tmp_path / "site" / "ssr2" / "archive.json").read_bytes()
    document = json.loads(raw)
    assert [i["number"] for i in document["action_items"]] == [1, 2]
    assert document["action_items"][0]["notes"][0]["text"] == "Followed up 6/2."
    assert {"requests", "questions", "events", "milestones", "meetings", "decisions"} <= set(
        document
    )
    assert b"CANARY" not in raw


def test_running_again_rewrites_only_what_changed(team: Team, record: None, tmp_path: Path) -> None:
    root = tmp_path / "site"
    call_command("export-archive", str(root))
    before = {name: (root / name).stat().st_mtime_ns for name in _tree(root)}
    for name in before:  # an old time, so a rewrite shows
        os.utime(root / name, ns=(1_000_000_000, 1_000_000_000))
    item = ActionItem.objects.get(team=team, number=1)
    add_progress_note(item=item, by=None, text="Russ Housley sent three articles.")
    gone = make_item(team, "Confirm the Johannesburg room.")
    call_command("export-archive", str(root))
    update_action_item(
        item=gone,
        by=None,
        expected_version=1,
        changes={"visibility": Visibility.RESTRICTED, "visibility_reason": "Under legal review"},
    )
    out = io.StringIO()

    call_command("export-archive", str(root), stdout=out)

    rewritten = {name for name in _tree(root) if (root / name).stat().st_mtime_ns != 1_000_000_000}
    assert "ssr2/actions/1/index.html" in rewritten
    assert b"Russ Housley sent three articles." in (root / "ssr2/actions/1/index.html").read_bytes()
    assert "ssr2/actions/2/index.html" not in rewritten
    assert "static/secretariat/site.css" not in rewritten
    # The item closed since the last run is gone from the copy.
    assert not (root / "ssr2/actions/4").exists()
    assert "removed" in out.getvalue()


def test_one_team_only(team: Team, record: None, tmp_path: Path) -> None:
    atrt3 = make_team("atrt3", "ATRT3 Review Team")
    make_item(atrt3, "Staff to circulate the collaborative tools survey.")

    call_command("export-archive", str(tmp_path / "site"), "--team", "atrt3")

    files = _tree(tmp_path / "site")
    assert "atrt3/actions/1/index.html" in files
    assert "atrt3/archive.json" in files
    assert not any(name.startswith("ssr2/") for name in files)


def test_an_unknown_team_is_refused_by_name(record: None, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="atrt9"):
        call_command("export-archive", str(tmp_path / "site"), "--team", "atrt9")
