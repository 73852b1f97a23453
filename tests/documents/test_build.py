"""documents.build: the plain data of a meeting and of the co-chairs' deck, for one viewer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from secretariat.core.models import Visibility
from secretariat.documents.build import deck_content, meeting_content, operator_viewer
from secretariat.meetings.models import Material, Meeting
from secretariat.meetings.services import add_material, record_attendance, record_decision
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import add_progress_note
from tests.conftest import user_of
from tests.factories import make_agenda, make_call, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordination(
    team: Team, staff: Person, chair: Person, member: Person, other_member: Person
) -> Meeting:
    meeting = make_call(
        team, 12, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP,
        starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC), status=Meeting.Status.HELD,
    )  # fmt: skip
    make_agenda(meeting, [
        ("ICANN59 Johannesburg share thoughts on agenda", [
            "Proposed priorities: scope, work plan and timeline",
            "Determine if RT would like briefings on DNS Abuse interim results",
        ]),
        "Update on requested tools",
        "Review open action items/requests",
        "AOB",
    ])  # fmt: skip
    record_attendance(
        meeting=meeting, by=None, roles={chair: "member", staff: "staff", other_member: "apologies"}
    )
    record_decision(
        team=team, by=None, text="Share the proposed priorities with the RT.", meeting=meeting
    )
    add_material(
        meeting=meeting, by=None, kind=Material.Kind.RECORDING, url="https://example.org/rec.mp3"
    )
    return meeting


def test_meeting_content_holds_the_agenda_tree_attendance_and_decisions(
    coordination: Meeting, staff: Person, co_chairs: Group
) -> None:
    item = make_item(coordination.team, "Draft SSR2 progress report for SO/ACs.", owners=[co_chairs],
                     source_meeting=coordination, due_text="TBD")  # fmt: skip

    content = meeting_content(viewer=AnonymousUser(), meeting=coordination)

    assert content.title == "SSR2 Staff, Co-Chairs Coordination #12"
    assert content.number == 12
    assert content.starts_at == dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    assert [e.title for e in content.agenda] == [
        "ICANN59 Johannesburg share thoughts on agenda", "Update on requested tools",
        "Review open action items/requests", "AOB",
    ]  # fmt: skip
    assert len(content.agenda[0].children) == 2
    assert content.attendees == {"member": ("Russ Housley",), "staff": ("Jennifer Bryce",)}
    assert content.apologies == ("Kerry-Ann Barrett",)
    assert content.materials == (("Recording", "https://example.org/rec.mp3"),)
    assert [d.text for d in content.decisions] == ["Share the proposed priorities with the RT."]
    [line] = content.action_items
    assert (line.number, line.owners, line.due_display) == (item.number, ("Co-Chairs",), "TBD")


def test_the_public_content_leaves_out_what_the_public_may_not_read(
    coordination: Meeting, staff: Person
) -> None:
    team = coordination.team
    make_item(team, "CANARY restricted item", source_meeting=coordination,
              visibility=Visibility.RESTRICTED, visibility_reason="Legal")  # fmt: skip
    record_decision(
        team=team,
        by=None,
        text="CANARY team decision",
        meeting=coordination,
        visibility=Visibility.TEAM,
    )

    public = meeting_content(viewer=AnonymousUser(), meeting=coordination)
    staff_view = meeting_content(viewer=user_of(staff), meeting=coordination)

    assert "CANARY" not in repr(public)
    assert "CANARY restricted item" in repr(staff_view.action_items)
    assert "CANARY team decision" in repr(staff_view.decisions)


def test_the_deck_has_a_section_per_top_level_item_and_the_review_tables(
    coordination: Meeting, staff: Person
) -> None:
    team = coordination.team
    report = make_item(team, "Draft SSR2 progress report for SO/ACs.")
    call = make_item(
        team, "Schedule a call with Mr. Matogoro regarding connectivity cc. co-chairs."
    )
    wording = make_item(team, "Staff to provide language used in the past for statement of work.",
                        status=ActionItem.Status.IN_PROGRESS)  # fmt: skip
    make_item(team, "Circulate the recording.", status=ActionItem.Status.DROPPED)
    add_progress_note(item=call, by=None, text="Troubleshooting steps provided, followed up 6/2.",
                      noted_on=dt.date(2017, 6, 2))  # fmt: skip
    add_progress_note(item=report, by=None, text="CANARY restricted note", visibility=Visibility.RESTRICTED,
                      noted_on=dt.date(2017, 6, 3))  # fmt: skip

    deck = deck_content(viewer=AnonymousUser(), team=team, meeting=coordination)

    # Items with nothing under them ("AOB") have no slide of their own, as in the seed.
    assert [s.title for s in deck.sections] == ["ICANN59 Johannesburg share thoughts on agenda"]
    assert [b.title for b in deck.sections[0].bullets] == [
        "Proposed priorities: scope, work plan and timeline",
        "Determine if RT would like briefings on DNS Abuse interim results",
    ]
    assert [i.number for i in deck.review_items] == [report.number, call.number, wording.number]
    assert [i.number for i in deck.open_items] == [call.number, wording.number]
    assert deck.open_items[0].latest_note == "Troubleshooting steps provided, followed up 6/2."
    assert deck.open_items[0].latest_note_on == dt.date(2017, 6, 2)
    assert "CANARY" not in repr(deck)
    operator = deck_content(viewer=operator_viewer(), team=team, meeting=coordination)
    assert operator.review_items[0].latest_note == "CANARY restricted note"


@pytest.mark.parametrize("count", [3, 20])
def test_the_deck_is_built_in_a_constant_number_of_queries(
    count: int, coordination: Meeting, co_chairs: Group, django_assert_max_num_queries: object
) -> None:
    team = coordination.team
    for n in range(count):
        item = make_item(team, f"Open item {n}", owners=[co_chairs], source_meeting=coordination)
        add_progress_note(item=item, by=None, text=f"Followed up {n}")
    viewer = operator_viewer()
    deck_content(viewer=viewer, team=team, meeting=coordination)

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        deck = deck_content(viewer=viewer, team=team, meeting=coordination)
    assert len(deck.review_items) == count
