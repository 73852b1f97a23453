"""meetings.services.create_meeting and update_meeting: numbering, times, permission, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import create_meeting, update_meeting
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call, make_meeting

pytestmark = pytest.mark.django_db

START = dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC)


def test_staff_create_a_numbered_meeting_with_history(team: Team, staff: Person) -> None:
    meeting = create_meeting(
        team=team, by=user_of(staff), title="SSR2 Plenary Call", number=111, starts_at=START,
        duration_minutes=90,
    )  # fmt: skip

    assert meeting.number == 111
    assert str(meeting) == "SSR2 Plenary Call #111"
    assert meeting.ends_at == START + dt.timedelta(minutes=90)
    entry = history_for(meeting).get()
    assert entry.action == "meetings.meeting.created"
    assert entry.actor_name == "Jennifer Bryce"
    assert entry.changes["title"] == [None, "SSR2 Plenary Call"]


def test_without_a_number_it_takes_the_next_one_after_existing_numbers(team: Team) -> None:
    make_call(team, 111)
    make_meeting(team, 112, "Imported before the counter knew it")

    assert make_call(team).number == 113


def test_a_duplicate_number_is_refused_and_nothing_is_written(team: Team, staff: Person) -> None:
    make_call(team, 111, "SSR2 Plenary Call")

    with pytest.raises(ValidationError) as error:
        create_meeting(
            team=team, by=user_of(staff), title="Another call", number=111, starts_at=START
        )

    assert error.value.message_dict["number"] == [
        "Plenary #111 exists already (SSR2 Plenary Call)."
    ]
    assert Meeting.objects.filter(team=team).count() == 1


def test_the_same_number_in_another_team_is_fine(team: Team, other_team: Team) -> None:
    make_call(team, 111)

    assert make_call(other_team, 111, "RDS-WHOIS2 Plenary").number == 111


def test_an_end_before_the_start_is_refused(team: Team, staff: Person) -> None:
    with pytest.raises(ValidationError) as error:
        create_meeting(
            team=team, by=user_of(staff), title="SSR2 Plenary Call", starts_at=START,
            ends_at=START - dt.timedelta(hours=1),
        )  # fmt: skip

    assert "ends_at" in error.value.message_dict
    assert "before it starts" in error.value.message_dict["ends_at"][0]
    assert not Meeting.objects.exists()


def test_an_end_after_the_start_sets_the_duration(team: Team, staff: Person) -> None:
    meeting = create_meeting(
        team=team, by=user_of(staff), title="ICANN59 face-to-face", kind=Meeting.Kind.FACE_TO_FACE,
        starts_at=START, ends_at=START + dt.timedelta(hours=7, minutes=30), place="ICANN59 Johannesburg",
    )  # fmt: skip

    assert meeting.duration_minutes == 450


def test_members_may_not_create_meetings(team: Team, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        create_meeting(team=team, by=user_of(member), title="SSR2 Plenary Call", starts_at=START)
    assert not Meeting.objects.exists()


def test_an_edit_on_a_stale_version_is_refused(team: Team, staff: Person, chair: Person) -> None:
    meeting = make_call(team, 111)
    update_meeting(
        meeting=meeting, by=user_of(chair), expected_version=1, changes={"status": "held"}
    )

    with pytest.raises(StaleVersion):
        update_meeting(
            meeting=meeting, by=user_of(staff), expected_version=1, changes={"place": "Zoom"}
        )

    meeting.refresh_from_db()
    assert (meeting.status, meeting.place, meeting.version) == ("held", "", 2)


def test_renumbering_onto_a_taken_number_is_refused(team: Team, staff: Person) -> None:
    make_call(team, 111)
    second = make_call(team, 112)

    with pytest.raises(ValidationError) as error:
        update_meeting(
            meeting=second, by=user_of(staff), expected_version=None, changes={"number": 111}
        )

    assert "exists already" in error.value.message_dict["number"][0]
