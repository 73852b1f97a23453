"""The seed's call (shared/seed/000_aef3142de91aa82d.txt) as the plain data the deck takes.

The seed is the staff's deck for an SSR2 "Staff, Co-Chairs Coordination" call in early June
2017, ahead of ICANN59 Johannesburg. Texts, owners and due dates are the seed's; the item
numbers and the call's time are ours (the seed shows neither).
"""

from __future__ import annotations

import datetime as dt

from secretariat.documents.content import (
    AgendaEntry,
    DeckContent,
    ItemLine,
    MeetingContent,
    Section,
)

GSE_QUESTIONS = (
    "Send written responses to RT questions asked during the presentation on ICANN's Global "
    "Stakeholder Engagement outreach efforts to SSR technical community. We're hearing that the "
    "GSE is supporting the work done by CTO. So, what do we mean by help support? And what is the "
    "relationship between this engagement and the IANA functions? (AA) A lot of the presentation "
    "was about sending the message out. How does it work going the other way? You point to "
    "passive mechanisms but what about active measures? (GH) Regarding L-root operations and "
    "hosting: What is the planning process vs. passive response? Is there a master plan for anyone "
    "who operates, in terms of Anycast? And how is that overall process implemented? (GH) What "
    "efforts does ICANN take to inform the policy debate as it is taking place vs. after the fact? "
    "(GH) How does GSE work specifically with the ccTLD community on SSR? (JM) How is your work is "
    "coordinated and support the OCTO and SSR teams commitment to engage and seek input from the "
    "broader SSR community that's not necessarily active in ICANN. Including their obligation to "
    "get input/interaction from them on SSR Framework and strategic priorities. How are you "
    "involved and how does the coordination occur? (DM) When do you think in terms of GSE that "
    "the focus on explanation/teaching of what ICANN does will shift to more of an interaction/ "
    "substantive engagement? (GH)"
)

# (text, owners, due date or None for TBD), in the seed's order across its three review slides.
REVIEW_ROWS: tuple[tuple[str, tuple[str, ...], dt.date | None], ...] = (
    (GSE_QUESTIONS, ("ICANN Org",), None),
    (
        "Share thoughts and continue discussion on list regarding presentation of ICANN Security "
        "and SSR1 subtopic work plans.",
        ("SSR2-RT",),
        None,
    ),
    ("Share thoughts on list on how to be more open to observer inputs.", ("SSR2-RT",), None),
    (
        "Consolidate duplicative items, create subheadings for each topic groups within volunteer "
        "groups.",
        ("SSR2-RT",),
        dt.date(2017, 5, 30),
    ),
    (
        "Draft SSR2 Review Team work plan with key dates, circulate to RT for input.",
        ("Co-Chairs", "James Gannon", "Boban Krsic"),
        None,
    ),
    (
        "Share thoughts on list regarding outreach and engagement, and possible guidelines.",
        ("SSR2-RT",),
        None,
    ),
    (
        "Share thoughts on list regarding Johannesburg agenda topics.",
        ("SSR2-RT",),
        dt.date(2017, 5, 25),
    ),
    ("Distribute draft Johannesburg agenda to email list.", ("Co-Chairs",), dt.date(2017, 5, 30)),
    (
        "Draft note and summary of SSR1 implementation for ICANN to send to SSR1 team members and "
        "invite them to share their assessment with the SSR2-RT.",
        ("Denise Michel",),
        None,
    ),
    ("Schedule remainder of briefings related to SSR1.", ("ICANN Org",), None),
    (
        "Share links to relevant articles regarding threat mitigation and classification of "
        "threats.",
        ("ICANN Org",),
        dt.date(2017, 6, 22),
    ),
    (
        "Review non-disclosure form with ICANN Legal and report back to RT on any updates or edits "
        "to the circulated form.",
        ("James Gannon", "Emily Taylor", "Kerry-Ann Barrett"),
        None,
    ),
    (
        "Research collaborative tools the RT may use that can be publicly archived.",
        ("ICANN Org",),
        None,
    ),
    (
        "Draft a Statement of Work for specialist technical writer.",
        ("James Gannon", "Cathy Handley", "Denise Michel"),
        None,
    ),
    (
        "Provide the SSR2 RT a timeline of the ITHI project, when they have clarity on next steps "
        "and schedules.",
        ("ICANN Org",),
        None,
    ),
)

OPEN_ITEMS: tuple[tuple[str, str], ...] = (
    (
        "Draft SSR2 progress report for SO/ACs to share ahead of ICANN59 in Johannesburg.",
        "Confirm OK and next steps from Co-Chairs.",
    ),
    (
        "Schedule a call with Mr. Matogoro regarding connectivity cc. co-chairs.",
        "Troubleshooting steps provided to Matogoro, copied SSR2-coordination, followed up 6/2.",
    ),
    (
        "Staff to provide language used in the past for statement of work (for specialist "
        "technical writer).",
        "In progress.",
    ),
    (
        "Staff to provide list of events recommended for SSR2 to attend during ICANN59 "
        "Johannesburg.",
        "In progress.",
    ),
    (
        "Send Co-Chairs table of outstanding briefing requests and corresponding name, "
        "availability of staff.",
        "In progress.",
    ),
)


def seed_meeting() -> MeetingContent:
    """The call itself, with the seed's "Proposed Agenda"."""
    return MeetingContent(
        team_name="SSR2 Review Team",
        title="SSR2 Staff, Co-Chairs Coordination",
        starts_at=dt.datetime(2017, 6, 7, 13, 0, tzinfo=dt.UTC),
        duration_minutes=60,
        agenda=(
            AgendaEntry(
                "ICANN59 Johannesburg share thoughts on agenda",
                children=(
                    AgendaEntry("Proposed priorities: scope, work plan and timeline"),
                    AgendaEntry(
                        "Determine if RT would like briefings on DNS Abuse interim results and "
                        "Framework for Registry Operators to Respond to Security Threats"
                    ),
                ),
            ),
            AgendaEntry("Update on requested tools"),
            AgendaEntry("Review open action items/requests"),
            AgendaEntry("AOB"),
        ),
    )


def seed_sections() -> tuple[Section, ...]:
    """The seed's two section slides."""
    briefings = AgendaEntry(
        "Determine if RT would like briefings on:",
        children=(
            AgendaEntry("DNS Abuse Study briefing on intermittent results."),
            AgendaEntry("Framework for Registry Operators to Respond"),
        ),
    )
    return (
        Section(
            "ICANN59 Johannesburg",
            bullets=(
                AgendaEntry(
                    "Proposed priorities:",
                    children=(AgendaEntry("Scope, work plan & timeline"), briefings),
                ),
            ),
        ),
        Section(
            "Update on Requested Tools",
            bullets=(
                AgendaEntry(
                    "Action item: Research collaborative tools the RT may use that can be "
                    "publicly archived."
                ),
                AgendaEntry(
                    "Working with IT for approval on requested tools, potential briefing in "
                    "Johannesburg."
                ),
            ),
        ),
    )


def seed_deck() -> DeckContent:
    """The whole seed deck as DeckContent."""
    review = tuple(
        ItemLine(number=20 + index, text=text, owners=owners, due_on=due, due_text="TBD")
        for index, (text, owners, due) in enumerate(REVIEW_ROWS)
    )
    open_items = tuple(
        ItemLine(
            number=40 + index,
            text=text,
            status="in_progress",
            latest_note=note,
            latest_note_on=None,
        )
        for index, (text, note) in enumerate(OPEN_ITEMS)
    )
    return DeckContent(
        meeting=seed_meeting(),
        sections=seed_sections(),
        open_items=open_items,
        review_items=review,
    )


def many_items(count: int) -> tuple[ItemLine, ...]:
    """`count` open items of varied length, each text unique ("… [item 17] …")."""
    owners = (("ICANN Org",), ("SSR2-RT",), ("Co-Chairs", "James Gannon", "Boban Krsic"))
    return tuple(
        ItemLine(
            number=1000 + index,
            text=f"[item {index}] Share thoughts on list regarding the work plan. "
            + "Circulate the draft to the review team for input. " * (index % 7),
            owners=owners[index % 3],
            due_on=dt.date(2017, 6, 1) + dt.timedelta(days=index % 60) if index % 2 else None,
            due_text="" if index % 2 else "TBD",
        )
        for index in range(count)
    )
