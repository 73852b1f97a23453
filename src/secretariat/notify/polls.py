"""Mail of availability polls: each invitee's personal link, and one reminder before the poll
closes to those who have not answered.

Exactly once: a link mail is the `sequence`-th sending asked for an invitee (creation, being
added, each resend); the task claims it with one conditional UPDATE of the invitee's
`mails_sent` (a second worker running the same task updates no row and sends nothing), and
its Message-ID is made from (poll, invitee, sequence) so `SentMail` skips it on a retry. The
reminder is claimed the same way through `reminded_at`. A mail the server refused releases its
claim, so the retry sends it.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.notify.mail import Outgoing, absolute_url, deliver, header_text
from secretariat.notify.models import ReminderPreference
from secretariat.notify.services import enqueue_on_commit
from secretariat.polls.models import Invitee
from secretariat.polls.services import answer_token
from secretariat.teams.models import Person

logger = logging.getLogger("secretariat.notify")

# The reminder goes out this long before the poll closes (at the first hourly run inside it),
REMIND_BEFORE = dt.timedelta(days=2)
# and not to someone whose link was mailed more recently than this.
NOT_SOONER_THAN = dt.timedelta(hours=12)


def _recipient(invitee: Invitee) -> Person:
    """Whom the mail is addressed to: the roster person (with their one-click unsubscribe),
    or, for a guest, an unsaved stand-in with the guest's name and address."""
    if invitee.person is not None:
        return invitee.person
    return Person(name=invitee.name, email=invitee.email, time_zone=invitee.time_zone)


def poll_message(invitee: Invitee, *, key: str, reminder: bool = False) -> Outgoing:
    """The mail with `invitee`'s personal link: the poll's title, its closing date in the
    invitee's own time zone, and the link (plain text and HTML)."""
    poll = invitee.poll
    closes = poll.closes_at.astimezone(invitee_zone(invitee)) if poll.closes_at else None
    context = {
        "name": invitee.name,
        "poll": poll,
        "team": poll.team,
        "url": absolute_url(reverse("poll_answer", args=[answer_token(invitee)])),
        # Naive on purpose: the date filters would convert an aware time to the active zone.
        "closes": closes.replace(tzinfo=None) if closes else None,
        "zone": invitee.time_zone,
        "zone_abbreviation": closes.tzname() if closes else "",
        "reminder": reminder,
        "slot_count": len(poll.slots.all()),
    }
    if reminder:
        subject = _("[%(team)s] Reminder: when can you? %(title)s")
    else:
        subject = _("[%(team)s] When can you? %(title)s")
    return Outgoing(
        kind="poll_reminder" if reminder else "poll_link",
        key=key,
        person=_recipient(invitee),
        subject=subject % {"team": poll.team.slug, "title": header_text(poll.title)},
        text=render_to_string("notify/mail/poll_link.txt", context),
        html=render_to_string("notify/mail/poll_link.html", context),
    )


def invitee_zone(invitee: Invitee) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(invitee.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _invitee(invitee_id: int) -> Invitee | None:
    return (
        Invitee.objects.select_related("poll", "poll__team", "person")
        .prefetch_related("poll__slots")
        .filter(pk=invitee_id)
        .first()
    )


def send_poll_link(*, invitee_id: int, sequence: int, now: dt.datetime | None = None) -> int:
    """Mail the invitee's link for sending number `sequence`; 0 if it went out already (or a
    later sending did), the invitee is gone or the poll has closed meanwhile."""
    now = now or timezone.now()
    invitee = _invitee(invitee_id)
    if invitee is None or invitee.poll.is_closed(now):
        return 0
    previous = invitee.mailed_at
    claimed = Invitee.objects.filter(pk=invitee_id, mails_sent__lt=sequence).update(
        mails_sent=sequence, mailed_at=now
    )
    if not claimed:
        return 0
    key = f"poll.{invitee.poll_id}.{invitee.pk}.link{sequence}"
    try:
        return deliver([poll_message(invitee, key=key)])
    except Exception:
        Invitee.objects.filter(pk=invitee_id, mails_sent=sequence).update(
            mails_sent=sequence - 1, mailed_at=previous
        )
        raise


def due_poll_reminders(now: dt.datetime) -> QuerySet[Invitee]:
    """Invitees to remind at `now`: not answered, not reminded, their link mailed (a while
    ago), the poll open and closing within REMIND_BEFORE, no meeting chosen yet; people who
    turned reminders off (one-click unsubscribe) are left alone."""
    return (
        Invitee.objects.filter(
            answered_at__isnull=True,
            reminded_at__isnull=True,
            mailed_at__isnull=False,
            mailed_at__lte=now - NOT_SOONER_THAN,
            poll__closes_at__gt=now,
            poll__closes_at__lte=now + REMIND_BEFORE,
            poll__meeting__isnull=True,
        )
        .exclude(person__reminder_preference__schedule=ReminderPreference.Schedule.NEVER)
        .select_related("poll", "poll__team", "person")
        .order_by("pk")
    )


def run_poll_reminders(*, now: dt.datetime, enqueue: bool = True) -> list[Invitee]:
    """Start the poll reminders due at `now` (one task each, or sent here without `enqueue`)."""
    from secretariat.notify.poll_tasks import send_poll_reminder_task

    due = list(due_poll_reminders(now))
    for invitee in due:
        if enqueue:
            enqueue_on_commit(send_poll_reminder_task, invitee_id=invitee.pk, now=now.isoformat())
        else:
            send_poll_reminder(invitee_id=invitee.pk, now=now)
    return due


def send_poll_reminder(*, invitee_id: int, now: dt.datetime) -> int:
    """The one reminder: claimed by setting `reminded_at` where it is still empty."""
    if not due_poll_reminders(now).filter(pk=invitee_id).exists():
        return 0
    claimed = Invitee.objects.filter(
        pk=invitee_id, reminded_at__isnull=True, answered_at__isnull=True
    ).update(reminded_at=now)
    if not claimed:
        return 0
    invitee = _invitee(invitee_id)
    if invitee is None:
        return 0
    key = f"poll.{invitee.poll_id}.{invitee.pk}.reminder"
    try:
        return deliver([poll_message(invitee, key=key, reminder=True)])
    except Exception:
        Invitee.objects.filter(pk=invitee_id, reminded_at=now).update(reminded_at=None)
        raise
