from __future__ import annotations

import datetime as dt

from secretariat.imports import tracker
from secretariat.imports.result import ImportResult
from tests.imports.helpers import fixture_text

D = dt.date


FEB_2020 = D(2020, 2, 15)


def parse(name: str, reference: dt.date = FEB_2020) -> ImportResult:
    return tracker.parse(fixture_text(name), file=name, reference=reference)


def test_it_reads_run_together_rows_across_the_hundredth_meeting() -> None:
    result = parse("ssr2-tracker-runtogether.txt")
    assert result.warnings == []
    rows = [
        (i.number, i.category, i.source_meeting, i.source_text, i.requested_on, i.owners)
        for i in result.action_items
    ]
    assert rows == [
        (402, "Workplan", 101, "", D(2020, 2, 12), ("Review Team",)),
        (401, "General", None, "Email", D(2020, 1, 30), ("ICANN org",)),
        (398, "General", 99, "", D(2020, 1, 22), ("Boban Krsic",)),
        (395, "Outreach", 98, "", D(2020, 1, 15), ("ICANN org",)),
    ]


def test_it_reads_due_dates_completions_and_progress_notes() -> None:
    items = {i.number: i for i in parse("ssr2-tracker-runtogether.txt").action_items}
    assert (items[402].due, items[402].status) == (D(2020, 2, 12), "done")
    assert (items[402].completed_response, items[402].completed_on) == (
        "Sent via email.",
        D(2020, 2, 14),
    )
    assert (items[401].due, items[401].due_text, items[401].status) == (None, "TBD", "in_progress")
    assert [n.text for n in items[401].notes] == [
        "Room request submitted, awaiting confirmation from Meetings team."
    ]
    # A cell on lines of its own, and an owner whose name touches the due date.
    assert items[398].text == "Boban to circulate the DNS abuse section for review."
    assert items[398].due == D(2020, 1, 26)
    assert items[398].completed_response == (
        "Circulated to the list, see "
        "https://mm.icann.org/pipermail/ssr2-review/2020-January/002100.html"
    )
    assert (items[395].status, items[395].completed_on) == ("open", None)


def test_it_reads_the_wiki_sample_where_8211_is_meeting_82() -> None:
    text = (
        "Item #CategorySource of RequestDate of RequestAction Item RequestAction Owner\n\n"
        "Anticipated Completion Date\n\nProgress NotesCompleted ResponseCompletion Date\n"
        "365General8211 Sep 2019Jennifer to share the proposal on-list.ICANN org11 Sep 2019\n"
        "Shared via email. 18 Sep 2019\n"
        "363General814 Sep 2019Staff to send a Doodle poll.ICANN org9 Sep 2019\n"
        "Doodle poll shared via email.6 Sep 2019\n"
    )
    result = tracker.parse(text, file="tracker.txt", reference=D(2019, 9, 20))
    assert [(i.number, i.source_meeting, i.requested_on) for i in result.action_items] == [
        (365, 82, D(2019, 9, 11)),
        (363, 81, D(2019, 9, 4)),
    ]
    assert result.action_items[0].owners == ("ICANN org",)
    assert result.action_items[1].completed_on == D(2019, 9, 6)


def test_it_reads_an_html_tracker_keeping_links_and_ticks() -> None:
    result = parse("atrt3-tracker.html", D(2019, 5, 20))
    assert result.warnings == []
    first, second, third = result.action_items
    assert (first.number, first.category, first.source_meeting, first.requested_on) == (
        27,
        "Logistics",
        12,
        D(2019, 5, 8),
    )
    assert first.text == "ICANN org to send the Montréal travel guidelines."
    assert [(n.date, n.text) for n in first.notes] == [
        (
            D(2019, 5, 10),
            "draft shared, see [list message]"
            "(https://mm.icann.org/pipermail/atrt3-review/2019-May/000412.html)",
        )
    ]
    assert (first.status, first.completed_on, first.completed_response) == (
        "done",
        D(2019, 5, 14),
        "Guidelines sent via email.",
    )
    assert (second.source_text, second.owners, second.due_text) == (
        "Leadership",
        ("Pat Kane", "Cheryl Langdon-Orr"),
        "TBD",
    )
    assert (
        second.notes[0].text
        == "Working draft in [Google doc](https://docs.google.com/document/d/1xYz/edit)"
    )
    assert (third.text, third.status) == ("Vanda to share the ccNSO input with the team.", "done")


def test_it_reads_an_older_mtg_date_action_owner_tracker() -> None:
    result = parse("rdswhois2-old-tracker.txt", D(2017, 8, 10))
    rows = [
        (i.source_meeting, i.requested_on, i.owners, i.due, i.due_text, i.status)
        for i in result.action_items
    ]
    assert rows == [
        (3, D(2017, 7, 20), ("ICANN org",), D(2017, 7, 24), "24 Jul 2017", "done"),
        (4, D(2017, 8, 3), ("Review Team",), D(2017, 8, 14), "14 Aug 2017", "open"),
        (4, D(2017, 8, 3), ("Alan Greenberg",), None, "TBD", "in_progress"),
    ]


def test_text_that_is_not_a_tracker_is_refused_with_what_was_expected() -> None:
    result = tracker.parse(
        "Dear all,\nsee you Tuesday.\n", file="note.txt", reference=D(2020, 1, 1)
    )
    assert result.has_blocking
    assert result.warnings[0].startswith("note.txt, line 1: expected tracker rows")
