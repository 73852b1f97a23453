"""Background tasks of availability polls: an invitee's personal link, and the one reminder
before the poll closes. Arguments are JSON values only; a mail server that refuses or times
out queues the task again with notify's backoff (tasks.py), and the claims in the Invitee
row make a retry or a second worker send nothing twice."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from secretariat.notify.tasks import RETRYABLE, _retry


@task()
def send_poll_link_task(invitee_id: int, sequence: int, attempt: int = 0) -> int:
    from secretariat.notify.polls import send_poll_link

    try:
        return send_poll_link(invitee_id=invitee_id, sequence=sequence)
    except RETRYABLE as error:
        _retry(
            send_poll_link_task, {"invitee_id": invitee_id, "sequence": sequence}, attempt, error
        )
        raise


@task()
def send_poll_reminder_task(invitee_id: int, now: str, attempt: int = 0) -> int:
    from secretariat.notify.polls import send_poll_reminder

    try:
        return send_poll_reminder(invitee_id=invitee_id, now=dt.datetime.fromisoformat(now))
    except RETRYABLE as error:
        _retry(send_poll_reminder_task, {"invitee_id": invitee_id, "now": now}, attempt, error)
        raise
