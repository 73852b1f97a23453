"""The staff controls of the request page (status, schedule): bad input and stale pages get
the page back with the reason, and nothing changes."""

from __future__ import annotations

from secretariat.core.history import history_for
from secretariat.requests.services import change_request_status
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_call
from tests.requests.helpers import make_request


def test_a_briefing_scheduled_in_another_teams_meeting_is_refused_and_nothing_changes(
    team: Team, other_team: Team, staff: Person
) -> None:
    request = make_request(team)
    foreign = make_call(other_team, 7, "RDS-WHOIS2 Plenary Call")

    response = client_for(staff).post(
        f"/ssr2/requests/{request.number}/schedule/", {"meeting": foreign.pk, "version": 1}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "RDS-WHOIS2 Plenary Call" not in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.scheduled_meeting, request.version) == ("requested", None, 1)
    assert history_for(request).count() == 1


def test_a_cancelled_meeting_is_refused_with_the_reason(team: Team, staff: Person) -> None:
    request = make_request(team)
    cancelled = make_call(team, 8, "SSR2 Plenary Call", status="cancelled")

    response = client_for(staff).post(
        f"/ssr2/requests/{request.number}/schedule/", {"meeting": cancelled.pk, "version": 1}
    )

    assert response.status_code == 400
    assert "That meeting was cancelled." in response.content.decode()
    request.refresh_from_db()
    assert request.scheduled_meeting is None


def test_a_stale_status_change_is_refused_and_changes_nothing(team: Team, staff: Person) -> None:
    request = make_request(team)
    change_request_status(request=request, by=None, expected_version=1, status="in_progress")

    response = client_for(staff).post(
        f"/ssr2/requests/{request.number}/status/",
        {"status": "withdrawn", "note": "No longer needed.", "version": 1},
    )

    assert response.status_code == 409
    assert "changed by someone else since you opened it" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.version) == ("in_progress", 2)
    assert not request.notes.exists()


def test_a_stale_schedule_is_refused_and_changes_nothing(team: Team, staff: Person) -> None:
    request = make_request(team)
    change_request_status(request=request, by=None, expected_version=1, status="in_progress")
    meeting = make_call(team, 9)

    response = client_for(staff).post(
        f"/ssr2/requests/{request.number}/schedule/", {"meeting": meeting.pk, "version": 1}
    )

    assert response.status_code == 409
    request.refresh_from_db()
    assert (request.status, request.scheduled_meeting) == ("in_progress", None)


def test_scheduling_a_request_that_does_not_exist_is_a_404(team: Team, staff: Person) -> None:
    meeting = make_call(team, 10)
    client = client_for(staff)

    for step in ("schedule", "status", "notes"):
        response = client.post(
            f"/ssr2/requests/99/{step}/",
            {"meeting": meeting.pk, "status": "withdrawn", "text": "x", "version": 1},
        )
        assert response.status_code == 404, step
    assert not meeting.scheduled_requests.exists()
