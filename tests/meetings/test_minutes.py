"""Minutes: drafted, redrafted, approved at a later meeting, with the amendments kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.meetings.models import Meeting, Minutes
from secretariat.meetings.queries import minutes_approved_at, minutes_diff
from secretariat.meetings.services import approve_minutes, save_minutes_draft
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call

pytestmark = pytest.mark.django_db

DRAFT = "Attendance: 9 members.\nThe RT discussed the work plan.\nNext call: 15 June."


@pytest.fixture
def calls(team: Team) -> tuple[Meeting, Meeting]:
    first = make_call(team, 111, starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC))
    second = make_call(team, 112, starts_at=dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC))
    return first, second


def test_a_draft_approved_with_amendments_keeps_what_was_drafted(
    calls: tuple[Meeting, Meeting], staff: Person
) -> None:
    first, second = calls
    minutes = save_minutes_draft(meeting=first, by=user_of(staff), text=DRAFT)
    amended = DRAFT.replace("9 members", "10 members")

    approved = approve_minutes(
        minutes=minutes, by=user_of(staff), at_meeting=second, text=amended, expected_version=1
    )

    assert approved.status == Minutes.Status.APPROVED
    assert approved.approved_at == second
    assert approved.drafted_text == DRAFT
    assert approved.text == amended
    assert ("-", "Attendance: 9 members.") in minutes_diff(approved)
    assert ("+", "Attendance: 10 members.") in minutes_diff(approved)
    assert minutes_approved_at(second, viewer=user_of(staff)) == [approved]
    assert [r.status for r in approved.revisions.all()] == ["draft", "approved"]


def test_an_unchanged_redraft_makes_no_revision(
    calls: tuple[Meeting, Meeting], staff: Person
) -> None:
    first, _ = calls
    save_minutes_draft(meeting=first, by=user_of(staff), text=DRAFT)
    minutes = save_minutes_draft(meeting=first, by=user_of(staff), text=DRAFT, expected_version=1)
    assert minutes.version == 1
    assert minutes.revisions.count() == 1


def test_a_stale_redraft_is_refused(
    calls: tuple[Meeting, Meeting], staff: Person, chair: Person
) -> None:
    first, _ = calls
    save_minutes_draft(meeting=first, by=user_of(staff), text=DRAFT)
    save_minutes_draft(
        meeting=first, by=user_of(chair), text=DRAFT + "\nAOB: none.", expected_version=1
    )

    with pytest.raises(StaleVersion):
        save_minutes_draft(meeting=first, by=user_of(staff), text="Overwrite", expected_version=1)
    assert Minutes.objects.get().text.endswith("AOB: none.")


def test_minutes_are_approved_at_a_later_meeting_only(
    calls: tuple[Meeting, Meeting], staff: Person
) -> None:
    first, second = calls
    minutes = save_minutes_draft(meeting=second, by=user_of(staff), text=DRAFT)

    with pytest.raises(ValidationError) as error:
        approve_minutes(minutes=minutes, by=user_of(staff), at_meeting=first)

    assert "later meeting" in error.value.message_dict["approved_at"][0]
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_approved_minutes_are_not_redrafted(calls: tuple[Meeting, Meeting], staff: Person) -> None:
    first, second = calls
    minutes = save_minutes_draft(meeting=first, by=user_of(staff), text=DRAFT)
    approve_minutes(minutes=minutes, by=user_of(staff), at_meeting=second)

    with pytest.raises(ValidationError):
        save_minutes_draft(meeting=first, by=user_of(staff), text="Rewritten history")
    assert Minutes.objects.get().text == DRAFT
    assert minutes_diff(Minutes.objects.get()) == []
