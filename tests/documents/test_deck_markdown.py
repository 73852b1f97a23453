"""render_deck_markdown: the deck as Markdown, one `---`-separated part per slide."""

from __future__ import annotations

from secretariat.documents.content import DeckContent, ItemLine
from secretariat.documents.deck import render_deck_markdown
from tests.documents.seed_call import seed_deck, seed_meeting


def test_the_seed_call_has_the_seeds_slides_as_headings() -> None:
    parts = render_deck_markdown(seed_deck()).split("\n\n---\n\n")

    assert [part.splitlines()[0] for part in parts] == [
        "# SSR2 Staff, Co-Chairs Coordination",
        "## Proposed Agenda",
        "## ICANN59 Johannesburg",
        "## Update on Requested Tools",
        "## Open Action Items/Requests",
        "## Additional Information",
        "## Review Open Action Items (1 of 2)",
        "## Review Open Action Items (2 of 2)",
    ]


def test_the_agenda_is_a_nested_list() -> None:
    text = render_deck_markdown(seed_deck())

    assert (
        "- ICANN59 Johannesburg share thoughts on agenda\n"
        "  - Proposed priorities: scope, work plan and timeline\n"
    ) in text
    assert "    - DNS Abuse Study briefing on intermittent results.\n" in text


def test_review_tables_have_action_owner_and_due_date_with_tbd() -> None:
    text = render_deck_markdown(seed_deck())

    assert "| Action | Owner | Due Date |\n| --- | --- | --- |\n" in text
    assert (
        "| Draft SSR2 Review Team work plan with key dates, circulate to RT for input. "
        "| Co-Chairs, James Gannon, Boban Krsic | TBD |"
    ) in text
    assert (
        "| Distribute draft Johannesburg agenda to email list. | Co-Chairs | 30 May 2017 |" in text
    )


def test_pipes_and_html_in_texts_cannot_break_the_table() -> None:
    item = ItemLine(number=5, text="Compare A | B <script>alert(1)</script>", owners=("Staff",))
    text = render_deck_markdown(DeckContent(meeting=seed_meeting(), review_items=(item,)))

    assert "| Compare A \\| B &lt;script>alert(1)&lt;/script> | Staff | TBD |" in text
    assert "<script>" not in text
