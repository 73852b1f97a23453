"""meetings.services.record_attendance: the whole roster in one call, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.history import history_for
from secretariat.meetings.models import Attendance, Meeting
from secretariat.meetings.queries import attendance_by_role
from secretariat.meetings.services import record_attendance
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(team: Team) -> Meeting:
    return make_call(team, 111, status=Meeting.Status.HELD)


def test_it_records_each_role_and_apologies(
    meeting: Meeting,
    staff: Person,
    chair: Person,
    member: Person,
    observer: Person,
    other_member: Person,
) -> None:
    record_attendance(
        meeting=meeting,
        by=user_of(staff),
        roles={
            chair: "member",
            member: "member",
            observer: "observer",
            staff: "staff",
            other_member: "apologies",
        },
    )

    grouped = attendance_by_role(meeting)
    assert [p.name for p in grouped["member"]] == ["Boban Krsic", "Russ Housley"]
    assert [p.name for p in grouped["apologies"]] == ["Kerry-Ann Barrett"]
    assert [p.name for p in grouped["guest"]] == []
    entry = history_for(meeting).filter(action="meetings.attendance.recorded").get()
    assert entry.changes["Kerry-Ann Barrett"] == [None, "apologies"]


def test_recording_again_changes_roles_and_removes_those_not_there(
    meeting: Meeting, staff: Person, member: Person, other_member: Person
) -> None:
    record_attendance(meeting=meeting, by=None, roles={member: "apologies", other_member: "member"})
    record_attendance(
        meeting=meeting, by=user_of(staff), roles={member: "member", other_member: None}
    )

    assert dict(Attendance.objects.filter(meeting=meeting).values_list("person__name", "role")) == {
        "Boban Krsic": "member"
    }


def test_someone_not_on_the_roster_is_refused_and_nothing_is_written(
    meeting: Meeting, staff: Person, member: Person
) -> None:
    stranger = make_person("Kim Davies")

    with pytest.raises(ValidationError) as error:
        record_attendance(
            meeting=meeting, by=user_of(staff), roles={member: "member", stranger: "guest"}
        )

    assert error.value.message_dict["attendance"] == [
        "Kim Davies is not on the team's roster; add them to the team first."
    ]
    assert not Attendance.objects.exists()


def test_an_unknown_role_is_refused(meeting: Meeting, staff: Person, member: Person) -> None:
    with pytest.raises(ValidationError) as error:
        record_attendance(meeting=meeting, by=user_of(staff), roles={member: "speaker"})
    assert "speaker is not an attendance role" in error.value.message_dict["attendance"][0]


def test_members_may_not_take_attendance(meeting: Meeting, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        record_attendance(meeting=meeting, by=user_of(member), roles={member: "member"})
    assert not Attendance.objects.exists()
