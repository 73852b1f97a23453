from __future__ import annotations

import datetime as dt
import json

from secretariat.imports import slides
from secretariat.imports.detect import parse_bytes
from secretariat.imports.result import ImportResult
from tests.imports.helpers import fixture_text

SEED = "seed-coordination-deck.txt"
DECK_DAY = dt.date(2017, 6, 6)


def parse_seed() -> ImportResult:
    return slides.parse(fixture_text(SEED), file=SEED, reference=DECK_DAY)


def test_the_seed_extraction_matches_the_reviewed_golden_file() -> None:
    """What `secretariat import --json` prints for the seed (the whole parsing path)."""
    expected = json.loads(fixture_text("seed-coordination-deck.expected.json"))
    data = fixture_text(SEED).encode()
    assert parse_bytes(data, file=SEED, fmt="slides", reference=DECK_DAY).to_json() == expected


def test_it_reads_the_seed_meeting_and_its_nested_agenda() -> None:
    (meeting,) = parse_seed().meetings
    assert meeting.title == "SSR2 Staff, Co-Chairs Coordination"
    assert meeting.kind == "leadership"
    assert meeting.number is None
    assert meeting.date is None
    titles = [(a.title, [c.title for c in a.children]) for a in meeting.agenda_items]
    assert titles == [
        (
            "ICANN59 Johannesburg share thoughts on agenda",
            [
                "Proposed priorities: scope, work plan and timeline",
                "Determine if RT would like briefings on DNS Abuse interim results and "
                "Framework for Registry Operators to Respond to Security Threats",
            ],
        ),
        ("Update on requested tools", []),
        ("Review open action items/requests", []),
        ("AOB", []),
    ]


def test_each_sections_slide_becomes_the_notes_of_its_agenda_item() -> None:
    (meeting,) = parse_seed().meetings
    notes = {item.title: item.notes for item in meeting.agenda_items}

    assert notes == {
        "ICANN59 Johannesburg share thoughts on agenda": (
            "- Proposed priorities:\n"
            "- Scope, work plan & timeline\n"
            "- Determine if RT would like briefings on:\n"
            "  - DNS Abuse Study briefing on intermittent results.\n"
            "  - Framework for Registry Operators to Respond"
        ),
        "Update on requested tools": (
            "- Action item: Research collaborative tools the RT may use that can be publicly "
            "archived.\n"
            "- Working with IT for approval on requested tools, potential briefing in Johannesburg."
        ),
        # The open items slide lists action items, not talking points; AOB has no slide.
        "Review open action items/requests": "",
        "AOB": "",
    }


def test_the_seed_tool_request_written_twice_is_one_item_and_one_request() -> None:
    result = parse_seed()
    tools = [i for i in result.action_items if i.text.startswith("Research collaborative tools")]
    assert len(tools) == 1
    (tool,) = tools
    assert tool.owners == ("ICANN Org",)
    assert (tool.due, tool.due_text, tool.status) == (None, "TBD", "in_progress")
    assert [n.text for n in tool.notes] == [
        "Working with IT for approval on requested tools, potential briefing in Johannesburg."
    ]
    requests = [(r.kind, r.title, r.status) for r in result.requests]
    assert requests == [
        ("briefing", "DNS Abuse Study briefing on intermittent results", "proposed"),
        ("briefing", "Framework for Registry Operators to Respond", "proposed"),
        (
            "tool",
            "Research collaborative tools the RT may use that can be publicly archived",
            "in_progress",
        ),
    ]
    assert len(result.action_items) == 20


def test_a_status_line_naming_a_day_becomes_a_dated_note() -> None:
    item = next(i for i in parse_seed().action_items if "Matogoro" in i.text)
    assert item.status == "in_progress"
    assert [(n.date, n.text) for n in item.notes] == [
        (
            dt.date(2017, 6, 2),
            "Troubleshooting steps provided to Matogoro, copied SSR2-coordination, followed up 6/2.",
        )
    ]


def test_the_review_table_rows_keep_their_owners_and_due_dates() -> None:
    items = {i.text: i for i in parse_seed().action_items}
    plan = items["Draft SSR2 Review Team work plan with key dates, circulate to RT for input."]
    assert plan.owners == ("Co-Chairs", "James Gannon", "Boban Krsic")
    assert (plan.due, plan.due_text) == (None, "TBD")
    consolidate = items[
        "Consolidate duplicative items, create subheadings for each topic groups within volunteer groups."
    ]
    assert (consolidate.owners, consolidate.due, consolidate.due_text) == (
        ("SSR2-RT",),
        dt.date(2017, 5, 30),
        "30 May",
    )
    links = items[
        "Share links to relevant articles regarding threat mitigation and classification of threats."
    ]
    assert links.due == dt.date(2017, 6, 22)
    staff = items[
        "Staff to provide language used in the past for statement of work (for specialist technical writer)."
    ]
    assert (staff.owners, staff.status, staff.notes) == (("Staff",), "in_progress", ())


def test_the_questions_of_the_first_item_are_attributed_to_the_initials_after_them() -> None:
    first = next(i for i in parse_seed().action_items if i.questions)
    assert first.text == (
        "Send written responses to RT questions asked during the presentation on ICANN's Global "
        "Stakeholder Engagement outreach efforts to SSR technical community."
    )
    assert [q.asked_by for q in first.questions] == ["AA", "GH", "GH", "GH", "JM", "DM", "GH"]
    assert first.questions[0].text.startswith("We're hearing that the GSE")
    assert first.questions[0].text.endswith("the IANA functions?")
    assert (
        first.questions[4].text == "How does GSE work specifically with the ccTLD community on SSR?"
    )


def test_it_reads_a_space_separated_table_and_a_year_boundary() -> None:
    name = "rdswhois2-leadership-deck.txt"
    result = slides.parse(fixture_text(name), file=name, reference=dt.date(2018, 12, 20))
    (meeting,) = result.meetings
    assert meeting.date == dt.date(2018, 12, 20)
    assert [c.title for c in meeting.agenda_items[1].children] == [
        "Subgroup 1 (Policy) report",
        "Subgroup 3 (Law Enforcement Needs) survey",
    ]
    items = {i.text: i for i in result.action_items}
    alice = items["Alice to circulate the revised survey to law enforcement contacts."]
    assert alice.owners == ("Alice",)
    assert [(n.date, n.text) for n in alice.notes] == [
        (dt.date(2018, 12, 14), "Sent 12/14, reminder planned.")
    ]
    assert items["Finalize the ICANN64 Kobe session proposal."].status == "done"
    compliance = items["Respond to questions on the compliance briefing."]
    assert (compliance.owners, compliance.due, compliance.due_text) == (
        ("ICANN Org",),
        dt.date(2019, 1, 5),
        "5 Jan",
    )
    assert [(q.asked_by, q.text) for q in compliance.questions] == [
        ("SM", "How many complaints were closed without contacting the registrant?"),
        ("LH", "Is accuracy reporting audited?"),
    ]
    cross = items["Share data on cross-field validation with the subgroup."]
    assert (cross.due, cross.due_text) == (None, "Friday COB")
    assert items["Circulate draft report outline to the list."].owners == (
        "Alan Greenberg",
        "Lili Sun",
    )
    assert result.warnings == []


def test_a_row_with_an_impossible_date_is_reported_by_line_and_left_out() -> None:
    name = "atrt3-cochairs-deck.txt"
    result = slides.parse(fixture_text(name), file=name, reference=dt.date(2019, 3, 5))
    assert result.has_blocking
    assert result.warnings[0] == (
        "atrt3-cochairs-deck.txt, line 30, column Due Date: expected a due date such as "
        '"30 May", "6/2" or "TBD", found \'31 June\''
    )
    texts = [i.text for i in result.action_items]
    assert "Send Board liaison the list of open questions." not in texts
    drive = result.action_items[0]
    assert drive.text == "Set up a shared drive that observers can read."
    # "to be shared 3/8" is a plan after the deck's day, not the day of the note.
    assert [(n.date, n.text) for n in drive.notes] == [
        (None, "IT approved read-only access, link to be shared 3/8.")
    ]
    assert [(r.kind, r.title) for r in result.requests] == [
        ("tool", "Set up a shared drive that observers can read"),
        ("briefing", "Board resolution tracking"),
        ("briefing", "Public comment process improvements"),
    ]


def test_an_html_page_given_as_slides_is_refused_naming_file_and_line() -> None:
    result = slides.parse(
        fixture_text("atrt3-tracker.html"), file="atrt3-tracker.html", reference=DECK_DAY
    )

    assert result.has_blocking
    assert result.meetings == ()
    assert result.action_items == ()
    [warning] = result.warnings
    assert warning.startswith("atrt3-tracker.html, line 1: expected a deck's slides")
