"""documents/text.py: Markdown to plain text, and the labels the documents share."""

from __future__ import annotations

import datetime as dt

from secretariat.documents.content import ItemLine
from secretariat.documents.text import (
    due_text,
    format_when,
    markdown_line,
    one_line,
    plain_line,
    plain_text,
    status_line,
)


def test_plain_text_drops_markup_and_keeps_the_words() -> None:
    text = (
        "## Draft\n\n**Urgent**: read [the draft](https://example.org) and `reply`.\n\n- one\n- two"
    )

    assert plain_text(text) == "Draft\nUrgent: read the draft and reply.\none\ntwo"
    assert plain_line(text) == "Draft Urgent: read the draft and reply. one two"


def test_one_line_removes_every_line_break_and_control_character() -> None:
    assert one_line("a\r\nb\nc\rd\x00e\u2028f\tg") == "a b c d e f g"


def test_markdown_line_escapes_raw_html() -> None:
    assert markdown_line("<script>x</script>\nnext") == "&lt;script>x&lt;/script> next"


def test_status_line_prefers_the_latest_note_with_its_date() -> None:
    item = ItemLine(number=1, text="x", status="in_progress")

    assert status_line(item) == "Status: In progress"
    noted = ItemLine(
        number=1, text="x", latest_note="Followed up *6/2*.", latest_note_on=dt.date(2017, 6, 2)
    )
    assert status_line(noted) == "Status: Followed up 6/2. (2 June 2017)"


def test_due_text_is_the_date_else_the_words_else_tbd() -> None:
    assert due_text(ItemLine(number=1, text="x", due_on=dt.date(2017, 6, 22))) == "22 June 2017"
    assert due_text(ItemLine(number=1, text="x", due_text="Tuesday COB")) == "Tuesday COB"
    assert due_text(ItemLine(number=1, text="x")) == "TBD"


def test_format_when_shows_utc_whatever_the_zone_given() -> None:
    berlin = dt.timezone(dt.timedelta(hours=2))
    start = dt.datetime(2017, 6, 8, 17, 0, tzinfo=berlin)

    assert format_when(start, 60) == "Thursday 8 June 2017, 15:00\N{EN DASH}16:00 UTC"
    assert format_when(start) == "Thursday 8 June 2017, 15:00 UTC"
