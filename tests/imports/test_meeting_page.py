from __future__ import annotations

import datetime as dt

from secretariat.imports import meeting_page
from secretariat.imports.result import ImportResult
from tests.imports.helpers import fixture_text

D = dt.date


def parse(name: str) -> ImportResult:
    return meeting_page.parse(fixture_text(name), file=name, reference=D(2020, 6, 1))


def test_it_reads_the_title_attendance_and_materials() -> None:
    result = parse("ssr2-plenary-98.txt")
    (meeting,) = result.meetings
    assert (meeting.title, meeting.number, meeting.date) == ("SSR2 Plenary #98", 98, D(2020, 1, 15))
    assert (meeting.time, meeting.duration_minutes, meeting.kind) == (dt.time(15, 0), 90, "plenary")
    assert meeting.attendees.members == (
        "Russ Housley",
        "Laurin Weissinger",
        "Žarko Kecić",
        "Boban Krsic",
        "KC Claffy",
        "Norm Ritchie",
    )
    assert meeting.attendees.observers == ("Dennis Tan",)
    assert meeting.attendees.staff == ("Jennifer Bryce", "Negar Farzinnia", "Brenda Brewer")
    assert meeting.attendees.guests == ("John Crain (ICANN OCTO)",)
    assert meeting.attendees.apologies == ("Denise Michel", "Kerry-Ann Barrett")
    assert [(m.kind, m.title, m.url) for m in meeting.materials] == [
        ("recording", "Audio recording", None),
        ("recording", "Zoom recording", "https://icann.zoom.us/rec/share/abc123"),
        ("transcript", "Transcript", None),
    ]


def test_it_reads_decisions_actions_and_a_three_level_agenda() -> None:
    result = parse("ssr2-plenary-98.txt")
    assert [(d.text, d.date, d.source) for d in result.decisions] == [
        (
            "Team agreed to hold the face-to-face meeting in Los Angeles on 27-29 January.",
            D(2020, 1, 15),
            "SSR2 Plenary #98",
        )
    ]
    actions = [(a.text, a.owners, a.due, a.due_text, a.requested_on) for a in result.action_items]
    assert actions == [
        (
            "Staff to circulate the Los Angeles logistics note.",
            ("Staff",),
            None,
            None,
            D(2020, 1, 15),
        ),
        (
            "Žarko and Boban to update the DNS abuse section by Friday COB.",
            ("Žarko", "Boban"),
            None,
            "Friday COB",
            D(2020, 1, 15),
        ),
        (
            "KC to share the measurement references with the list.",
            ("KC",),
            None,
            None,
            D(2020, 1, 15),
        ),
    ]
    agenda = result.meetings[0].agenda_items
    assert [a.title for a in agenda] == [
        "Welcome, roll call, SOI updates",
        "Los Angeles face-to-face",
        "AOB",
    ]
    assert [c.title for c in agenda[1].children] == ["Logistics", "Draft agenda"]
    assert [c.title for c in agenda[1].children[1].children] == ["Day 1: SSR1 recommendations"]


def test_it_reads_a_page_with_a_preamble_and_nobody_listed() -> None:
    result = parse("atrt3-meeting-12.txt")
    (meeting,) = result.meetings
    assert (meeting.title, meeting.number, meeting.date, meeting.time) == (
        "ATRT3 Meeting #12",
        12,
        D(2019, 5, 8),
        None,
    )
    assert meeting.attendees.observers == ()
    assert meeting.attendees.apologies == ("Liu Yue",)
    assert result.decisions == ()
    first = result.action_items[0]
    assert (first.owners, first.due, first.due_text) == (("ICANN org",), D(2019, 5, 15), "15 May")


def test_it_reads_a_leadership_call_with_owners_joined_by_a_slash() -> None:
    result = parse("rdswhois2-leadership-7.txt")
    (meeting,) = result.meetings
    assert (meeting.kind, meeting.number, meeting.date) == ("leadership", 7, D(2017, 11, 2))
    assert meeting.attendees.apologies == ()
    assert [a.owners for a in result.action_items] == [("Lisa Phifer",), ("Alan", "Susan")]
    assert [a.title for a in meeting.agenda_items] == ["Subgroup status", "Plenary #10 agenda"]


def test_the_atrt3_and_ssr2_samples_style_run_together_materials_are_read() -> None:
    text = "SSR2 Meeting #41 - 30 August 2018\n\nAudio recordingPart 1  |  Part 2\n\nAction Items:\n\n  • Denise to hold the pen.\n"
    result = meeting_page.parse(text, file="p.txt", reference=D(2018, 9, 1))
    assert [m.title for m in result.meetings[0].materials] == ["Audio recording"]
    assert result.action_items[0].owners == ("Denise",)


def test_a_page_without_a_title_is_refused() -> None:
    result = meeting_page.parse("\n\n", file="empty.txt", reference=D(2020, 1, 1))
    assert result.has_blocking
    assert "expected a title" in result.warnings[0]
