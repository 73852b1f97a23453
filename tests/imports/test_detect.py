from __future__ import annotations

import datetime as dt

import pytest

from secretariat.imports.detect import MAX_BYTES, ImportFileError, detect, parse_bytes, read_limited
from tests.imports.helpers import fixture_path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("seed-coordination-deck.txt", "slides"),
        ("rdswhois2-leadership-deck.txt", "slides"),
        ("atrt3-cochairs-deck.txt", "slides"),
        ("ssr2-tracker-runtogether.txt", "tracker"),
        ("atrt3-tracker.html", "tracker"),
        ("rdswhois2-old-tracker.txt", "tracker"),
        ("ssr2-plenary-98.txt", "meeting-page"),
        ("atrt3-meeting-12.txt", "meeting-page"),
        ("rdswhois2-leadership-7.txt", "meeting-page"),
        ("ssr2-decisions-2020.txt", "decisions"),
        ("atrt3-decisions.html", "decisions"),
        ("rdswhois2-list-plenary-12.txt", "list-post"),
        ("atrt3-email-actions.txt", "list-post"),
        ("ssr2-list-agenda-2019.txt", "list-post"),
        ("ssr2-review-2018-09.mbox", "mbox"),
        ("ssr2-tracker-export.csv", "csv"),
        ("atrt3-actions-semicolon.csv", "csv"),
    ],
)
def test_it_tells_each_format_from_its_content(name: str, fmt: str) -> None:
    data = fixture_path(name).read_bytes()
    # The content decides, not the file's extension.
    assert detect(data, file="upload") == fmt


def test_an_empty_file_is_refused_by_name() -> None:
    with pytest.raises(ImportFileError, match=r"tracker\.txt is empty"):
        parse_bytes(b"  \n\n", file="tracker.txt")


def test_a_binary_file_is_refused_by_name() -> None:
    with pytest.raises(ImportFileError, match=r"photo\.jpg is a binary file"):
        parse_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", file="photo.jpg")


def test_an_unknown_text_is_refused_with_the_formats_it_could_be() -> None:
    with pytest.raises(ImportFileError, match=r"notes\.txt: could not tell the format.*--format"):
        parse_bytes(b"Shopping list\nmilk\neggs\n", file="notes.txt")


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: pytest.TempPathFactory,
) -> None:
    big = tmp_path / "archive.mbox"  # type: ignore[operator]
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ImportFileError, match=r"archive\.mbox is 20\.0 MB; expected at most 20 MB"):
        read_limited(str(big))


def test_a_named_format_overrides_detection_and_windows_text_is_read() -> None:
    data = "Item #,Action,Owner\n1,Circulate the Kecić draft,Žarko\n".encode(
        "cp1252", errors="replace"
    )
    result = parse_bytes(data, file="x.csv", fmt="csv", reference=dt.date(2020, 1, 1))
    assert result.format == "csv"
    assert len(result.action_items) == 1
