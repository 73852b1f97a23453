from __future__ import annotations

import datetime as dt
import io

import pypdf
from docx import Document

from secretariat.documents.content import DecisionLine, ItemLine
from secretariat.documents.progress_report import (
    OPEN_CLOSED,
    TIMELINE,
    MeetingLine,
    MilestoneLine,
    ProgressReport,
    figure_marker,
    markdown_to_docx,
    render_docx,
    render_markdown,
    render_pdf,
)
from secretariat.documents.timeline import TimelineRow, render_timeline_svg

D = dt.date

TIMELINE_SVG = render_timeline_svg(
    [TimelineRow("Work plan adopted", D(2017, 6, 25), workstream="Work plan")],
    today=D(2017, 6, 6),
    title="SSR2 Review Team: work plan",
)

REPORT = ProgressReport(
    team_name="SSR2 Review Team",
    since=D(2017, 5, 8),
    until=D(2017, 6, 6),
    meetings=(MeetingLine("SSR2 Plenary Call", 111, D(2017, 6, 6)),),
    decisions=(
        DecisionLine(12, "The RT agreed to hold a face-to-face meeting at ICANN59.", D(2017, 6, 6)),
    ),
    opened=(
        ItemLine(365, "Draft SSR2 Review Team work plan with key dates.", ("Co-Chairs",), D(2017, 6, 9)),
    ),
    closed=(ItemLine(360, "Circulate the terms of reference.", ("Staff",), status="done"),),
    overdue=(ItemLine(341, "Follow up on *IT approval* of tools.", ("ICANN Org",), D(2017, 5, 30)),),
    milestones_reached=(MilestoneLine("Agree the review's scope", D(2017, 5, 30), "Work plan", "done", D(2017, 5, 30)),),
    milestones_slipped=(
        MilestoneLine("Assess SSR1 implementation", D(2017, 10, 13), "SSR1 implementation", baseline_end=D(2017, 9, 30)),
    ),
    upcoming=(MilestoneLine("Work plan adopted", D(2017, 6, 25)),),
    requests=("#4 Briefing on the IANA functions (Scheduled)",),
    figures={TIMELINE: TIMELINE_SVG},
)  # fmt: skip

SECTIONS = [
    "Summary",
    "Meetings held",
    "Decisions reached",
    "Action items",
    "Milestones",
    "Requests outstanding",
    "Next steps",
]


def test_the_markdown_has_every_section_and_the_figures_from_the_data() -> None:
    text = render_markdown(REPORT)

    for section in SECTIONS:
        assert f"## {section}" in text
    assert "# Progress report: SSR2 Review Team" in text
    assert "- Meetings held: 1\n- Decisions reached: 1\n- Action items opened: 1" in text
    assert "### Opened (1)" in text
    assert "### Overdue (1)" in text
    assert "- #365 Draft SSR2 Review Team work plan with key dates." in text
    assert "Assess SSR1 implementation (SSR1 implementation): now due 13 October 2017" in text
    assert "+13 days" in text
    assert figure_marker(TIMELINE) in text
    assert "#4 Briefing on the IANA functions" in text


def test_a_period_without_activity_still_renders_and_says_so() -> None:
    empty = ProgressReport(team_name="SSR2 Review Team", since=D(2017, 8, 1), until=D(2017, 8, 31))
    text = render_markdown(empty)
    assert "There was no recorded activity in this period." in text
    assert "No meetings were held." in text
    assert "Not available" in text  # no requests app data given
    assert render_pdf(empty).startswith(b"%PDF")


def test_the_docx_opens_and_holds_the_sections_and_items() -> None:
    document = Document(io.BytesIO(render_docx(REPORT)))

    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]  # type: ignore[union-attr]
    assert headings[0] == "Progress report: SSR2 Review Team"
    for section in SECTIONS:
        assert section in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]  # type: ignore[union-attr]
    assert any(b.startswith("#365 Draft SSR2 Review Team work plan") for b in bullets)
    assert any("IT approval" in b and "*" not in b for b in bullets)
    notes = [p.text for p in document.paragraphs if figure_marker(TIMELINE) in p.text]
    assert notes
    assert "PDF edition" in notes[0]


def test_an_edited_draft_becomes_the_docx() -> None:
    edited = render_markdown(REPORT).replace("## Next steps", "## Next steps before ICANN59")
    document = Document(io.BytesIO(markdown_to_docx(edited)))
    assert "Next steps before ICANN59" in [p.text for p in document.paragraphs]


def test_the_pdf_holds_the_headings_and_the_timeline_figure() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(REPORT)))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert "Progress report: SSR2 Review Team" in text
    for section in SECTIONS:
        assert section in text
    assert "SSR2 Review Team: work plan" in text  # the figure's caption
    assert figure_marker(TIMELINE) not in text  # the marker became the picture


def test_the_open_closed_marker_is_placed_when_its_figure_is_given() -> None:
    report = ProgressReport(
        team_name="SSR2 Review Team", since=D(2017, 5, 8), until=D(2017, 6, 6),
        figures={OPEN_CLOSED: "<svg xmlns='http://www.w3.org/2000/svg'><title>x</title></svg>"},
    )  # fmt: skip
    assert figure_marker(OPEN_CLOSED) in render_markdown(report)
    assert figure_marker(TIMELINE) not in render_markdown(report)


def test_long_lists_show_the_first_items_and_the_exact_count() -> None:
    overdue = tuple(
        ItemLine(n, f"Follow up on briefing request {n}.", ("ICANN Org",), D(2017, 5, 1))
        for n in range(1, 101)
    )
    report = ProgressReport(team_name="SSR2 Review Team", since=D(2017, 5, 8), until=D(2017, 6, 6),
                            opened=overdue[:1], overdue=overdue, totals={"overdue": 250})  # fmt: skip
    text = render_markdown(report)
    assert "- Action items overdue: 250" in text
    assert "### Overdue (250)" in text
    assert "- … and 150 more: the team's action-item tracker lists them all." in text
    assert text.count("Follow up on briefing request") == 101  # one opened, 100 overdue
