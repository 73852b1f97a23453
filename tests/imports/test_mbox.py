from __future__ import annotations

import datetime as dt

from secretariat.imports import mbox
from tests.imports.helpers import fixture_text

D = dt.date


def test_it_reads_every_message_and_a_later_complete_mark_closes_the_item() -> None:
    name = "ssr2-review-2018-09.mbox"
    result = mbox.parse(fixture_text(name), file=name, reference=D(2000, 1, 1))
    assert result.warnings == []
    rows = [(a.text, a.owners, a.status, a.requested_on) for a in result.action_items]
    assert rows == [
        (
            "Staff to update the SSR1 implementation table with the team's edits.",
            ("Staff",),
            "done",
            D(2018, 9, 13),
        ),
        ("Eric to draft the KSK roll subtopic outline.", ("Eric",), "open", D(2018, 9, 13)),
    ]
    assert [(d.text, d.date, d.source) for d in result.decisions] == [
        ("Team adopted the high-level comms plan.", D(2018, 9, 13), "Meeting #43")
    ]
    assert [(m.number, m.date) for m in result.meetings] == [(43, D(2018, 9, 13))]


def test_a_broken_message_is_reported_by_number_and_line_and_the_rest_is_read() -> None:
    name = "broken.mbox"
    result = mbox.parse(fixture_text(name), file=name, reference=D(2000, 1, 1))
    assert [a.text for a in result.action_items] == ["Staff to circulate the Barcelona agenda."]
    assert result.has_blocking
    (warning,) = result.warnings
    assert warning.startswith("broken.mbox, line 9: message 2 cannot be read")


def test_text_without_separators_is_not_an_mbox() -> None:
    result = mbox.parse("hello\n", file="x.mbox", reference=D(2000, 1, 1))
    assert result.has_blocking
    assert "expected an mbox archive" in result.warnings[0]
