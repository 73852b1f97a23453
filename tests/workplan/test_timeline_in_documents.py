"""The work plan's timeline where people read it: public events and late milestones on the
picture, the co-chairs' deck (PDF, PPTX, Markdown) and the progress report's DOCX."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree as ET

import pypdf
from django.contrib.auth.models import AnonymousUser
from docx import Document
from PIL import Image
from pptx import Presentation

from secretariat.core.models import Visibility
from secretariat.documents.build import deck_content, operator_viewer
from secretariat.documents.deck import render_deck_markdown, render_deck_pdf, render_deck_pptx
from secretariat.documents.progress_report import render_docx, render_markdown
from secretariat.events.services import create_event
from secretariat.teams.models import Team
from secretariat.workplan import reports
from secretariat.workplan.services import save_baseline, update_milestone
from tests.factories import make_call
from tests.workplan.helpers import make_milestone, ssr2_plan

D = dt.date
NS = {"svg": "http://www.w3.org/2000/svg"}
CALL = dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
TODAY = D(2017, 6, 6)


def _svg(team: Team, viewer: object = None, today: dt.date = TODAY) -> ET.Element:
    svg, _baseline = reports.workplan_timeline(viewer=viewer, team=team, today=today)  # type: ignore[arg-type]
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_public_events_of_the_events_app_are_marked_over_their_days(team: Team) -> None:
    ssr2_plan(team)
    create_event(team=team, by=None, name="ICANN59 Johannesburg", starts_on=D(2017, 6, 26),
                 ends_on=D(2017, 6, 29), time_zone="Africa/Johannesburg")  # fmt: skip
    create_event(team=team, by=None, name="Vendor workshop under NDA", starts_on=D(2017, 7, 10),
                 ends_on=D(2017, 7, 10), visibility=Visibility.RESTRICTED)  # fmt: skip
    # The team's face-to-face meeting during ICANN59 is not marked a second time.
    make_call(team, 120, "SSR2 Face-to-face", kind="face_to_face", place="Johannesburg",
              starts_at=dt.datetime(2017, 6, 27, 7, 0, tzinfo=dt.UTC))  # fmt: skip

    public = _svg(team, AnonymousUser())
    labels = [t.text for t in public.findall(".//svg:g[@class='event']/svg:text", NS)]
    assert labels == ["ICANN59 Johannesburg"]
    band = public.find(".//svg:rect[@class='event-days']", NS)
    assert band is not None
    assert float(band.get("width", "0")) > 6  # four days wide, not a hairline
    assert "ICANN59 Johannesburg (2017-06-26)" in public.find("svg:desc", NS).text  # type: ignore[union-attr,operator]

    staff_view = _svg(team, operator_viewer())
    labels = [t.text for t in staff_view.findall(".//svg:g[@class='event']/svg:text", NS)]
    assert labels == ["ICANN59 Johannesburg", "Vendor workshop under NDA"]


def test_a_milestone_past_its_end_or_held_up_by_a_dependency_is_drawn_late(team: Team) -> None:
    plan = ssr2_plan(team)
    # Done milestones are never late; "Agree the review's scope" ended on 30 May, not done.
    update_milestone(milestone=plan["dns"], by=None, expected_version=1,
                     changes={"depends_on": [plan["ssr1"]], "end_on": D(2017, 9, 15)})  # fmt: skip

    root = _svg(team, today=D(2017, 6, 6))
    status = {
        g.find("svg:text", NS).text: g.get("data-status")  # type: ignore[union-attr]
        for g in root.findall(".//svg:g[@class='milestone']", NS)
    }
    assert status == {
        "Agree the review's scope": "late",  # past its end on 6 June
        "Assess SSR1 implementation": "planned",
        "ICANN Security briefings complete": "planned",
        "DNS SSR findings": "late",  # SSR1 ends 30 September, after DNS SSR's 15 September
    }
    assert "2 late" in root.find("svg:desc", NS).text  # type: ignore[union-attr,operator]


def test_the_workplan_page_says_why_a_milestone_is_late_and_what_slipped(
    team: Team, client: object
) -> None:
    plan = ssr2_plan(team)
    save_baseline(team=team, by=None, name="Adopted at ICANN59")
    update_milestone(milestone=plan["ssr1"], by=None, expected_version=1,
                     changes={"end_on": D(2017, 10, 13)})  # fmt: skip
    update_milestone(milestone=plan["dns"], by=None, expected_version=1,
                     changes={"depends_on": [plan["ssr1"]]})  # fmt: skip
    make_milestone(team, "Draft report", start_on=D(2017, 12, 1), end_on=D(2018, 1, 31))

    body = client.get("/ssr2/workplan/").content.decode()  # type: ignore[attr-defined]

    assert "+13 days" in body
    assert "baseline 2017-09-30" in body
    assert "New since the baseline" in body  # "Draft report" was added after it
    assert "ends 2017-10-13, after this starts" in body  # DNS SSR starts 1 June


def test_the_deck_shows_the_timeline_as_svg_in_the_pdf_and_png_in_the_pptx(team: Team) -> None:
    ssr2_plan(team)
    meeting = make_call(team, 111, starts_at=CALL)
    content = deck_content(viewer=operator_viewer(), team=team, meeting=meeting)
    assert len(content.timeline) == 1

    deck = Presentation(io.BytesIO(render_deck_pptx(content)))
    pictures = [
        (slide, shape)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 1
    slide, picture = pictures[0]
    assert slide.shapes.title.text_frame.text == "SSR2 Review Team: work plan"  # type: ignore[union-attr]
    assert "4 milestones in 4 workstreams" in picture._element.nvPicPr.cNvPr.get("descr")  # type: ignore[attr-defined]
    assert picture.width <= deck.slide_width  # type: ignore[operator]

    markdown = render_deck_markdown(content)
    assert "## SSR2 Review Team: work plan\n\n4 milestones in 4 workstreams" in markdown

    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_deck_pdf(content))).pages]
    page = next(text for text in pages if "SSR2 Review Team: work plan" in text)
    assert "DNS SSR findings" in page  # the SVG's texts are drawn as text


def test_a_deck_without_milestones_has_no_timeline_slide(team: Team) -> None:
    meeting = make_call(team, 111, starts_at=CALL)
    content = deck_content(viewer=operator_viewer(), team=team, meeting=meeting)
    assert content.timeline == ()
    assert "work plan" not in render_deck_markdown(content).casefold().replace("work plan and", "")


def test_the_progress_reports_docx_holds_the_timeline_picture_with_its_text(team: Team) -> None:
    plan = ssr2_plan(team)
    save_baseline(team=team, by=None)
    update_milestone(milestone=plan["ssr1"], by=None, expected_version=1,
                     changes={"end_on": D(2017, 10, 13)})  # fmt: skip
    report = reports.build_progress_report(
        viewer=operator_viewer(), team=team, since=D(2017, 5, 8), until=D(2017, 6, 6),
        today=D(2017, 6, 6),
    )  # fmt: skip

    document = Document(io.BytesIO(render_docx(report)))

    # The three progress pictures (under the action items), then the timeline (under the
    # milestones), each a PNG with its text; this team has no action items yet.
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]  # type: ignore[attr-defined]
    assert descriptions[:3] == ["No action items yet.", "No overdue items.", "No items closed yet."]
    shape = document.inline_shapes[3]
    assert "1 slipped against the baseline" in shape._inline.docPr.get("descr")  # type: ignore[attr-defined]
    blob = document.part.related_parts[
        shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    ].blob  # type: ignore[attr-defined]
    with Image.open(io.BytesIO(blob)) as image:
        assert image.format == "PNG"
        assert image.width > 1500  # drawn at twice the SVG's size, sharp in print
    texts = [p.text for p in document.paragraphs]
    assert "SSR2 Review Team: work plan" in texts  # the caption under the picture
    # "Agree the review's scope" is past its end and not done: listed as late.
    assert "### Late (1)" in render_markdown(report)
