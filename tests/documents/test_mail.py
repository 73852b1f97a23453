"""actions_and_decisions_mail: the subject and plain-text body sent to the list after a call."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.documents.content import DecisionLine, ItemLine, MeetingContent
from secretariat.documents.mail import actions_and_decisions_mail

PLENARY = MeetingContent(
    team_name="SSR2 Review Team",
    title="Plenary #111",
    number=111,
    starts_at=dt.datetime(2017, 6, 8, 15, 0, tzinfo=dt.UTC),
    duration_minutes=90,
    decisions=(
        DecisionLine(
            number=31,
            text="The RT agreed to hold a **face-to-face** meeting at ICANN59 in Johannesburg.",
            decided_on=dt.date(2017, 6, 8),
        ),
    ),
    action_items=(
        ItemLine(
            number=365,
            text="Draft SSR2 Review Team work plan with key dates, circulate to RT for input.",
            owners=("Co-Chairs", "James Gannon", "Boban Krsic"),
        ),
        ItemLine(
            number=366,
            text="Distribute draft Johannesburg agenda to email list.",
            owners=("Co-Chairs",),
            due_on=dt.date(2017, 5, 30),
        ),
        ItemLine(
            number=367,
            text="Share thoughts on list regarding outreach.",
            owners=("SSR2-RT",),
            due_text="Tuesday COB",
        ),
    ),
    materials=(("Recording", "https://icann.zoom.us/recording/ssr2-111"),),
)


def test_the_subject_names_team_meeting_and_date() -> None:
    subject, _ = actions_and_decisions_mail(PLENARY)

    assert subject == "[SSR2 Review Team] Actions & decisions: Plenary #111 (8 June 2017)"


@pytest.mark.parametrize(
    "title",
    [
        "Plenary #111\r\nBcc: everyone@example.org",
        "Plenary #111\nBcc: everyone@example.org",
        "Plenary #111\rBcc: everyone@example.org",
        "Plenary #111\u2028Bcc: everyone@example.org",
    ],
)
def test_the_subject_cannot_carry_a_line_break(title: str) -> None:
    meeting = MeetingContent(team_name="SSR2\r\nReview Team", title=title)
    subject, _ = actions_and_decisions_mail(meeting)

    assert "\r" not in subject
    assert "\n" not in subject
    assert "\u2028" not in subject
    assert (
        subject == "[SSR2 Review Team] Actions & decisions: Plenary #111 Bcc: everyone@example.org"
    )


def test_the_body_lists_decisions_then_items_with_owners_and_due_dates() -> None:
    _, body = actions_and_decisions_mail(PLENARY)

    assert body.startswith("Plenary #111\nThursday 8 June 2017, 15:00\N{EN DASH}16:30 UTC\n")
    assert (
        "#31 The RT agreed to hold a face-to-face meeting at ICANN59 in\n    Johannesburg." in body
    )
    assert (
        "#365 Draft SSR2 Review Team work plan with key dates, circulate to RT\n"
        "     for input.\n"
        "     Owner: Co-Chairs, James Gannon, Boban Krsic\n"
        "     Due: TBD\n"
    ) in body
    assert "     Owner: Co-Chairs\n     Due: 30 May 2017\n" in body
    assert "     Due: Tuesday COB\n" in body
    assert body.index("Decisions reached") < body.index("Action items") < body.index("Recording")
    assert all(len(line) <= 72 for line in body.splitlines())


def test_an_empty_call_says_nothing_was_recorded() -> None:
    _, body = actions_and_decisions_mail(
        MeetingContent(team_name="SSR2 Review Team", title="Plenary #112")
    )

    assert "No decisions were recorded." in body
    assert "No action items were recorded." in body
    assert "Date to be confirmed" in body
