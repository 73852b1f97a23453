"""Each invitee gets their personal link by mail (after commit, exactly once), staff can
resend it and invite more people, and those who have not answered get one reminder two days
before the poll closes. A real SMTP server receives the mail."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from secretariat.core.history import history_for
from secretariat.notify.polls import due_poll_reminders, send_poll_link, send_poll_reminder
from secretariat.notify.services import run_reminders, set_reminder_preference
from secretariat.polls.models import Answer, Invitee, Poll
from secretariat.polls.services import (
    Guest,
    add_invitees,
    record_answers,
    resend_link,
)
from secretariat.teams.models import Person, Role, Team
from tests.conftest import client_for, user_of
from tests.factories import make_member
from tests.notify.conftest import SmtpServer
from tests.polls.conftest import CLOSES, CREATED, make_poll

LINK = re.compile(r"https://secretariat\.example\.org(/polls/answer/[^/\s]+/)")


@pytest.fixture(autouse=True)
def may_26_2017() -> Iterator[None]:
    with time_machine.travel(CREATED, tick=False):
        yield


@pytest.fixture
def keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes stale connections between tasks; in a test that is the test's own."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def started(team: Team, staff: Person, people: list[Person], capture: Any, **kw: object) -> Poll:
    with capture(execute=True):
        return make_poll(team, staff, people, closes_at=CLOSES, **kw)


def links_queued() -> list[dict[str, Any]]:
    tasks = DBTaskResult.objects.filter(
        task_path="secretariat.notify.poll_tasks.send_poll_link_task"
    )
    return sorted(
        (t.args_kwargs["kwargs"] for t in tasks), key=lambda k: (k["invitee_id"], k["sequence"])
    )


@pytest.mark.usefixtures("keep_test_connection")
def test_each_invitee_gets_their_own_link_with_the_closing_date_in_their_zone(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    denise: Person,
    noorul: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    poll = started(team, staff, [denise, noorul], django_capture_on_commit_callbacks)
    assert len(links_queued()) == 3  # Denise, Noorul and the guest Kerry-Ann Barrett
    run_worker()
    (to_denise,) = smtp.mailbox.to(denise.email)
    (to_noorul,) = smtp.mailbox.to(noorul.email)
    (to_guest,) = smtp.mailbox.to("kbarrett@example.org")
    assert to_denise["Subject"] == "[ssr2] When can you? Face-to-face meeting in Montreal"
    text = text_of(to_denise)
    assert "Face-to-face meeting in Montreal" in text
    # 17:00 in Montreal is 14:00 in Los Angeles and 02:30 the next day in Kolkata.
    assert "closes on Friday 2 June 2017 at 14:00 PDT (America/Los_Angeles)" in text
    assert "closes on Saturday 3 June 2017 at 02:30 IST (Asia/Kolkata)" in text_of(to_noorul)
    assert "closes on Friday 2 June 2017 at 17:00 EDT (America/Toronto)" in text_of(to_guest)
    assert "Friday 2 June 2017 at 14:00 PDT" in html_of(to_denise)
    # Each link is personal: it opens the poll as that person.
    link = LINK.search(text)
    assert link is not None
    assert link.group(1) in html_of(to_denise)
    page = Client().get(link.group(1))
    assert page.status_code == 200
    assert "Hello Denise Michel" in page.content.decode()
    assert LINK.search(text_of(to_noorul)).group(1) != link.group(1)  # type: ignore[union-attr]
    # Roster people can turn reminders off in one click; a guest is on no roster.
    assert to_denise["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert to_guest["List-Unsubscribe"] is None
    assert to_guest["Auto-Submitted"] == "auto-generated"
    assert Invitee.objects.get(poll=poll, person=denise).mailed_at == CREATED


def test_a_rolled_back_poll_mails_nobody(
    team: Team, staff: Person, denise: Person, django_capture_on_commit_callbacks: Any
) -> None:
    class Oops(Exception):
        pass

    def start_then_fail() -> None:
        with transaction.atomic():
            make_poll(team, staff, [denise], closes_at=CLOSES)
            raise Oops

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops):
        start_then_fail()
    assert callbacks == []
    assert not DBTaskResult.objects.exists()
    assert not Poll.objects.exists()


def test_a_retried_task_does_not_mail_the_link_twice(
    smtp: SmtpServer, team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise], guests=[], closes_at=CLOSES)
    invitee = poll.invitees.get()
    assert send_poll_link(invitee_id=invitee.pk, sequence=1) == 1
    assert send_poll_link(invitee_id=invitee.pk, sequence=1) == 0
    assert len(smtp.mailbox.to(denise.email)) == 1


def test_a_refused_mail_releases_its_claim_so_the_retry_sends_it(
    smtp: SmtpServer, team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise], guests=[], closes_at=CLOSES)
    invitee = poll.invitees.get()
    smtp.stop()
    with pytest.raises(OSError):  # noqa: PT011  (refused, timed out: any of them)
        send_poll_link(invitee_id=invitee.pk, sequence=1)
    invitee.refresh_from_db()
    assert (invitee.mails_sent, invitee.mailed_at) == (0, None)
    smtp.start()
    assert send_poll_link(invitee_id=invitee.pk, sequence=1) == 1
    assert len(smtp.mailbox.to(denise.email)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_link(smtp: SmtpServer) -> None:
    team = Team.objects.get_or_create(slug="ssr2", defaults={"name": "SSR2 Review Team"})[0]
    staff = make_member(team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles")
    denise = make_member(team, "Denise Michel", time_zone="America/Los_Angeles")
    poll = make_poll(team, staff, [denise], guests=[], closes_at=CLOSES)
    invitee_id = poll.invitees.get().pk
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            send_poll_link(invitee_id=invitee_id, sequence=1)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(smtp.mailbox.to(denise.email)) == 1


def test_staff_resend_a_persons_link_and_it_goes_out_again(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    denise: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    poll = started(team, staff, [denise], django_capture_on_commit_callbacks, guests=[])
    send_poll_link(**links_queued()[0])
    invitee = poll.invitees.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/ssr2/polls/{poll.pk}/invitees/{invitee.pk}/resend/")
    assert response.status_code == 302
    assert links_queued()[1] == {"invitee_id": invitee.pk, "sequence": 2}
    send_poll_link(**links_queued()[1])
    first, second = smtp.mailbox.to(denise.email)
    assert first["Message-ID"] != second["Message-ID"]
    assert LINK.search(text_of(first)).group(1) == LINK.search(text_of(second)).group(1)  # type: ignore[union-attr]
    assert "polls.invitee.link_resent" in [e.action for e in history_for(poll)]


def test_a_link_cannot_be_resent_to_a_guest_without_address_or_after_closing(
    team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise], guests=[Guest(name="Matogoro")], closes_at=CLOSES)
    guest = poll.invitees.get(name="Matogoro")
    response = client_for(staff).post(f"/ssr2/polls/{poll.pk}/invitees/{guest.pk}/resend/")
    assert response.status_code == 400
    assert "Matogoro has no e-mail address" in response.content.decode()
    guest.refresh_from_db()
    assert guest.mails_requested == 0
    denise_invitee = poll.invitees.get(person=denise)
    with (
        time_machine.travel(CLOSES + dt.timedelta(hours=1), tick=False),
        pytest.raises(ValidationError, match="closed on 2017-06-02 17:00 EDT"),
    ):
        resend_link(poll=poll, invitee=denise_invitee, by=user_of(staff))
    assert Invitee.objects.get(pk=denise_invitee.pk).mails_requested == 1


def test_a_member_may_not_resend_links(team: Team, staff: Person, denise: Person) -> None:
    poll = make_poll(team, staff, [denise], closes_at=CLOSES)
    invitee = poll.invitees.get(person=denise)
    response = client_for(denise).post(f"/ssr2/polls/{poll.pk}/invitees/{invitee.pk}/resend/")
    assert response.status_code == 403
    assert Invitee.objects.get(pk=invitee.pk).mails_requested == 1


def test_people_added_to_an_open_poll_get_their_link_and_the_others_no_second_one(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    denise: Person,
    noorul: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    poll = started(team, staff, [denise], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            f"/ssr2/polls/{poll.pk}/invite/",
            {
                "version": poll.version,
                "people": [noorul.pk],
                "guests": "KC Claffy <kc@example.org>",
            },
        )
    assert response.status_code == 302
    for kwargs in links_queued():
        send_poll_link(**kwargs)
    assert len(smtp.mailbox.to(denise.email)) == 1
    assert len(smtp.mailbox.to(noorul.email)) == 1
    assert len(smtp.mailbox.to("kc@example.org")) == 1
    assert sorted(poll.invitees.values_list("name", flat=True)) == [
        "Denise Michel",
        "KC Claffy",
        "Kerry-Ann Barrett",
        "Noorul Ameen",
    ]
    assert "polls.poll.invitees_added" in [e.action for e in history_for(poll)]


def test_inviting_someone_twice_or_from_outside_the_roster_changes_nothing(
    team: Team, staff: Person, denise: Person, outsider: Person
) -> None:
    poll = make_poll(team, staff, [denise], closes_at=CLOSES)
    with pytest.raises(ValidationError, match="Already invited: Denise Michel, Kerry-Ann Barrett"):
        add_invitees(
            poll=poll,
            by=user_of(staff),
            expected_version=poll.version,
            people=[denise],
            guests=[Guest(name="Kerry-Ann Barrett", email="KBarrett@example.org")],
        )
    with pytest.raises(ValidationError, match="Not on the roster of ssr2: Kim Davies"):
        add_invitees(poll=poll, by=user_of(staff), expected_version=poll.version, people=[outsider])
    assert poll.invitees.count() == 2
    assert Poll.objects.get(pk=poll.pk).version == poll.version


# --- the reminder ----------------------------------------------------------------------------

TWO_DAYS_BEFORE = CLOSES - dt.timedelta(days=2)  # Wednesday 31 May 2017, 21:00 UTC


def mailed_poll(team: Team, staff: Person, people: list[Person]) -> Poll:
    poll = make_poll(team, staff, people, closes_at=CLOSES)
    for invitee in poll.invitees.all():
        send_poll_link(invitee_id=invitee.pk, sequence=1)
    return poll


def test_who_has_not_answered_gets_one_reminder_two_days_before_the_poll_closes(
    smtp: SmtpServer, team: Team, staff: Person, denise: Person, noorul: Person
) -> None:
    poll = mailed_poll(team, staff, [denise, noorul])
    record_answers(
        invitee=poll.invitees.get(person=noorul), choices={s.pk: "yes" for s in poll.slots.all()}
    )
    before = TWO_DAYS_BEFORE - dt.timedelta(hours=1)
    assert run_reminders(now=before, enqueue=False) == []
    assert list(due_poll_reminders(before)) == []
    run_reminders(now=TWO_DAYS_BEFORE, enqueue=False)
    run_reminders(now=TWO_DAYS_BEFORE + dt.timedelta(hours=1), enqueue=False)  # next hour's run
    reminders = [m for r in smtp.mailbox.received if "Reminder" in (m := r.message)["Subject"]]
    assert sorted(m["To"] for m in reminders) == [
        "Denise Michel <denise.michel@example.org>",
        "Kerry-Ann Barrett <kbarrett@example.org>",
    ]
    (to_denise,) = [m for m in reminders if "denise" in m["To"]]
    assert to_denise["Subject"] == "[ssr2] Reminder: when can you? Face-to-face meeting in Montreal"
    text = text_of(to_denise)
    assert "you have not yet said when you can come" in text
    assert "closes on Friday 2 June 2017 at 14:00 PDT" in text
    assert LINK.search(text) is not None
    assert not [m for m in reminders if "noorul" in m["To"]]  # she answered


def test_no_reminder_after_unsubscribing_or_once_a_meeting_is_chosen(
    smtp: SmtpServer, team: Team, staff: Person, denise: Person
) -> None:
    poll = mailed_poll(team, staff, [denise])
    set_reminder_preference(person=denise, by=user_of(denise), schedule="never")
    assert [i.name for i in due_poll_reminders(TWO_DAYS_BEFORE)] == ["Kerry-Ann Barrett"]
    from secretariat.polls.services import schedule_meeting

    schedule_meeting(poll=poll, slot=poll.slots.first(), by=user_of(staff))  # type: ignore[arg-type]
    assert list(due_poll_reminders(TWO_DAYS_BEFORE)) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(smtp: SmtpServer) -> None:
    team = Team.objects.get_or_create(slug="ssr2", defaults={"name": "SSR2 Review Team"})[0]
    staff = make_member(team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles")
    denise = make_member(team, "Denise Michel", time_zone="America/Los_Angeles")
    poll = mailed_poll(team, staff, [denise])
    invitee_id = poll.invitees.get(person=denise).pk
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            send_poll_reminder(invitee_id=invitee_id, now=TWO_DAYS_BEFORE)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reminders = [m for m in smtp.mailbox.to(denise.email) if "Reminder" in m["Subject"]]
    assert len(reminders) == 1


@pytest.mark.usefixtures("keep_test_connection")
def test_the_hourly_schedule_queues_the_reminder_for_a_worker(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    denise: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailed_poll(team, staff, [denise])
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders(now=TWO_DAYS_BEFORE, enqueue=True)
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_poll_reminder_task")
    assert tasks.count() == 2  # Denise and the guest
    with time_machine.travel(TWO_DAYS_BEFORE, tick=False):
        run_worker()
    assert {t.status for t in tasks} == {"SUCCESSFUL"}
    assert len([m for m in smtp.mailbox.to(denise.email) if "Reminder" in m["Subject"]]) == 1
    assert not Answer.objects.exists()


def test_a_bad_guest_line_when_inviting_is_named_and_nobody_is_added(
    team: Team, staff: Person, denise: Person, noorul: Person
) -> None:
    poll = make_poll(team, staff, [denise], closes_at=CLOSES)
    response = client_for(staff).post(
        f"/ssr2/polls/{poll.pk}/invite/",
        {"version": poll.version, "people": [noorul.pk], "guests": "KC Claffy <kc at caida>"},
    )
    assert response.status_code == 400
    assert "Line 1: kc at caida is not an e-mail address." in response.content.decode()
    assert poll.invitees.count() == 2
    assert Poll.objects.get(pk=poll.pk).version == poll.version
    assert not DBTaskResult.objects.filter(task_path__endswith="send_poll_link_task").exists()


def test_the_dry_run_of_the_hourly_schedule_lists_who_would_be_reminded(
    smtp: SmtpServer, team: Team, staff: Person, denise: Person
) -> None:
    from io import StringIO

    mailed_poll(team, staff, [denise])
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--now", TWO_DAYS_BEFORE.isoformat(), stdout=out)
    assert "Denise Michel would get a reminder of poll Face-to-face meeting in Montreal" in (
        out.getvalue()
    )
    assert not [m for m in smtp.mailbox.to(denise.email) if "Reminder" in m["Subject"]]
