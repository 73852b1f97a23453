from __future__ import annotations

import datetime as dt

from secretariat.imports import list_post
from secretariat.imports.result import ImportResult
from tests.imports.helpers import fixture_text

D = dt.date


def parse(name: str) -> ImportResult:
    return list_post.parse(fixture_text(name), file=name, reference=D(2000, 1, 1))


def test_it_reads_action_item_and_decision_reached_lines_with_complete_marks() -> None:
    result = parse("rdswhois2-list-plenary-12.txt")
    assert result.warnings == []
    rows = [(a.text, a.owners, a.status, a.due, a.requested_on) for a in result.action_items]
    assert rows == [
        (
            "ICANN org to share the compliance briefing slides with the list",
            ("ICANN org",),
            "done",
            None,
            D(2017, 12, 14),
        ),
        (
            "Subgroup rapporteurs to send their draft findings by 5 Jan.",
            ("Subgroup rapporteurs",),
            "open",
            D(2018, 1, 5),
            D(2017, 12, 14),
        ),
        (
            "Lili to circulate the law enforcement survey results.",
            ("Lili",),
            "open",
            None,
            D(2017, 12, 14),
        ),
    ]
    assert [(d.text, d.source, d.date) for d in result.decisions] == [
        (
            "The review team agreed to hold its third face-to-face meeting in Brussels.",
            "Plenary call #12",
            D(2017, 12, 14),
        ),
        (
            "Findings will be drafted using the common template.",
            "Plenary call #12",
            D(2017, 12, 14),
        ),
    ]
    assert [(m.title, m.number) for m in result.meetings] == [("Plenary call #12", 12)]


def test_it_reads_sections_of_bullets_wrapped_lines_and_a_leading_deadline() -> None:
    result = parse("atrt3-email-actions.txt")
    assert [d.text for d in result.decisions] == [
        "The survey will be open for six weeks.",
        "Observers may join the Montréal sessions in listening mode.",
    ]
    first, second, third = result.action_items
    assert first.text == (
        "ICANN org to publish the survey on 1 June and share the link with SO/AC leaders."
    )
    assert second.owners == ("Cheryl",)
    assert (third.text, third.owners, third.due, third.due_text) == (
        "Review team members to comment on the survey translations.",
        ("Review team members",),
        D(2019, 5, 30),
        "30 May - 23:59 UTC",
    )
    assert all(a.requested_on == D(2019, 5, 23) for a in result.action_items)
    assert result.meetings[0].number == 14


def test_it_reads_an_agenda_mail_as_a_meeting_with_its_agenda() -> None:
    result = parse("ssr2-list-agenda-2019.txt")
    (meeting,) = result.meetings
    assert (meeting.number, meeting.date, meeting.time) == (79, D(2019, 8, 7), dt.time(14, 0))
    assert [a.title for a in meeting.agenda_items] == [
        "Welcome, roll call, SOI updates",
        "Compliance text \u2013 penholders report",
        "Montreal face-to-face planning",
        "AOB",
    ]
    assert [c.title for c in meeting.agenda_items[1].children] == [
        "Contractual compliance",
        "Abuse reporting",
    ]
    assert result.action_items == ()


def test_quoted_lines_are_not_read_as_new_actions() -> None:
    texts = [a.text for a in parse("rdswhois2-list-plenary-12.txt").action_items]
    assert not any("quoted" in t for t in texts)


def test_a_face_to_face_post_dates_each_day_and_keeps_links() -> None:
    text = (
        "[Ssr2-review] Actions & decisions: 22-24 August face-to-face meeting\n\n"
        "Jennifer Bryce jennifer.bryce at icann.org\nTue Aug 28 16:46:22 UTC 2018\n\n"
        "SSR2 Review Team Face-to-Face Meeting\n22 \u2013 24 August 2018, Washington, DC.\n\n"
        "Day 1 - Wednesday 22 August, 09:00 - 16:30 EST\n\n"
        "  *   ACTION ITEM: Staff to send the SSR2 skills matrix<https://docs.google.com/x> to the list (COMPLETE)\n"
        "Day 2 \u2013 Thursday 23 August, 09:00 - 17:00 EST\n\n"
        "  *   DECISION REACHED: Team agreed to publish a blog.\n"
    )
    result = list_post.parse(text, file="f2f.txt", reference=D(2000, 1, 1))
    (item,) = result.action_items
    assert (
        item.text == "Staff to send the SSR2 skills matrix <https://docs.google.com/x> to the list"
    )
    assert (item.status, item.requested_on) == ("done", D(2018, 8, 22))
    (decision,) = result.decisions
    assert (decision.date, decision.source) == (
        D(2018, 8, 23),
        "SSR2 Review Team Face-to-Face Meeting",
    )
    assert result.meetings[0].date == D(2018, 8, 22)
