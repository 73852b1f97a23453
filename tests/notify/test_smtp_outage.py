"""A mail server that goes away in the middle of a sending: what went out is not sent again,
what did not is sent once the server is back, through the task queue's retry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secretariat.meetings.models import Meeting
from secretariat.notify import mail
from secretariat.notify.models import SentMail
from secretariat.notify.services import send_meeting_invitation
from secretariat.teams.models import Person, Role, Team
from tests.conftest import user_of
from tests.factories import make_agenda, make_call, make_member
from tests.notify.conftest import SmtpServer


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes stale connections between tasks; in a test that is the test's own."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def test_the_server_stopping_mid_run_delays_the_rest_and_each_gets_one_invitation(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    member: Person,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    others = [
        make_member(team, "KC Claffy", Role.MEMBER, time_zone="America/Los_Angeles"),
        make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York"),
        make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles"),
    ]
    people = [staff, member, *others]
    call = make_call(
        team, 42, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 13, 14, 0, tzinfo=dt.UTC)
    )
    make_agenda(call, ["Welcome, roll call", "Work plan", "AOB"])

    # The server stops right after the first message went through (before the second is built).
    built: list[str] = []
    original_build = mail.Outgoing.build

    def build_then_stop(self: mail.Outgoing) -> Any:
        built.append(self.message_id)
        if len(built) == 2:
            smtp.stop()
        return original_build(self)

    monkeypatch.setattr(mail.Outgoing, "build", build_then_stop)
    with django_capture_on_commit_callbacks(execute=True):  # queues the task on commit
        send_meeting_invitation(meeting=call, by=user_of(staff))
    _run_worker()

    assert len(smtp.mailbox.received) == 1  # one went out before the server stopped
    assert SentMail.objects.count() == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.run_after > timezone.now()  # backs off: not before the server may be back

    monkeypatch.setattr(mail.Outgoing, "build", original_build)
    smtp.start()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # time passes
    _run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    for person in people:
        assert len(smtp.mailbox.to(person.email)) == 1, person.name  # exactly once each
    assert SentMail.objects.count() == len(people)
    ids = [m.message["Message-ID"] for m in smtp.mailbox.received]
    assert len(set(ids)) == len(ids)

    _run_worker()  # nothing left in the queue: nobody gets a second copy
    assert len(smtp.mailbox.received) == len(people)


def _refusing(smtp: SmtpServer, refused: dict[str, str]) -> None:
    """The server answers DATA for these addresses with the given reply (e.g. a 451)."""
    original = smtp.mailbox.handle_DATA

    async def refuse_some(server: Any, session: Any, envelope: Any) -> str:
        for address in envelope.rcpt_tos:
            if address in refused:
                return refused[address]
        return await original(server, session, envelope)

    smtp.mailbox.handle_DATA = refuse_some  # type: ignore[method-assign]
    smtp.stop()
    smtp.start()


def test_a_temporary_refusal_is_retried_and_nobody_gets_two(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    member: Person,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    call = make_call(
        team, 43, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 20, 14, 0, tzinfo=dt.UTC)
    )
    refused = {member.email: "451 4.3.0 Mailbox temporarily unavailable"}
    _refusing(smtp, refused)
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_invitation(meeting=call, by=user_of(staff))
    with caplog.at_level("WARNING", logger="secretariat.notify"):
        _run_worker()
    assert "4.3.0 Mailbox temporarily unavailable" in caplog.text
    assert "retrying in 0:01:00" in caplog.text
    assert smtp.mailbox.to(member.email) == []

    refused.clear()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    _run_worker()
    assert len(smtp.mailbox.to(member.email)) == 1
    assert len(smtp.mailbox.to(staff.email)) == 1
    assert len(smtp.mailbox.received) == 2


def test_a_permanent_refusal_is_logged_and_does_not_hold_back_the_others(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    member: Person,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    others = [
        make_member(team, "KC Claffy", Role.MEMBER, time_zone="America/Los_Angeles"),
        make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York"),
    ]
    call = make_call(
        team, 44, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 27, 14, 0, tzinfo=dt.UTC)
    )
    _refusing(smtp, {others[0].email: "550 5.1.1 No such user"})
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_invitation(meeting=call, by=user_of(staff))
    with caplog.at_level("ERROR", logger="secretariat.notify"):
        _run_worker()
    assert f"to person {others[0].pk} for good" in caplog.text
    assert "5.1.1 No such user" in caplog.text
    assert smtp.mailbox.to(others[0].email) == []
    for person in (staff, member, others[1]):
        assert len(smtp.mailbox.to(person.email)) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()  # nothing to retry
    assert Meeting.objects.get(pk=call.pk).invitation.sequence == 0
