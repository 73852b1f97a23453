"""render_deck_pptx: the co-chairs' deck as PowerPoint, read back with python-pptx."""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import Slide
from pptx.util import Length

from secretariat.documents import slides as layout
from secretariat.documents.content import DeckContent, ItemLine
from secretariat.documents.deck import render_deck_pptx
from tests.documents.seed_call import REVIEW_ROWS, many_items, seed_deck, seed_meeting

EMU_PER_INCH = 914400
EMU_PER_POINT = 12700


def _open(content: DeckContent) -> PptxPresentation:
    return Presentation(io.BytesIO(render_deck_pptx(content)))


def _title(slide: Slide) -> str:
    assert slide.shapes.title is not None
    return slide.shapes.title.text_frame.text


def _tables(deck: PptxPresentation) -> list[tuple[Slide, object]]:
    return [(s, shape) for s in deck.slides for shape in s.shapes if shape.has_table]


def _review_rows(deck: PptxPresentation) -> list[list[str]]:
    return [
        [cell.text_frame.text for cell in row.cells]
        for _, shape in _tables(deck)
        for row in list(shape.table.rows)[1:]  # type: ignore[attr-defined]
    ]


def _inches(length: Length) -> float:
    return length / EMU_PER_INCH


def test_the_seed_call_gives_the_seeds_slides_in_the_seeds_order() -> None:
    deck = _open(seed_deck())

    # The seed has three review slides (1, 10 and 4 rows). At 12 pt in 8.1 in the six-question
    # item takes 17 estimated lines, so three short rows still fit under it: two slides.
    assert [_title(s) for s in deck.slides] == [
        "SSR2 Staff, Co-Chairs Coordination",
        "Proposed Agenda",
        "ICANN59 Johannesburg",
        "Update on Requested Tools",
        "Open Action Items/Requests",
        "Additional Information",
        "Review Open Action Items (1 of 2)",
        "Review Open Action Items (2 of 2)",
    ]
    assert [len(shape.table.rows) - 1 for _, shape in _tables(deck)] == [4, 11]  # type: ignore[attr-defined]


def test_the_title_slide_names_team_and_time_in_utc() -> None:
    deck = _open(seed_deck())

    subtitle = deck.slides[0].placeholders[1].text_frame.text
    assert subtitle == "SSR2 Review Team\nWednesday 7 June 2017, 13:00\N{EN DASH}14:00 UTC"


def test_the_agenda_keeps_its_nesting() -> None:
    body = _open(seed_deck()).slides[1].placeholders[1].text_frame

    assert [(p.level, p.text) for p in body.paragraphs] == [
        (0, "ICANN59 Johannesburg share thoughts on agenda"),
        (1, "Proposed priorities: scope, work plan and timeline"),
        (
            1,
            "Determine if RT would like briefings on DNS Abuse interim results and Framework "
            "for Registry Operators to Respond to Security Threats",
        ),
        (0, "Update on requested tools"),
        (0, "Review open action items/requests"),
        (0, "AOB"),
    ]


def test_open_items_carry_their_status_lines() -> None:
    body = _open(seed_deck()).slides[4].placeholders[1].text_frame
    paragraphs = [(p.level, p.text) for p in body.paragraphs]

    assert paragraphs[:2] == [
        (0, "Draft SSR2 progress report for SO/ACs to share ahead of ICANN59 in Johannesburg."),
        (1, "Status: Confirm OK and next steps from Co-Chairs."),
    ]
    assert [text for level, text in paragraphs if level == 1].count("Status: In progress.") == 3


def test_the_seeds_review_rows_are_all_there_once_with_tbd() -> None:
    rows = _review_rows(_open(seed_deck()))

    assert [row[0] for row in rows] == [text for text, _, _ in REVIEW_ROWS]
    assert rows[0][1:] == ["ICANN Org", "TBD"]
    assert rows[3][1:] == ["SSR2-RT", "30 May 2017"]
    assert rows[11][1] == "James Gannon, Emily Taylor, Kerry-Ann Barrett"


def test_500_items_span_many_slides_with_every_item_exactly_once() -> None:
    deck = _open(DeckContent(meeting=seed_meeting(), review_items=many_items(500)))

    titles = [_title(s) for s in deck.slides if _title(s).startswith("Review Open Action Items")]
    count = len(titles)
    assert count > 20
    assert titles == [f"Review Open Action Items ({k} of {count})" for k in range(1, count + 1)]
    labels = [re.match(r"\[item (\d+)\]", row[0]) for row in _review_rows(deck)]
    assert [int(m.group(1)) for m in labels if m] == list(range(500))


def test_no_table_is_estimated_taller_than_its_slide() -> None:
    content = DeckContent(
        meeting=seed_meeting(),
        review_items=(*seed_deck().review_items, *many_items(300)),
    )
    deck = _open(content)
    bottom_in = _inches(deck.slide_height) - 0.3  # type: ignore[arg-type]
    line_pt = layout.CELL_PT * layout.LINE_HEIGHT

    for _, shape in _tables(deck):
        table = shape.table  # type: ignore[attr-defined]
        widths_in = [_inches(column.width) for column in table.columns]
        for row in table.rows:
            # each row is at least as tall as its tallest cell's estimated wrapped text
            lines = max(
                layout.estimate_lines(cell.text_frame.text, layout.text_width_in(w), layout.CELL_PT)
                for cell, w in zip(row.cells, widths_in, strict=True)
            )
            assert row.height / EMU_PER_POINT >= lines * line_pt
        table_bottom = _inches(shape.top) + sum(_inches(row.height) for row in table.rows)  # type: ignore[attr-defined]
        assert table_bottom <= bottom_in


def test_markdown_in_texts_becomes_plain_text() -> None:
    item = ItemLine(
        number=12,
        text="**Urgent**: read [the draft](https://community.icann.org/x/ssr2) and `reply`",
        owners=("Co-Chairs",),
    )
    deck = _open(DeckContent(meeting=seed_meeting(), open_items=(item,), review_items=(item,)))

    assert _review_rows(deck) == [["Urgent: read the draft and reply", "Co-Chairs", "TBD"]]
    body = deck.slides[2].placeholders[1].text_frame
    assert body.paragraphs[0].text == "Urgent: read the draft and reply"


def test_a_deck_with_no_open_items_still_renders() -> None:
    deck = _open(DeckContent(meeting=seed_meeting()))

    assert [_title(s) for s in deck.slides] == [
        "SSR2 Staff, Co-Chairs Coordination",
        "Proposed Agenda",
        "Open Action Items/Requests",
        "Additional Information",
        "Review Open Action Items",
    ]
    assert _tables(deck) == []
    last = deck.slides[4].placeholders[1].text_frame.text
    assert last == "There are no open action items."
