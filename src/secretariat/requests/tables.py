"""The co-chairs' "table of outstanding briefing requests and corresponding name, availability
of staff": plain rows (for the page and the deck) and their CSV and XLSX renderings.

Renderers take rows and return bytes; they never query. Spreadsheet cells that a spreadsheet
program would read as a formula (starting with = + - @, or a tab or carriage return) are
prefixed with an apostrophe, so a request titled "=HYPERLINK(…)" stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from secretariat.requests.models import Request


@dataclass(frozen=True)
class BriefingRow:
    number: int
    title: str
    status: str  # the status's label, e.g. "Pending approval"
    presenter: str  # name of the presenter or responsible staff, "" if nobody yet
    availability: str  # free text, with the dates if any: "2017-06-01 to 2017-06-15; mornings UTC"
    addressed_to: str
    requested_on: dt.date | None
    scheduled: str  # the meeting it is scheduled at, "" if none


def _availability(request: Request) -> str:
    dates = ""
    if request.available_from and request.available_until:
        dates = _("%(start)s to %(end)s") % {
            "start": request.available_from.isoformat(),
            "end": request.available_until.isoformat(),
        }
    elif request.available_from:
        dates = _("from %(date)s") % {"date": request.available_from.isoformat()}
    elif request.available_until:
        dates = _("until %(date)s") % {"date": request.available_until.isoformat()}
    return "; ".join(part for part in (dates, request.availability) if part)


def briefing_rows(requests: Iterable[Request]) -> list[BriefingRow]:
    """Rows from requests already read through requests.queries (visibility applied)."""
    return [
        BriefingRow(
            number=r.number,
            title=r.title,
            status=str(r.get_status_display()),
            presenter=r.responsible_name,
            availability=_availability(r),
            addressed_to=r.addressed_to,
            requested_on=r.requested_on,
            scheduled=str(r.scheduled_meeting) if r.scheduled_meeting else "",
        )
        for r in requests
    ]


def headers() -> list[str]:
    return [
        _("Request"),
        _("Briefing"),
        _("Status"),
        _("Staff / presenter"),
        _("Availability"),
        _("Addressed to"),
        _("Requested"),
        _("Scheduled at"),
    ]


def _cells(row: BriefingRow) -> list[str]:
    return [
        f"R{row.number}",
        row.title,
        row.status,
        row.presenter,
        row.availability,
        row.addressed_to,
        row.requested_on.isoformat() if row.requested_on else "",
        row.scheduled,
    ]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(rows: Sequence[BriefingRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in _cells(row)])
    # A byte-order mark, so spreadsheet programs open accented names as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[BriefingRow], *, title: str) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = _("Briefing requests")[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in _cells(row)])
    # Cells are strings: never let openpyxl read "=…" as a formula, whatever safe_cell did.
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.data_type = "s"
    for column, width in zip("ABCDEFGH", (9, 50, 18, 24, 36, 18, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    # The same rows give the same bytes (the static archive is compared between exports):
    # openpyxl would stamp the document and every zip member with the current time.
    book.properties.created = book.properties.modified = _FIXED_STAMP
    out = io.BytesIO()
    book.save(out)
    return _restamped_zip(out.getvalue())


_FIXED_STAMP = dt.datetime(2000, 1, 1)  # noqa: DTZ001  (zip and XLSX dates have no zone)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _restamped_zip(data: bytes) -> bytes:
    """The same zip with every member dated `_FIXED_STAMP`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            stamped = zipfile.ZipInfo(member.filename, date_time=_FIXED_STAMP.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                # openpyxl sets "modified" to the time of saving, whatever it was given.
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(stamped, content)
    return out.getvalue()
