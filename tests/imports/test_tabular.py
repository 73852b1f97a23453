from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from secretariat.imports import tabular
from secretariat.imports.result import ImportResult
from tests.imports.helpers import fixture_path

D = dt.date


MAY_2019 = D(2019, 5, 20)


def read_csv(name: str, reference: dt.date = MAY_2019) -> ImportResult:
    text = fixture_path(name).read_text(encoding="utf-8")
    return tabular.parse_csv(text, file=name, reference=reference)


def test_it_reads_the_tracker_export_columns_round_trip() -> None:
    result = read_csv("ssr2-tracker-export.csv")
    assert result.warnings == []
    done, revising, slides = result.action_items
    assert (done.number, done.category, done.source_meeting, done.requested_on) == (
        365,
        "General",
        82,
        D(2019, 9, 11),
    )
    assert (done.status, done.completed_response, done.completed_on) == (
        "done",
        "Shared via email.",
        D(2019, 9, 18),
    )
    assert (revising.topic, revising.owners, revising.due, revising.due_text) == (
        "SSR1 implementation",
        ("Co-Chairs", "Boban Krsic"),
        None,
        "TBD",
    )
    assert [(n.date, n.text) for n in revising.notes] == [
        (D(2019, 9, 30), "first draft circulated"),
        (D(2019, 10, 2), "comments from Kerry-Ann incorporated"),
    ]
    assert (revising.status, revising.visibility) == ("in_progress", "team")
    assert (slides.source_text, slides.due, slides.visibility) == (
        "Email",
        D(2019, 10, 30),
        "restricted",
    )


def test_it_matches_synonyms_reads_semicolons_and_reports_unknown_columns() -> None:
    result = read_csv("atrt3-actions-semicolon.csv")
    assert result.warnings == [
        "atrt3-actions-semicolon.csv, row 1: unknown columns, not imported: Priority"
    ]
    assert not result.has_blocking
    rows = [(a.number, a.owners, a.due, a.due_text, a.status) for a in result.action_items]
    assert rows == [
        (12, ("ICANN org",), D(2019, 5, 24), "5/24", "open"),
        (13, ("Cheryl Langdon-Orr",), None, "TBD", "done"),
        (14, ("Pat Kane", "Cheryl Langdon-Orr"), None, "end of May", "in_progress"),
    ]


def test_bad_cells_are_named_by_row_and_column_and_their_rows_left_out() -> None:
    result = read_csv("broken-row.csv", D(2017, 12, 1))
    assert [a.number for a in result.action_items] == [1]
    assert result.has_blocking
    assert result.warnings == [
        "broken-row.csv, row 3, column B: expected the action's text in this column; the cell is empty",
        'broken-row.csv, row 4, column D: expected a due date such as "30 May", "2017-05-30" or "TBD", found \'31 Nov 2017\'',
        "broken-row.csv, row 5, column E: expected a status (open, in progress, done, dropped, merged), found 'waiting'",
        "broken-row.csv, row 5, column F: expected public, team or restricted, found 'secret'",
    ]


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_reads_an_xlsx_tracker_with_real_dates() -> None:
    data = workbook_bytes(
        [
            [
                "Item #",
                "Action Item Request",
                "Action Owner",
                "Anticipated Completion Date",
                "Visibility",
            ],
            [
                27,
                "ICANN org to send the Montréal travel guidelines.",
                "ICANN org",
                dt.datetime(2019, 5, 15),
                "public",
            ],
            [28.0, "Pat to finalise the survey questions.", "Pat Kane", "TBD", "Team"],
        ]
    )
    result = tabular.parse_xlsx(data, file="atrt3.xlsx", reference=D(2019, 5, 20))
    assert result.warnings == []
    rows = [
        (a.number, a.text, a.owners, a.due, a.due_text, a.visibility) for a in result.action_items
    ]
    assert rows == [
        (
            27,
            "ICANN org to send the Montréal travel guidelines.",
            ("ICANN org",),
            D(2019, 5, 15),
            "2019-05-15",
            "public",
        ),
        (28, "Pat to finalise the survey questions.", ("Pat Kane",), None, "TBD", "team"),
    ]


def test_a_zip_bomb_is_refused_before_it_is_opened() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    result = tabular.parse_xlsx(out.getvalue(), file="bomb.xlsx", reference=D(2019, 5, 20))
    assert result.has_blocking
    assert result.action_items == ()
    assert "expected at most" in result.warnings[0]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    result = tabular.parse_xlsx(out.getvalue(), file="letter.docx", reference=D(2019, 5, 20))
    assert result.warnings == [
        "letter.docx, line 1: expected an XLSX workbook; the zip file holds no xl/workbook.xml"
    ]
