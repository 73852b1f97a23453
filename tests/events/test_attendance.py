"""Who of the team attends an event: each says it for themselves (staff for anyone), and only
those who read the team's records see the list."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from secretariat.core.history import history_for
from secretariat.events.models import EventAttendance
from secretariat.events.services import set_attendance
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.events.helpers import make_icann59
from tests.factories import make_member

PAGE = "/ssr2/events/icann59-johannesburg/"


def test_a_member_says_they_attend_and_then_that_they_do_not(team: Team, member: Person) -> None:
    event = make_icann59(team)
    set_attendance(event=event, person=member, by=user_of(member), note="Arriving Sunday 25 June")
    assert EventAttendance.objects.get(event=event, person=member).note == (
        "Arriving Sunday 25 June"
    )
    set_attendance(event=event, person=member, by=user_of(member), attending=False)
    assert not EventAttendance.objects.filter(event=event).exists()
    entries = [e for e in history_for(event) if e.action.startswith("events.attendance")]
    assert [e.action for e in entries][-2:] in (
        ["events.attendance.set", "events.attendance.removed"],
        ["events.attendance.removed", "events.attendance.set"],
    )
    assert all(e.visibility == "team" for e in entries)  # not in the public history


def test_a_member_may_not_speak_for_another_but_staff_may(
    team: Team, member: Person, other_member: Person, staff: Person
) -> None:
    event = make_icann59(team)
    with pytest.raises(PermissionDenied):
        set_attendance(event=event, person=other_member, by=user_of(member))
    set_attendance(event=event, person=other_member, by=user_of(staff), note="Monday only")
    assert EventAttendance.objects.filter(event=event, person=other_member).exists()


def test_observers_and_people_outside_the_team_are_refused(
    team: Team, other_team: Team, observer: Person, staff: Person
) -> None:
    event = make_icann59(team)
    with pytest.raises(PermissionDenied):
        set_attendance(event=event, person=observer, by=user_of(observer))
    outsider = make_member(other_team, "Alan Greenberg")
    with pytest.raises(ValidationError) as refused:
        set_attendance(event=event, person=outsider, by=user_of(staff))
    assert refused.value.message_dict == {"person": ["Alan Greenberg is not in the team."]}
    with pytest.raises(ValidationError):
        set_attendance(event=event, person=staff, by=user_of(staff), note="x" * 201)
    assert not EventAttendance.objects.exists()


def test_the_page_form_and_who_sees_the_list(
    client: Client, team: Team, member: Person, observer: Person
) -> None:
    make_icann59(team)
    response = client_for(member).post(
        f"{PAGE}attend/", {"attending": "yes", "note": "Arriving Sunday 25 June"}
    )
    assert response.status_code == 302
    page = client_for(member).get(PAGE).content.decode()
    assert "Boban Krsic · Arriving Sunday 25 June" in page
    for viewer in (client, client_for(observer)):
        assert "Arriving Sunday 25 June" not in viewer.get(PAGE).content.decode()
    assert client_for(observer).post(f"{PAGE}attend/", {"attending": "yes"}).status_code == 403
    refused = client_for(member).post(f"{PAGE}attend/", {"attending": "maybe"})
    assert refused.status_code == 400
