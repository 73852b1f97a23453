"""Meeting invitations: an .ics with a stable UID whose SEQUENCE goes up; cancellations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from icalendar import Calendar

from secretariat.meetings.models import Meeting
from secretariat.notify.services import (
    send_actions,
    send_actions_and_decisions,
    send_invitation,
    send_meeting_invitation,
)
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.factories import make_agenda, make_call
from tests.notify.conftest import SmtpServer, text_of


def _calendar(message: object) -> Calendar:
    for part in message.iter_attachments():  # type: ignore[attr-defined]
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content())
    raise AssertionError("no text/calendar part")


@pytest.fixture
def call(team: Team) -> Meeting:
    meeting = make_call(
        team, 41, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    )
    make_agenda(meeting, ["Welcome, roll call", ("Work plan", ["Key dates"]), "AOB"])
    return meeting


def test_the_invitation_carries_a_request_with_the_agenda(
    smtp: SmtpServer, call: Meeting, staff: Person, member: Person, observer: Person
) -> None:
    invitation = send_meeting_invitation(meeting=call, by=user_of(staff))
    send_invitation(meeting_id=call.pk, sequence=invitation.sequence)
    message = smtp.mailbox.to(member.email)[0]
    assert "Work plan" in text_of(message)
    assert "Key dates" in text_of(message)
    assert "Your time: Tuesday 6 June 2017, 16:00 (Europe/Berlin)" in text_of(message)
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{call.pk}@ssr2.example.org"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    assert smtp.mailbox.to(observer.email) == []  # observers are not invited


def test_an_update_keeps_the_uid_and_increments_the_sequence_and_a_cancellation_cancels(
    smtp: SmtpServer, call: Meeting, staff: Person, member: Person
) -> None:
    for _ in range(2):
        invitation = send_meeting_invitation(meeting=call, by=user_of(staff))
        send_invitation(meeting_id=call.pk, sequence=invitation.sequence)
    Meeting.objects.filter(pk=call.pk).update(status=Meeting.Status.CANCELLED)
    call.refresh_from_db()
    invitation = send_meeting_invitation(meeting=call, by=user_of(staff))
    send_invitation(meeting_id=call.pk, sequence=invitation.sequence)
    calendars = [_calendar(m) for m in smtp.mailbox.to(member.email)]
    events = [c.walk("VEVENT")[0] for c in calendars]
    assert len({str(e["UID"]) for e in events}) == 1
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert [str(c["METHOD"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(events[-1]["STATUS"]) == "CANCELLED"


def test_a_resent_sequence_is_not_mailed_twice(
    smtp: SmtpServer, call: Meeting, staff: Person, member: Person
) -> None:
    invitation = send_meeting_invitation(meeting=call, by=user_of(staff))
    send_invitation(meeting_id=call.pk, sequence=invitation.sequence)
    send_invitation(meeting_id=call.pk, sequence=invitation.sequence)  # a retried task
    assert len(smtp.mailbox.to(member.email)) == 1


def test_members_may_not_send_invitations(call: Meeting, member: Person) -> None:
    with pytest.raises(PermissionDenied):
        send_meeting_invitation(meeting=call, by=user_of(member))


def test_the_invite_url_is_for_staff_only(call: Meeting, staff: Person, member: Person) -> None:
    url = f"/{call.team.slug}/meetings/{call.number}/invite/"
    assert client_for(member).post(url).status_code == 403
    response = client_for(staff).post(url)
    assert response.status_code == 302
    assert call.invitation.sequence == 0


def test_actions_and_decisions_go_to_the_team(
    smtp: SmtpServer, call: Meeting, staff: Person, member: Person
) -> None:
    entry = send_actions_and_decisions(meeting=call, by=user_of(staff))
    send_actions(meeting_id=call.pk, entry_id=entry.pk)
    message = smtp.mailbox.to(member.email)[0]
    assert "Actions & decisions" in str(message["Subject"])
    assert "Decisions reached" in text_of(message)
