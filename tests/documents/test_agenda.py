"""render_agenda_markdown and render_agenda_html: the agenda alone, for the list and the wiki."""

from __future__ import annotations

import datetime as dt

from secretariat.documents.agenda import render_agenda_html, render_agenda_markdown
from secretariat.documents.content import AgendaEntry, MeetingContent


def _plenary(*agenda: AgendaEntry) -> MeetingContent:
    return MeetingContent(
        team_name="SSR2 Review Team",
        title="Plenary #111",
        number=111,
        starts_at=dt.datetime(2017, 6, 8, 15, 0, tzinfo=dt.UTC),
        duration_minutes=90,
        agenda=agenda,
    )


PLENARY = _plenary(
    AgendaEntry("Welcome, roll call, SOI updates", presenter="Russ Housley", minutes=5),
    AgendaEntry(
        "ICANN59 Johannesburg",
        notes="Confirm the **face-to-face** agenda.",
        children=(
            AgendaEntry("Proposed priorities: scope, work plan and timeline"),
            AgendaEntry("Briefing requests", presenter="Jennifer Bryce", minutes=10),
        ),
    ),
    AgendaEntry("AOB"),
)


def test_markdown_numbers_and_nests_the_items_with_presenter_and_minutes() -> None:
    text = render_agenda_markdown(PLENARY)

    assert text.startswith("# Plenary #111\n\nThursday 8 June 2017, 15:00\N{EN DASH}16:30 UTC\n")
    assert (
        "1. Welcome, roll call, SOI updates (Russ Housley, 5 min)\n"
        "2. ICANN59 Johannesburg\n"
        "   Confirm the **face-to-face** agenda.\n"
        "   1. Proposed priorities: scope, work plan and timeline\n"
        "   2. Briefing requests (Jennifer Bryce, 10 min)\n"
        "3. AOB\n"
    ) in text


def test_markdown_says_so_when_there_is_no_agenda_yet() -> None:
    assert render_agenda_markdown(_plenary()).endswith("## Agenda\n\nNo agenda items yet.\n")


def test_html_nests_ordered_lists_and_renders_notes_as_markdown() -> None:
    html = render_agenda_html(PLENARY)

    assert "<h1>Plenary #111</h1>" in html
    assert html.count("<ol>") == 2
    assert "<strong>face-to-face</strong>" in html
    assert "(Jennifer Bryce, 10 min)" in html


def test_html_escapes_script_in_titles_and_drops_it_from_notes() -> None:
    meeting = _plenary(
        AgendaEntry(
            "<script>alert('title')</script> AOB",
            presenter="<b>Staff</b>",
            notes="<script>alert('notes')</script> [click](javascript:alert(1))",
        )
    )
    meeting = MeetingContent(
        team_name=meeting.team_name,
        title="<script>alert('meeting')</script>",
        agenda=meeting.agenda,
    )
    html = render_agenda_html(meeting)

    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; AOB" in html
    assert "&lt;b&gt;Staff&lt;/b&gt;" in html
