from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook
from pptx import Presentation

from secretariat.core.models import Visibility
from secretariat.documents.build import briefing_requests_lines, deck_content
from secretariat.documents.deck import render_deck_markdown, render_deck_pptx
from secretariat.meetings.models import Meeting
from secretariat.requests.services import change_request_status, schedule_briefing
from secretariat.requests.tables import BriefingRow, safe_cell, to_csv, to_xlsx
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call
from tests.requests.helpers import DNS_ABUSE, FRAMEWORK, make_request


def _seed_briefings(team: Team, staff: Person) -> None:
    make_request(
        team,
        DNS_ABUSE,
        responsible=staff,
        availability="Mornings UTC",
        available_from=dt.date(2017, 6, 12),
        available_until=dt.date(2017, 6, 30),
        addressed_to="OCTO",
    )
    framework = make_request(team, FRAMEWORK, responsible_text="Dave Piscitello")
    schedule_briefing(
        request=framework, by=None, expected_version=None, meeting=make_call(team, 44)
    )
    delivered = make_request(team, "SSR1 implementation briefing")
    change_request_status(request=delivered, by=None, expected_version=None, status="delivered")
    make_request(team, "Collaborative tools", kind="tool")
    make_request(team, '=HYPERLINK("http://evil.example")', visibility=Visibility.RESTRICTED)


def test_the_deck_gets_outstanding_briefings_with_staff_and_availability(
    team: Team, staff: Person
) -> None:
    _seed_briefings(team, staff)
    rows = briefing_requests_lines(viewer=None, team=team)
    assert [(r.title, r.status, r.presenter) for r in rows] == [
        (DNS_ABUSE, "Requested", "Jennifer Bryce"),
        (FRAMEWORK, "Scheduled", "Dave Piscitello"),
    ]
    assert rows[0].availability == "2017-06-12 to 2017-06-30; Mornings UTC"
    assert rows[1].scheduled == "SSR2 Plenary Call #44"


def test_the_deck_rows_follow_the_viewers_visibility(team: Team, staff: Person) -> None:
    _seed_briefings(team, staff)
    titles = [r.title for r in briefing_requests_lines(viewer=user_of(staff), team=team)]
    assert titles[-1].startswith("=HYPERLINK")


def test_csv_has_a_header_and_one_row_per_briefing(team: Team, staff: Person) -> None:
    _seed_briefings(team, staff)
    text = to_csv(list(briefing_requests_lines(viewer=None, team=team))).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Request", "Briefing", "Status", "Staff / presenter", "Availability"]
    assert rows[1][1:4] == [DNS_ABUSE, "Requested", "Jennifer Bryce"]
    assert len(rows) == 3


def _row(title: str) -> BriefingRow:
    return BriefingRow(1, title, "Requested", "@staff", "-", "+OCTO", None, "")


def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped_in_csv() -> None:
    text = to_csv([_row('=HYPERLINK("http://evil.example")')]).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example")'
    assert (row[3], row[4], row[5]) == ("'@staff", "'-", "'+OCTO")
    assert safe_cell("DNS Abuse") == "DNS Abuse"


def test_xlsx_holds_the_title_headers_and_escaped_text_cells(team: Team, staff: Person) -> None:
    data = to_xlsx([_row("=1+1"), _row(DNS_ABUSE)], title="SSR2: outstanding briefing requests")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == "SSR2: outstanding briefing requests"
    assert sheet["B2"].value == "Briefing"
    assert sheet["B3"].value == "'=1+1"
    assert sheet["B3"].data_type == "s"
    assert sheet["B4"].value == DNS_ABUSE


def _coordination_deck(team: Team, viewer: Any) -> str:
    call = make_call(
        team,
        45,
        "SSR2 Staff, Co-Chairs Coordination",
        starts_at=dt.datetime(2017, 6, 6, 13, 0, tzinfo=dt.UTC),
    )
    return render_deck_markdown(deck_content(viewer=viewer, team=team, meeting=call))


def test_the_coordination_deck_has_a_slide_of_outstanding_briefings(
    team: Team, staff: Person
) -> None:
    _seed_briefings(team, staff)
    slide = next(
        part
        for part in _coordination_deck(team, None).split("\n\n---\n\n")
        if part.startswith("## Outstanding Briefing Requests")
    )
    assert f"- R1: {DNS_ABUSE} (Jennifer Bryce)" in slide
    assert (
        "Requested · availability: 2017-06-12 to 2017-06-30; Mornings UTC · addressed to OCTO"
        in (slide)
    )
    assert f"- R2: {FRAMEWORK} (Dave Piscitello)" in slide
    assert "Scheduled · availability: not known yet · scheduled at SSR2 Plenary Call #44" in slide
    assert "SSR1 implementation briefing" not in slide  # delivered
    assert "Collaborative tools" not in slide  # not a briefing
    assert "HYPERLINK" not in slide  # restricted, and the public deck is the public's


def test_the_staff_deck_shows_the_restricted_briefing_and_the_pptx_has_the_slide(
    team: Team, staff: Person
) -> None:
    _seed_briefings(team, staff)
    assert '=HYPERLINK("http://evil.example") (no presenter yet)' in _coordination_deck(
        team, user_of(staff)
    )
    call = Meeting.objects.get(team=team, number=45)
    pptx = Presentation(
        io.BytesIO(render_deck_pptx(deck_content(viewer=None, team=team, meeting=call)))
    )
    titles = [s.shapes.title.text for s in pptx.slides if s.shapes.title is not None]
    assert "Outstanding Briefing Requests" in titles


def test_without_outstanding_briefings_the_deck_has_no_such_slide(team: Team) -> None:
    make_request(team, "Collaborative tools", kind="tool")
    assert "Outstanding Briefing Requests" not in _coordination_deck(team, None)


def test_the_same_rows_give_the_same_xlsx_bytes_on_another_day(team: Team, staff: Person) -> None:
    import time_machine

    _seed_briefings(team, staff)
    rows = list(briefing_requests_lines(viewer=None, team=team))
    with time_machine.travel(dt.datetime(2017, 6, 6, 10, 0, tzinfo=dt.UTC)):
        first = to_xlsx(rows, title="SSR2 briefing requests")
    with time_machine.travel(dt.datetime(2017, 6, 7, 18, 30, tzinfo=dt.UTC)):
        second = to_xlsx(rows, title="SSR2 briefing requests")
    assert first == second  # the static archive compares exports byte for byte
