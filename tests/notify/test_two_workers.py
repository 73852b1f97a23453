"""Two `db_worker` processes at once, on a queue where the reminder schedule ran twice (cron
fired twice, or two hosts run it): every person gets one digest, no item is named twice."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from secretariat.notify.models import ReminderPreference, ReminderSent, SentMail
from secretariat.notify.services import run_reminders, set_reminder_preference
from secretariat.teams.models import Role, Team
from tests.factories import make_item, make_member
from tests.notify.conftest import SmtpServer

NOW = dt.datetime(2017, 6, 6, 6, 0, tzinfo=dt.UTC)  # 08:00 in Berlin and Brussels


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_a_doubled_schedule_send_one_digest_each(
    smtp: SmtpServer,
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("two processes writing at once need PostgreSQL")
    team = Team.objects.get_or_create(slug="ssr2", defaults={"name": "SSR2 Review Team"})[0]
    people = [
        make_member(team, "Laurin Weissinger", Role.MEMBER, time_zone="Europe/Berlin"),
        make_member(team, "Boban Krsic", Role.MEMBER, time_zone="Europe/Berlin"),
        make_member(team, "Emily Taylor", Role.CHAIR, time_zone="Europe/Brussels"),
    ]
    for person in people:
        set_reminder_preference(
            person=person, by=None, schedule=ReminderPreference.Schedule.DAILY, hour=8
        )
        for n in range(3):
            make_item(
                team,
                f"{person.name}: review SSR1 recommendation {n + 1}.",
                owners=[person],
                due_on=dt.date(2017, 6, 7),
            )
    run_reminders(now=NOW, enqueue=True)
    run_reminders(now=NOW, enqueue=True)  # the schedule ran twice: two tasks per person
    assert DBTaskResult.objects.filter(status="READY").count() == 2 * len(people)

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "DEFAULT_FROM_EMAIL": "secretariat@ssr2.example.org",
    }
    command = [sys.executable, "-m", "secretariat", "db_worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
        for _ in range(2)
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err.decode()[-2000:]

    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert done.count() == 2 * len(people)
    # Each task returns how many items its digest named: every item once, over all tasks.
    assert sorted(r.return_value for r in done) == [0, 0, 0, 3, 3, 3]
    for person in people:
        [digest] = smtp.mailbox.to(person.email)
        assert digest.get_body(preferencelist=("plain",)).get_content().count("review SSR1") == 3
    assert ReminderSent.objects.count() == 3 * len(people)
    assert SentMail.objects.filter(kind="digest").count() == len(people)
