"""render_call_report_pdf: attendance, decisions, action items and agenda of one call."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from secretariat.documents.call_report import render_call_report_html, render_call_report_pdf
from secretariat.documents.content import AgendaEntry, DecisionLine, ItemLine, MeetingContent

PLENARY = MeetingContent(
    team_name="SSR2 Review Team",
    title="Plenary #111",
    number=111,
    starts_at=dt.datetime(2017, 6, 8, 15, 0, tzinfo=dt.UTC),
    duration_minutes=90,
    agenda=(
        AgendaEntry("Welcome, roll call, SOI updates", minutes=5),
        AgendaEntry(
            "ICANN59 Johannesburg",
            children=(AgendaEntry("Briefing requests", presenter="Jennifer Bryce"),),
        ),
        AgendaEntry("AOB"),
    ),
    attendees={
        "member": ("Boban Krsic", "Denise Michel", "James Gannon"),
        "observer": ("Naveed Bin Rais",),
        "staff": ("Jennifer Bryce",),
    },
    apologies=("Kerry-Ann Barrett",),
    materials=(("Recording", "https://icann.zoom.us/recording/ssr2-111"),),
    decisions=(
        DecisionLine(
            number=31,
            text="Hold a face-to-face meeting at ICANN59.",
            decided_on=dt.date(2017, 6, 8),
        ),
    ),
    action_items=(
        ItemLine(
            number=366,
            text="Distribute draft Johannesburg agenda to email list.",
            owners=("Co-Chairs",),
            due_on=dt.date(2017, 5, 30),
        ),
        ItemLine(
            number=367,
            text="Schedule remainder of briefings related to SSR1.",
            owners=("ICANN Org",),
        ),
    ),
)


def _text(meeting: MeetingContent) -> str:
    reader = PdfReader(io.BytesIO(render_call_report_pdf(meeting)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_it_reports_attendance_decisions_items_and_agenda_in_that_order() -> None:
    text = _text(PLENARY)

    assert text.startswith("Plenary #111")
    assert "Members (3) Boban Krsic, Denise Michel, James Gannon" in text
    assert "Observers (1) Naveed Bin Rais" in text
    assert "Apologies (1) Kerry-Ann Barrett" in text
    assert "Hold a face-to-face meeting at ICANN59." in text
    assert "Distribute draft Johannesburg agenda to email list. Co-Chairs 30 May 2017" in text
    assert "ICANN Org TBD" in text
    assert "Briefing requests (Jennifer Bryce)" in text
    order = ["Attendance", "Decisions reached", "Action items", "Agenda"]
    assert [text.index(heading) for heading in order] == sorted(text.index(h) for h in order)


def test_an_empty_call_still_renders() -> None:
    text = _text(MeetingContent(team_name="SSR2 Review Team", title="Plenary #112"))

    assert "No attendance was recorded." in text
    assert "No decisions were recorded." in text
    assert "No action items were recorded." in text


def test_user_text_is_escaped_in_the_report() -> None:
    meeting = MeetingContent(
        team_name="SSR2 Review Team",
        title="<img src='http://169.254.169.254/latest/meta-data/'>",
        attendees={"guest": ("<script>alert(1)</script>",)},
        action_items=(ItemLine(number=1, text="<iframe src='file:///etc/passwd'></iframe>"),),
    )
    html = render_call_report_html(meeting)

    assert "<img" not in html
    assert "<script" not in html
    assert "<iframe" not in html
    assert "&lt;script&gt;" in html
