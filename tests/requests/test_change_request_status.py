from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.history import history_for
from secretariat.requests.models import Request
from secretariat.requests.services import TRANSITIONS, change_request_status, schedule_briefing
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call
from tests.requests.helpers import make_request

S = Request.Status


def _at(team: Team, status: str) -> Request:
    request = make_request(team)
    if status == S.SCHEDULED:
        return schedule_briefing(
            request=request, by=None, expected_version=None, meeting=make_call(team, 30)
        )
    if status == S.REQUESTED:
        return request
    path = {S.DECLINED: [S.DECLINED], S.WITHDRAWN: [S.WITHDRAWN], S.DELIVERED: [S.DELIVERED],
            S.IN_PROGRESS: [S.IN_PROGRESS], S.PENDING_APPROVAL: [S.PENDING_APPROVAL]}[status]  # fmt: skip
    for step in path:
        request = change_request_status(
            request=request, by=None, expected_version=None, status=step
        )
    return request


ALLOWED = [(old, new) for old, targets in TRANSITIONS.items() for new in sorted(targets)]
REFUSED = [
    (old, new)
    for old in S.values
    for new in S.values
    if new not in TRANSITIONS[old] and new != S.SCHEDULED
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_each_allowed_transition_moves_the_request_and_is_in_its_history(
    team: Team, old: str, new: str
) -> None:
    request = _at(team, old)
    moved = change_request_status(request=request, by=None, expected_version=None, status=new)
    assert moved.status == new
    last = history_for(moved).last()
    assert last is not None
    assert last.changes["status"] == [old, new]


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_each_unknown_transition_is_refused_and_changes_nothing(
    team: Team, old: str, new: str
) -> None:
    request = _at(team, old)
    with pytest.raises(ValidationError) as caught:
        change_request_status(request=request, by=None, expected_version=None, status=new)
    assert "cannot become" in caught.value.message_dict["status"][0]
    request.refresh_from_db()
    assert request.status == old


def test_a_status_that_does_not_exist_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        change_request_status(
            request=make_request(team), by=None, expected_version=None, status="postponed"
        )
    assert "postponed is not a status" in caught.value.message_dict["status"][0]


def test_scheduled_is_reached_only_by_scheduling_onto_a_meeting(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        change_request_status(
            request=make_request(team), by=None, expected_version=None, status=S.SCHEDULED
        )
    assert "meeting" in caught.value.message_dict["status"][0]


def test_a_status_change_with_a_note_keeps_the_dated_note(team: Team, staff: Person) -> None:
    request = make_request(team, kind="tool", title="Collaborative tools that can be archived")
    change_request_status(
        request=request,
        by=user_of(staff),
        expected_version=1,
        status=S.PENDING_APPROVAL,
        note="Working with IT for approval on requested tools.",
    )
    note = request.notes.get()
    assert note.text.startswith("Working with IT")
    assert note.author == staff


def test_leaving_scheduled_unschedules_but_delivering_keeps_the_meeting(team: Team) -> None:
    scheduled = _at(team, S.SCHEDULED)
    delivered = change_request_status(
        request=scheduled, by=None, expected_version=None, status=S.DELIVERED
    )
    assert delivered.scheduled_meeting is not None
    other = make_request(team, "Framework briefing")
    other = schedule_briefing(
        request=other, by=None, expected_version=None, meeting=delivered.scheduled_meeting
    )
    back = change_request_status(
        request=other, by=None, expected_version=None, status=S.IN_PROGRESS
    )
    assert back.scheduled_meeting is None


def test_a_member_not_named_on_the_request_may_not_change_its_status(
    team: Team, member: Person
) -> None:
    request = make_request(team)
    with pytest.raises(PermissionDenied):
        change_request_status(
            request=request, by=user_of(member), expected_version=1, status=S.WITHDRAWN
        )
