"""The static copy of the archive: what the public sees, nothing more, the same every time."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import add_progress_note, complete_action_item
from tests.factories import make_item

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
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
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
