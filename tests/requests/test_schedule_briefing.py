from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from secretariat.meetings.models import Meeting
from secretariat.requests.models import Request
from secretariat.requests.services import change_request_status, schedule_briefing
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call
from tests.requests.helpers import make_request


def test_a_briefing_is_scheduled_onto_a_meeting_of_its_team(team: Team, staff: Person) -> None:
    meeting = make_call(team, 42, "SSR2 Plenary Call", kind=Meeting.Kind.BRIEFING)
    request = schedule_briefing(
        request=make_request(team), by=user_of(staff), expected_version=1, meeting=meeting
    )
    assert (request.status, request.scheduled_meeting) == (Request.Status.SCHEDULED, meeting)
    assert request.version == 2


def test_scheduling_onto_another_teams_meeting_is_refused_and_changes_nothing(
    team: Team, other_team: Team
) -> None:
    foreign = make_call(other_team, 7, "RDS-WHOIS2 Plenary Call")
    request = make_request(team)
    with pytest.raises(ValidationError) as caught:
        schedule_briefing(request=request, by=None, expected_version=None, meeting=foreign)
    assert caught.value.message_dict["scheduled_meeting"] == [
        "That meeting belongs to another team."
    ]
    request.refresh_from_db()
    assert (request.status, request.scheduled_meeting, request.version) == ("requested", None, 1)


def test_only_a_briefing_is_scheduled(team: Team) -> None:
    tool = make_request(team, "Collaborative tools", kind="tool")
    with pytest.raises(ValidationError) as caught:
        schedule_briefing(request=tool, by=None, expected_version=None, meeting=make_call(team, 3))
    assert "scheduled_meeting" in caught.value.message_dict


def test_a_declined_briefing_is_not_scheduled_until_reopened(team: Team) -> None:
    request = change_request_status(
        request=make_request(team), by=None, expected_version=None, status="declined"
    )
    meeting = make_call(team, 4)
    with pytest.raises(ValidationError):
        schedule_briefing(request=request, by=None, expected_version=None, meeting=meeting)
    reopened = change_request_status(
        request=request, by=None, expected_version=None, status="requested"
    )
    assert (
        schedule_briefing(request=reopened, by=None, expected_version=None, meeting=meeting).status
        == "scheduled"
    )


def test_a_cancelled_meeting_cannot_take_a_briefing(team: Team) -> None:
    meeting = make_call(team, 5, status=Meeting.Status.CANCELLED)
    with pytest.raises(ValidationError):
        schedule_briefing(
            request=make_request(team), by=None, expected_version=None, meeting=meeting
        )


OPEN = ("requested", "in_progress", "pending_approval", "scheduled")
CLOSED = ("delivered", "declined", "withdrawn")


def _briefing_at(team: Team, status: str) -> Request:
    request = make_request(team)
    if status == "scheduled":
        return schedule_briefing(
            request=request, by=None, expected_version=None, meeting=make_call(team, 60)
        )
    if status != "requested":
        request = change_request_status(
            request=request, by=None, expected_version=None, status=status
        )
    return request


@pytest.mark.parametrize("status", OPEN)
def test_an_outstanding_briefing_is_scheduled_from_each_status(team: Team, status: str) -> None:
    request = _briefing_at(team, status)
    meeting = make_call(team, 61, "SSR2 Plenary Call")

    scheduled = schedule_briefing(request=request, by=None, expected_version=None, meeting=meeting)

    assert (scheduled.status, scheduled.scheduled_meeting) == ("scheduled", meeting)
    from secretariat.core.history import history_for

    last = history_for(scheduled).last()
    assert last is not None
    assert last.action == "requests.request.scheduled"


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_briefing_is_not_scheduled_and_nothing_changes(team: Team, status: str) -> None:
    request = _briefing_at(team, status)
    version = request.version

    with pytest.raises(ValidationError) as caught:
        schedule_briefing(
            request=request, by=None, expected_version=None, meeting=make_call(team, 62)
        )

    assert "reopen it first" in caught.value.message_dict["status"][0]
    request.refresh_from_db()
    assert (request.status, request.version) == (status, version)
