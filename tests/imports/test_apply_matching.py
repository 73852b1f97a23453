"""How imports.apply matches incoming action items to the team's: by number, else by
near-identical text and owners, never confusing two numbered rows of the same document."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.imports.apply import apply_result
from secretariat.imports.detect import parse_bytes
from secretariat.tracker.models import ActionItem
from tests.imports.helpers import fixture_path

pytestmark = pytest.mark.django_db

REFERENCE = dt.date(2017, 6, 6)

TWINS = b"""Item #,Action Item Request,Action Owner,Anticipated Completion Date
1,Circulate section 1 of the draft report to the review team,Denise Michel,30 May 2017
2,Circulate section 2 of the draft report to the review team,Denise Michel,30 May 2017
3,Circulate section 3 of the draft report to the review team,Denise Michel,6 June 2017
"""


def apply(data: bytes, name: str) -> dict[str, dict[str, int]]:
    result = parse_bytes(data, file=name, reference=REFERENCE)
    report = apply_result(result, team_slug="ssr2", reference=REFERENCE, team_name="SSR2")
    return {
        "created": dict(report.created),
        "updated": dict(report.updated),
        "unchanged": dict(report.unchanged),
    }


def test_numbered_rows_with_near_identical_texts_stay_separate_items() -> None:
    counts = apply(TWINS, "sections.csv")

    assert counts["created"]["action items"] == 3
    assert list(ActionItem.objects.order_by("number").values_list("number", "due_on")) == [
        (1, dt.date(2017, 5, 30)),
        (2, dt.date(2017, 5, 30)),
        (3, dt.date(2017, 6, 6)),
    ]


def test_importing_them_again_changes_nothing() -> None:
    apply(TWINS, "sections.csv")

    counts = apply(TWINS, "sections.csv")

    assert counts["created"] == {}
    assert counts["updated"] == {}
    assert counts["unchanged"]["action items"] == 3
    assert ActionItem.objects.count() == 3


def test_a_later_tracker_row_updates_the_item_the_deck_brought_in() -> None:
    apply(fixture_path("seed-coordination-deck.txt").read_bytes(), "deck.txt")
    before = ActionItem.objects.count()
    later = (
        b"Action Item Request,Action Owner,Anticipated Completion Date\n"
        b"Draft a Statement of Work for specialist technical writer,"
        b'"James Gannon, Cathy Handley, Denise Michel",2017-06-20\n'
    )

    counts = apply(later, "tracker.csv")

    assert counts["updated"] == {"action items": 1}
    assert "action items" not in counts["created"]
    assert ActionItem.objects.count() == before
    item = ActionItem.objects.get(text__startswith="Draft a Statement of Work")
    assert item.due_on == dt.date(2017, 6, 20)


def test_texts_naming_different_numbers_are_different_actions() -> None:
    archive = (
        b"From jennifer.bryce@icann.org Thu Sep 13 19:04:51 2018\n"
        b"From: Jennifer Bryce <jennifer.bryce@icann.org>\n"
        b"Subject: [Ssr2-review] Actions & decisions: SSR2 Meeting #43, 13 September 2018\n"
        b"Date: Thu, 13 Sep 2018 19:04:51 +0000\n"
        b"Content-Type: text/plain\n"
        b"\n"
        b"  *   ACTION ITEM: Penholders to revise the SSR1 recommendation 9 text.\n"
        b"  *   ACTION ITEM: Penholders to revise the SSR1 recommendation 19 text.\n"
        b"\n"
        b"From negar.farzinnia@icann.org Thu Sep 20 16:10:00 2018\n"
        b"From: Negar Farzinnia <negar.farzinnia@icann.org>\n"
        b"Subject: Re: [Ssr2-review] Actions & decisions: SSR2 Meeting #43, 13 September 2018\n"
        b"Date: Thu, 20 Sep 2018 16:10:00 +0000\n"
        b"Content-Type: text/plain\n"
        b"\n"
        b"  *   ACTION ITEM: Penholders to revise the SSR1 recommendation 9 text. (COMPLETE)\n"
    )

    result = parse_bytes(archive, file="ssr2.mbox", fmt="mbox", reference=REFERENCE)

    assert [(a.text, a.status) for a in result.action_items] == [
        ("Penholders to revise the SSR1 recommendation 9 text.", "done"),
        ("Penholders to revise the SSR1 recommendation 19 text.", "open"),
    ]
    apply(archive, "ssr2.mbox")
    assert ActionItem.objects.count() == 2
