"""render_deck_pdf: the same deck as a landscape PDF, read back with pypdf."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from secretariat.documents import slides as layout
from secretariat.documents.content import DeckContent
from secretariat.documents.deck import render_deck_pdf
from tests.documents.seed_call import many_items, seed_deck, seed_meeting


def _pages(content: DeckContent) -> list[str]:
    reader = PdfReader(io.BytesIO(render_deck_pdf(content)))
    return [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_seed_call_gives_one_landscape_page_per_slide_with_its_title() -> None:
    content = seed_deck()
    pdf = PdfReader(io.BytesIO(render_deck_pdf(content)))
    titles = [slide.title for slide in layout.plan_deck(content)]

    # a slide that overflowed would spill onto a page of its own: same count means none did
    assert len(pdf.pages) == len(titles) == 8
    for page, title in zip(pdf.pages, titles, strict=True):
        assert title in _flat(page.extract_text())
        assert float(page.mediabox.width) > float(page.mediabox.height)
    assert "Review Open Action Items (1 of 2)" in pdf.pages[6].extract_text()
    assert "Review Open Action Items (2 of 2)" in pdf.pages[7].extract_text()


def test_the_seeds_review_items_are_on_the_review_pages() -> None:
    pages = [_flat(text) for text in _pages(seed_deck())]

    assert "Send written responses to RT questions" in pages[6]
    assert "substantive engagement? (GH)" in pages[6]
    assert "Provide the SSR2 RT a timeline of the ITHI project" in pages[7]
    assert "22 June 2017" in pages[7]
    assert "Status: Confirm OK and next steps from Co-Chairs." in pages[4]


def test_500_items_paginate_as_the_pptx_does_with_every_item_once() -> None:
    content = DeckContent(meeting=seed_meeting(), review_items=many_items(500))
    plan = layout.plan_deck(content)
    pages = _pages(content)

    assert len(pages) == len(plan)
    for text, slide in zip(pages, plan, strict=True):
        assert _flat(slide.title) in _flat(text)
    found = [int(n) for text in pages for n in re.findall(r"\[item (\d+)\]", text)]
    assert sorted(found) == list(range(500))


def test_a_deck_with_no_open_items_still_renders() -> None:
    pages = _pages(DeckContent(meeting=seed_meeting()))

    assert len(pages) == 5
    assert "There are no open action items." in pages[4]
