"""A tracker as a table with a header row: CSV (comma, semicolon or tab) or XLSX.

Columns are matched by name (see columns.py); unknown columns are reported, bad cells are
reported by row and column letter. An XLSX file is opened only after its zip directory says it
is a workbook of reasonable size (no zip bomb), and openpyxl reads its XML through defusedxml.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from secretariat.imports.columns import read_table
from secretariat.imports.result import ImportResult, Notice

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes an XLSX may expand to
MAX_RATIO = 200  # uncompressed / compressed, per member


def _table(
    fmt: str, file: str, rows: Iterable[tuple[int, Sequence[str]]], reference: dt.date
) -> ImportResult:
    numbered = [(n, list(cells)) for n, cells in rows]
    for position, (_number, cells) in enumerate(numbered):
        if any(c.strip() for c in cells):
            header = [c.strip() for c in cells]
            items, notices = read_table(
                header, numbered[position + 1 :], file=file, reference=reference
            )
            return ImportResult(
                format=fmt, file=file, action_items=tuple(items), notices=tuple(notices)
            )
    return ImportResult(
        format=fmt,
        file=file,
        notices=(
            Notice(
                file, _("expected a header row and rows; the table is empty"), row=1, blocking=True
            ),
        ),
    )


def parse_csv(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        return ImportResult(
            format="csv",
            file=file,
            notices=(
                Notice(
                    file,
                    _("expected comma-separated values: %(error)s") % {"error": exc},
                    line=reader.line_num,
                    blocking=True,
                ),
            ),
        )
    return _table("csv", file, rows, reference)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_zip(data: bytes, *, file: str) -> Notice | None:
    """A notice if `data` is not a sane XLSX zip (not a zip, no workbook, would expand too far)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return Notice(
            file, _("expected an XLSX workbook; this is not a zip file"), line=1, blocking=True
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        return Notice(
            file,
            _("expected an XLSX workbook; the zip file holds no xl/workbook.xml"),
            line=1,
            blocking=True,
        )
    total = sum(m.file_size for m in members)
    ratios = [m.file_size / max(m.compress_size, 1) for m in members if m.file_size > 1024 * 1024]
    if total > MAX_UNCOMPRESSED or any(r > MAX_RATIO for r in ratios):
        return Notice(
            file,
            _("the workbook would expand to %(size)s MB; expected at most %(limit)s MB")
            % {"size": total // (1024 * 1024), "limit": MAX_UNCOMPRESSED // (1024 * 1024)},
            line=1,
            blocking=True,
        )
    return None


def parse_xlsx(data: bytes, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    problem = check_zip(data, file=file)
    if problem is not None:
        return ImportResult(format="xlsx", file=file, notices=(problem,))
    import openpyxl  # type: ignore[import-untyped]  # only when a workbook comes in

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [
            (number, [_cell(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        return ImportResult(
            format="xlsx",
            file=file,
            notices=(
                Notice(
                    file,
                    _("expected a readable XLSX workbook: %(error)s") % {"error": exc},
                    line=1,
                    blocking=True,
                ),
            ),
        )
    return _table("xlsx", file, rows, reference)
