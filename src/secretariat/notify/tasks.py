"""Background tasks (django-tasks interface, database queue; `secretariat db_worker` runs them).

Arguments are JSON values only (ids and ISO timestamps): they are stored in the queue. A task
whose mail server refuses or times out schedules itself again with exponential backoff (up to
MAX_ATTEMPTS) and then fails, so the failure is on record and the mail is delayed, not lost;
the idempotency tables make the retry send only what did not go out.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.utils import timezone
from django_tasks import task

from secretariat.teams.models import Person

logger = logging.getLogger("secretariat.notify")

MAX_ATTEMPTS = 8
BACKOFF_SECONDS = 60  # 1, 2, 4, … minutes
RETRYABLE = (smtplib.SMTPException, OSError)


def backoff(attempt: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS * 2**attempt)


def _retry(task_object: Any, kwargs: dict[str, Any], attempt: int, error: Exception) -> None:
    """Queue the task again after a delay, unless it has been tried MAX_ATTEMPTS times."""
    if attempt + 1 >= MAX_ATTEMPTS:
        logger.error(
            "Giving up on %s%r after %s attempts: %s", task_object.name, kwargs, attempt + 1, error
        )
        return
    delay = backoff(attempt)
    task_object.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
    logger.warning(
        "Mail server error in %s%r (%s); retrying in %s.", task_object.name, kwargs, error, delay
    )


@task()
def send_reminders_task(now: str | None = None) -> int:
    """Run the reminder schedule for `now` (ISO 8601; default the current time)."""
    from secretariat.notify.services import run_reminders

    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    return len(run_reminders(now=moment, enqueue=True))


@task()
def send_digest_task(person_id: int, now: str, attempt: int = 0) -> int:
    from secretariat.notify.services import send_digest

    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if person is None:
        return 0
    try:
        return send_digest(person=person, now=dt.datetime.fromisoformat(now))
    except RETRYABLE as error:
        _retry(send_digest_task, {"person_id": person_id, "now": now}, attempt, error)
        raise


@task()
def send_assignment_task(entry_id: int, attempt: int = 0) -> int:
    from secretariat.notify.services import send_assignment_mail

    try:
        return send_assignment_mail(entry_id=entry_id)
    except RETRYABLE as error:
        _retry(send_assignment_task, {"entry_id": entry_id}, attempt, error)
        raise


@task()
def send_invitation_task(meeting_id: int, sequence: int, attempt: int = 0) -> int:
    from secretariat.notify.services import send_invitation

    try:
        return send_invitation(meeting_id=meeting_id, sequence=sequence)
    except RETRYABLE as error:
        _retry(
            send_invitation_task, {"meeting_id": meeting_id, "sequence": sequence}, attempt, error
        )
        raise


@task()
def send_actions_task(meeting_id: int, entry_id: int, attempt: int = 0) -> int:
    from secretariat.notify.services import send_actions

    try:
        return send_actions(meeting_id=meeting_id, entry_id=entry_id)
    except RETRYABLE as error:
        _retry(send_actions_task, {"meeting_id": meeting_id, "entry_id": entry_id}, attempt, error)
        raise
