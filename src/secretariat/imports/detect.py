"""From a file to an ImportResult: size limit, text or binary, the format, the parser.

Everything that can be wrong with the file as a whole (too big, empty, binary, a format nobody
reads) raises ImportFileError with a message naming the file and what was expected; what is
wrong inside it comes back as notices on the result.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import replace

from django.utils.translation import gettext as _

from secretariat.imports import (
    decisions,
    list_post,
    mbox,
    meeting_page,
    slides,
    tabular,
    tracker,
)
from secretariat.imports.asks import with_item_requests
from secretariat.imports.columns import looks_like_header
from secretariat.imports.events import find_events
from secretariat.imports.result import ImportResult, Notice
from secretariat.imports.text import preamble_kind

FORMATS = (
    "slides",
    "tracker",
    "meeting-page",
    "decisions",
    "list-post",
    "mbox",
    "csv",
    "xlsx",
)
MAX_BYTES = 20 * 1024 * 1024

TextParser = Callable[..., ImportResult]
TEXT_PARSERS: dict[str, TextParser] = {
    "slides": slides.parse,
    "tracker": tracker.parse,
    "meeting-page": meeting_page.parse,
    "decisions": decisions.parse,
    "list-post": list_post.parse,
    "mbox": mbox.parse,
    "csv": tabular.parse_csv,
}
_KINDS = {
    "meeting-page": "meeting-page",
    "tracker-table": "tracker",
    "tracker": "tracker",
    "decisions-table": "decisions",
    "decisions": "decisions",
    "list-post": "list-post",
    "mbox": "mbox",
    "slides": "slides",
    "deck": "slides",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says which file and why."""


def read_limited(path: str) -> bytes:
    """The file's bytes, refusing before reading anything bigger than MAX_BYTES."""
    name = os.path.basename(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise ImportFileError(
                _("%(file)s is %(size).1f MB; expected at most %(limit)s MB")
                % {"file": name, "size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(
            _("%(file)s cannot be read: %(error)s") % {"file": name, "error": exc.strerror or exc}
        ) from None
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("%(file)s is bigger than %(limit)s MB")
            % {"file": name, "limit": MAX_BYTES // 1024 // 1024}
        )
    return data


def decode(data: bytes, *, file: str) -> tuple[str, list[Notice]]:
    """The text of a text file; binary and empty files are refused."""
    if not data.strip():
        raise ImportFileError(
            _("%(file)s is empty; expected a document to import") % {"file": file}
        )
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            _("%(file)s is a binary file; expected text (or an .xlsx workbook)") % {"file": file}
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return data.decode("cp1252", errors="replace"), [
            Notice(
                file,
                _("not UTF-8; read as Windows-1252, check accented names"),
                line=line,
            )
        ]


_TRACKER_ROW = re.compile(r"^\d{1,5}[A-Za-z][A-Za-z &/-]*?\s*\d{1,7}\s*[A-Za-z]{3,9}\.?\s+\d{4}")
_DECISION_ROW = re.compile(r"^(?:[A-Za-z][A-Za-z &/-]*?)?\s*\d{1,7}\s*[A-Za-z]{3,9}\.?\s+\d{4}")
_SLIDES_HINT = re.compile(r"^\s*action\s*\t\s*owner|^\s*-?\s*status:|proposed agenda", re.I | re.M)


def detect_text(text: str) -> str | None:
    lines = text.splitlines()
    kind, skip = preamble_kind(lines)
    if kind in _KINDS:
        return _KINDS[kind]
    body = lines[skip:]
    head = [line for line in body if line.strip()][:40]
    if head and head[0].startswith("From ") and re.search(r"^(From|Subject|Date):", text, re.M):
        return "mbox"
    if re.search(r"<table\b", text, re.I):
        return (
            "decisions"
            if re.search(r"<th[^>]*>\s*decision", text, re.I)
            and not re.search(r"<th[^>]*>\s*action", text, re.I)
            else "tracker"
        )
    if any(meeting_page.TITLE.match(line.strip()) for line in head[:6]) and re.search(
        r"^(review team members|members|observers|apologies|action items|attendees)\s*:",
        text,
        re.I | re.M,
    ):
        return "meeting-page"
    if re.search(r"^\s*action\s*(\t|\s{2,})\s*owner", text, re.I | re.M):
        return "slides"
    if re.search(r"\b(ACTION ITEM|DECISION REACHED)\s*:", text) or (
        (head and re.match(r"^\[[^\]]+\]", head[0])) or re.search(r"^subject:", text, re.I | re.M)
    ):
        return "list-post"
    first = head[0] if head else ""
    for sep in (",", ";"):
        if sep in first and looks_like_header(first.split(sep)):
            return "csv"
    if re.search(r"^item\s*#|action item request", text, re.I | re.M):
        return "tracker"
    if any("\t" in line and looks_like_header(line.split("\t")) for line in head[:5]):
        return "tracker"
    tracker_rows = sum(1 for line in body if _TRACKER_ROW.match(line.strip()))
    decision_rows = sum(1 for line in body if _DECISION_ROW.match(line.strip()))
    if tracker_rows >= 2:
        return "tracker"
    if decision_rows >= 2:
        return "decisions"
    if _SLIDES_HINT.search(text):
        return "slides"
    if re.search(r"^\s*(decisions reached|action items)\s*:", text, re.I | re.M):
        return "list-post"
    return None


def detect(data: bytes, *, file: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if file.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    text, _notices = decode(data, file=file)
    if file.lower().endswith(".csv"):
        return "csv"
    if file.lower().endswith((".mbox", ".mbx")):
        return "mbox"
    found = detect_text(text)
    if found is None:
        raise ImportFileError(
            _(
                "%(file)s: could not tell the format; expected a coordination deck, a tracker, "
                "a meeting page, a decisions table, a list post, an mbox archive, CSV or XLSX. "
                "Name it with --format (%(formats)s)."
            )
            % {"file": file, "formats": ", ".join(FORMATS)}
        )
    return found


# Prose formats whose ICANN meeting mentions become events (slides find their own; tables
# and decision lists name meetings only in passing).
EVENT_FORMATS = ("list-post", "mbox", "meeting-page")


def parse_bytes(
    data: bytes, *, file: str, fmt: str = "auto", reference: dt.date | None = None
) -> ImportResult:
    """Parse `data` as `fmt` (or the detected format). `reference` dates dates without a year
    when the document has no date of its own (default: today)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("%(file)s is bigger than %(limit)s MB")
            % {"file": file, "limit": MAX_BYTES // 1024 // 1024}
        )
    if fmt not in ("auto", *FORMATS):
        raise ImportFileError(
            _("%(format)s is not a format; expected one of auto, %(formats)s")
            % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    day = reference or dt.date.today()  # noqa: DTZ011 (a calendar day, not a time)
    if not data.strip():
        raise ImportFileError(
            _("%(file)s is empty; expected a document to import") % {"file": file}
        )
    chosen = detect(data, file=file) if fmt == "auto" else fmt
    if chosen == "xlsx":
        return with_item_requests(tabular.parse_xlsx(data, file=file, reference=day))
    if data[:4] == b"PK\x03\x04":
        raise ImportFileError(
            _("%(file)s is a zip file (a workbook?); expected text for --format %(format)s")
            % {"file": file, "format": chosen}
        )
    text, notices = decode(data, file=file)
    result = TEXT_PARSERS[chosen](text, file=file, reference=day)
    if chosen in EVENT_FORMATS and not result.events:
        result = replace(result, events=find_events(text, reference=day))
    result = with_item_requests(result)
    return result.with_notices(*notices) if notices else result
