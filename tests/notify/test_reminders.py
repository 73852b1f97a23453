"""Reminder digests over a real SMTP server: once per person, item and day; in their own zone."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from secretariat.core.models import Visibility
from secretariat.notify.models import ReminderPreference, ReminderSent
from secretariat.notify.services import run_reminders, send_digest, set_reminder_preference
from secretariat.teams.models import Group, Person, Role, Team
from tests.factories import make_item, make_member
from tests.notify.conftest import SmtpServer, text_of

# 06:00 UTC on Tuesday 6 June 2017 is 08:00 in Berlin (CEST) and 02:00 in New York (EDT).
NOW = dt.datetime(2017, 6, 6, 6, 0, tzinfo=dt.UTC)
TODAY = dt.date(2017, 6, 6)


def _daily_at_8(person: Person, days_ahead: int = 7) -> None:
    set_reminder_preference(
        person=person,
        by=None,
        schedule=ReminderPreference.Schedule.DAILY,
        days_ahead=days_ahead,
        hour=8,
    )


@pytest.fixture
def items(
    team: Team, member: Person, other_member: Person, review_team_group: Group
) -> dict[str, Any]:
    return {
        "overdue": make_item(
            team,
            "Circulate the SSR1 implementation review to the RT.",
            owners=[member],
            due_on=TODAY - dt.timedelta(days=3),
        ),
        "soon": make_item(
            team,
            "Send the ICANN59 session list to the team.",
            owners=[review_team_group],
            due_on=TODAY + dt.timedelta(days=2),
        ),
        "later": make_item(
            team,
            "Draft the final report outline.",
            owners=[member],
            due_on=TODAY + dt.timedelta(days=30),
        ),
        "restricted": make_item(
            team,
            "Confidential: contract terms of the DNS abuse study.",
            owners=[other_member],
            due_on=TODAY - dt.timedelta(days=2),
            visibility=Visibility.RESTRICTED,
        ),
    }


def test_running_the_job_twice_sends_one_digest_per_person(
    smtp: SmtpServer, member: Person, items: dict[str, Any]
) -> None:
    _daily_at_8(member)
    run_reminders(now=NOW, enqueue=False)
    run_reminders(now=NOW, enqueue=False)
    received = smtp.mailbox.to(member.email)
    assert len(received) == 1
    body = text_of(received[0])
    assert "#1 " in body
    assert "#2 " in body
    assert "#3 " not in body  # due in 30 days, beyond the 7 asked for
    assert "due 2017-06-03, 3 days late · https://secretariat.example.org/ssr2/actions/1/" in body
    assert "due 2017-06-08, in 2 days · https://secretariat.example.org/ssr2/actions/2/" in body
    html = received[0].get_body(preferencelist=("html",)).get_content()
    assert '<a href="https://secretariat.example.org/ssr2/actions/1/">#1</a>' in html
    assert ReminderSent.objects.filter(person=member, day=TODAY).count() == 2


def test_the_digest_states_the_persons_own_local_time(
    smtp: SmtpServer, member: Person, items: dict[str, Any]
) -> None:
    _daily_at_8(member)
    run_reminders(now=NOW, enqueue=False)
    body = text_of(smtp.mailbox.to(member.email)[0])
    assert "Tuesday 6 June 2017, 08:00 (Europe/Berlin)" in body


def test_nobody_is_reminded_outside_their_chosen_hour(
    smtp: SmtpServer, member: Person, other_member: Person, items: dict[str, Any]
) -> None:
    _daily_at_8(member)
    _daily_at_8(other_member)  # New York: 08:00 there is 12:00 UTC, not now
    run_reminders(now=NOW, enqueue=False)
    assert smtp.mailbox.to(other_member.email) == []
    run_reminders(now=NOW + dt.timedelta(hours=6), enqueue=False)
    assert len(smtp.mailbox.to(other_member.email)) == 1


def test_a_restricted_item_is_absent_for_a_member_it_does_not_name(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    member: Person,
    other_member: Person,
    items: dict[str, Any],
) -> None:
    _daily_at_8(member)
    run_reminders(now=NOW, enqueue=False)
    body = text_of(smtp.mailbox.to(member.email)[0])
    assert "Confidential" not in body
    assert "#4" not in body


def test_staff_get_everything_overdue_by_owner(
    smtp: SmtpServer,
    team: Team,
    staff: Person,
    member: Person,
    other_member: Person,
    items: dict[str, Any],
) -> None:
    set_reminder_preference(
        person=staff, by=None, schedule=ReminderPreference.Schedule.DAILY, hour=23
    )  # 06:00 UTC is 23:00 the day before in Los Angeles
    run_reminders(now=NOW, enqueue=False)
    body = text_of(smtp.mailbox.to(staff.email)[0])
    assert "Everything overdue, by owner" in body
    assert "Boban Krsic" in body
    assert "Kerry-Ann Barrett" in body
    assert "Confidential: contract terms" in body  # staff read restricted items


def test_never_means_no_mail(smtp: SmtpServer, member: Person, items: dict[str, Any]) -> None:
    set_reminder_preference(
        person=member, by=None, schedule=ReminderPreference.Schedule.NEVER, hour=8
    )
    run_reminders(now=NOW, enqueue=False)
    assert smtp.mailbox.received == []


def test_weekly_reminders_come_on_the_chosen_day_only(
    smtp: SmtpServer, member: Person, items: dict[str, Any]
) -> None:
    set_reminder_preference(
        person=member,
        by=None,
        schedule=ReminderPreference.Schedule.WEEKLY,
        hour=8,
        weekday=ReminderPreference.Weekday.MONDAY,
    )
    run_reminders(now=NOW, enqueue=False)  # a Tuesday
    assert smtp.mailbox.received == []
    run_reminders(now=NOW - dt.timedelta(days=1), enqueue=False)  # Monday 08:00 in Berlin
    assert len(smtp.mailbox.to(member.email)) == 1


def test_a_mail_server_that_is_down_delays_the_digest_and_then_sends_it_once(
    smtp: SmtpServer, member: Person, items: dict[str, Any]
) -> None:
    _daily_at_8(member)
    smtp.stop()
    with pytest.raises(ConnectionRefusedError):
        send_digest(person=member, now=NOW)
    assert not ReminderSent.objects.filter(person=member).exists()  # claims released
    smtp.start()
    assert send_digest(person=member, now=NOW) == 2
    assert send_digest(person=member, now=NOW) == 0
    assert len(smtp.mailbox.to(member.email)) == 1


def test_the_command_prints_what_a_dry_run_would_send(
    smtp: SmtpServer, member: Person, items: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _daily_at_8(member)
    call_command("send_reminders", "--now", NOW.isoformat(), "--dry-run")
    out = capsys.readouterr().out
    assert "Boban Krsic <boban.krsic@example.org> would get a digest of 2 item(s)" in out
    assert smtp.mailbox.received == []
    assert not ReminderSent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(smtp: SmtpServer) -> None:
    team = Team.objects.get_or_create(slug="ssr2", defaults={"name": "SSR2 Review Team"})[0]
    member = make_member(team, "Laurin Weissinger", Role.MEMBER, time_zone="Europe/Berlin")
    for n in range(5):
        make_item(team, f"Review recommendation {n + 1} of SSR1.", owners=[member], due_on=TODAY)
    _daily_at_8(member)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            send_digest(person=Person.objects.get(pk=member.pk), now=NOW)
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
    assert len(smtp.mailbox.to(member.email)) == 1
    assert ReminderSent.objects.filter(person=member).count() == 5


def _staff_digest_queries(staff: Person, team: Team, owners: list[Person], count: int) -> int:
    from django.test.utils import CaptureQueriesContext

    ReminderSent.objects.all().delete()
    for n in range(count):
        make_item(
            team,
            f"Follow up on SSR1 recommendation {n + 1}.",
            owners=[owners[n % len(owners)]],
            due_on=TODAY - dt.timedelta(days=10 + n),
        )
    with CaptureQueriesContext(connection) as context:
        assert send_digest(person=staff, now=NOW + dt.timedelta(days=count)) >= count
    return len(context.captured_queries)


def test_a_staff_digest_takes_as_many_queries_for_30_overdue_items_as_for_3(
    smtp: SmtpServer, team: Team, staff: Person, member: Person, other_member: Person
) -> None:
    _staff_digest_queries(staff, team, [member], 1)  # warms what is read once per process
    few = _staff_digest_queries(staff, team, [member, other_member], 3)
    many = _staff_digest_queries(staff, team, [member, other_member], 30)
    assert many == few
    [_warm, _first, second] = smtp.mailbox.to(staff.email)
    assert "Boban Krsic" in text_of(second)
