"""The deck's layout (documents/slides.py): what goes on which slide, and nothing overflows."""

from __future__ import annotations

import itertools
import re

from secretariat.documents import slides
from secretariat.documents.content import AgendaEntry, DeckContent, ItemLine, Section
from tests.documents.seed_call import GSE_QUESTIONS, many_items, seed_deck, seed_meeting


def _review(content: DeckContent) -> list[slides.Slide]:
    return [s for s in slides.plan_deck(content) if s.title.startswith("Review Open Action Items")]


def test_the_geometry_adds_up() -> None:
    assert abs(sum(slides.COLUMN_WIDTHS_IN) - slides.BODY_WIDTH_IN) < 0.01
    assert slides.BODY_TOP_IN + slides.BODY_HEIGHT_IN <= slides.SLIDE_HEIGHT_IN - 0.3
    # a review row can hold the seed's six-question item without shortening it
    width = slides.text_width_in(slides.COLUMN_WIDTHS_IN[0])
    assert slides.estimate_lines(GSE_QUESTIONS, width, slides.CELL_PT) <= slides.MAX_ROW_LINES


def test_it_estimates_more_lines_for_longer_text_and_narrower_columns() -> None:
    assert slides.estimate_lines("", 8, 12) == 1
    assert slides.estimate_lines("Share thoughts on list.", 8, 12) == 1
    assert slides.estimate_lines(GSE_QUESTIONS, 8.133, 12) == 17
    assert slides.estimate_lines(GSE_QUESTIONS, 4, 12) > 30
    assert slides.estimate_lines("first\nsecond\nthird", 8, 12) == 3


def test_it_splits_500_items_so_every_item_is_on_exactly_one_slide() -> None:
    items = many_items(500)
    review = _review(DeckContent(meeting=seed_meeting(), review_items=items))

    numbers = [row.number for slide in review for row in slide.rows]
    assert numbers == [item.number for item in items]
    found = [
        m for slide in review for row in slide.rows for m in re.findall(r"\[item \d+\]", row.action)
    ]
    assert sorted(found) == sorted(f"[item {n}]" for n in range(500))
    assert len(review) > 20


def test_it_titles_review_slides_k_of_n_in_order() -> None:
    review = _review(DeckContent(meeting=seed_meeting(), review_items=many_items(500)))

    count = len(review)
    assert [s.title for s in review] == [
        f"Review Open Action Items ({k} of {count})" for k in range(1, count + 1)
    ]


def test_no_review_table_is_taller_than_the_slide_body() -> None:
    for content in (seed_deck(), DeckContent(meeting=seed_meeting(), review_items=many_items(500))):
        for slide in _review(content):
            assert slides.table_height_pt(slide.rows) <= slides.BODY_HEIGHT_IN * 72


def test_a_slide_is_filled_before_the_next_one_starts() -> None:
    review = _review(DeckContent(meeting=seed_meeting(), review_items=many_items(200)))

    for slide, following in itertools.pairwise(review):
        next_row = slides.row_height_pt(following.rows[0].lines)
        assert slides.table_height_pt(slide.rows) + next_row > slides.BODY_HEIGHT_IN * 72


def test_it_shortens_an_over_long_action_and_names_the_item() -> None:
    huge = ItemLine(
        number=365, text="Review the SSR1 recommendation. " * 400, owners=("ICANN Org",)
    )
    short = ItemLine(number=366, text="Schedule remainder of briefings related to SSR1.")
    review = _review(DeckContent(meeting=seed_meeting(), review_items=(huge, short)))

    first = review[0].rows[0]
    assert first.truncated
    assert first.lines == slides.MAX_ROW_LINES
    assert first.action.startswith("Review the SSR1 recommendation.")
    assert "… (shortened; full text in action item #365)" in first.action
    assert [row.number for s in review for row in s.rows] == [365, 366]
    assert slides.table_height_pt(review[0].rows) <= slides.BODY_HEIGHT_IN * 72


def test_it_shortens_a_cell_of_very_many_owners_too() -> None:
    owners = tuple(f"Review Team Member {n}" for n in range(200))
    review = _review(
        DeckContent(
            meeting=seed_meeting(), review_items=(ItemLine(number=7, text="Draft.", owners=owners),)
        )
    )

    row = review[0].rows[0]
    assert row.truncated
    assert row.owner.endswith("(shortened; full text in action item #7)")


def test_with_no_open_items_there_is_one_slide_saying_so() -> None:
    review = _review(DeckContent(meeting=seed_meeting()))

    assert len(review) == 1
    assert review[0].title == "Review Open Action Items"
    assert [b.text for b in review[0].bullets] == ["There are no open action items."]
    assert review[0].rows == ()


def test_due_dates_show_tbd_where_there_is_none() -> None:
    rows = [row for s in _review(seed_deck()) for row in s.rows]

    assert [row.due for row in rows][:4] == ["TBD", "TBD", "TBD", "30 May 2017"]
    assert rows[4].owner == "Co-Chairs, James Gannon, Boban Krsic"


def test_a_long_agenda_continues_on_numbered_slides() -> None:
    agenda = tuple(
        AgendaEntry(f"Agenda topic {n}", children=(AgendaEntry(f"Detail of topic {n}"),))
        for n in range(60)
    )
    meeting = seed_meeting()
    content = DeckContent(
        meeting=type(meeting)(team_name=meeting.team_name, title=meeting.title, agenda=agenda)
    )
    pages = [s for s in slides.plan_deck(content) if s.title.startswith("Proposed Agenda")]

    assert len(pages) > 1
    assert pages[0].title == f"Proposed Agenda (1 of {len(pages)})"
    texts = [b.text for page in pages for b in page.bullets]
    assert len(texts) == 120
    assert len(set(texts)) == 120
    for page in pages:
        assert sum(slides.bullet_height_pt(b) for b in page.bullets) <= slides.BULLET_ROOM_PT


def test_a_long_section_title_is_cut_to_two_lines() -> None:
    title = "Discussion of the ICANN Security, Stability and Resiliency framework " * 5
    content = DeckContent(meeting=seed_meeting(), sections=(Section(title),))
    slide = slides.plan_deck(content)[2]

    assert slide.title.startswith("Discussion of the ICANN Security")
    assert slide.title.endswith("…")
    assert slides.estimate_lines(slide.title, slides.BODY_WIDTH_IN - 2.7, slides.TITLE_PT) <= 2
    assert [b.text for b in slide.bullets] == ["—"]
