"""Task durability: enqueued only when the change commits, JSON arguments, run by db_worker."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secretariat.notify.models import ReminderPreference, ReminderSent
from secretariat.notify.services import set_reminder_preference
from secretariat.notify.tasks import send_digest_task
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import create_action_item
from tests.conftest import user_of
from tests.factories import make_item
from tests.notify.conftest import SmtpServer

NOW = dt.datetime(2017, 6, 6, 6, 0, tzinfo=dt.UTC)


def test_a_rolled_back_change_enqueues_no_task(
    team: Team, staff: Person, member: Person, django_capture_on_commit_callbacks: Any
) -> None:
    class Oops(Exception):
        pass

    def create_then_fail() -> None:
        with transaction.atomic():
            create_action_item(team=team, by=user_of(staff), text="Brief the RT.", owners=[member])
            raise Oops

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops):
        create_then_fail()
    assert callbacks == []
    assert not DBTaskResult.objects.exists()


def test_a_committed_assignment_enqueues_one_task_with_json_arguments(
    team: Team, staff: Person, member: Person, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        create_action_item(team=team, by=user_of(staff), text="Brief the RT.", owners=[member])
    task = DBTaskResult.objects.get()
    assert task.task_path == "secretariat.notify.tasks.send_assignment_task"
    assert json.loads(json.dumps(task.args_kwargs)) == task.args_kwargs
    assert set(task.args_kwargs["kwargs"]) == {"entry_id"}


@pytest.fixture
def keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker closes stale connections between tasks; in a test that is the test's own."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.mark.usefixtures("keep_test_connection")
def test_db_worker_sends_a_queued_digest_and_retries_after_the_server_was_down(
    smtp: SmtpServer, team: Team, member: Person
) -> None:
    make_item(team, "Circulate the work plan.", owners=[member], due_on=dt.date(2017, 6, 7))
    set_reminder_preference(
        person=member, by=None, schedule=ReminderPreference.Schedule.DAILY, hour=8
    )
    send_digest_task.enqueue(person_id=member.pk, now=NOW.isoformat())
    smtp.stop()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.run_after > failed.enqueued_at  # backs off
    assert not ReminderSent.objects.exists()

    smtp.start()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # time passes
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert len(smtp.mailbox.to(member.email)) == 1
    send_digest_task.enqueue(person_id=member.pk, now=NOW.isoformat())
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert len(smtp.mailbox.to(member.email)) == 1  # exactly once


@pytest.mark.django_db(transaction=True)
def test_a_db_worker_process_delivers_a_queued_digest(smtp: SmtpServer) -> None:
    from django.db import connection

    from secretariat.teams.models import Role
    from tests.factories import make_member

    team = Team.objects.get_or_create(slug="ssr2", defaults={"name": "SSR2 Review Team"})[0]
    member = make_member(team, "Zarko Kecic", Role.MEMBER, time_zone="Europe/Belgrade")
    make_item(
        team, "Send the SSR2 terms of reference.", owners=[member], due_on=dt.date(2017, 6, 7)
    )
    send_digest_task.enqueue(person_id=member.pk, now=NOW.isoformat())
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "DEFAULT_FROM_EMAIL": "secretariat@ssr2.example.org",
    }
    subprocess.run(
        [sys.executable, "-m", "secretariat", "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert len(smtp.mailbox.to(member.email)) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
