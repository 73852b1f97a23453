"""Mail a team's staff when an observer sends input: who wrote, about which action item or
meeting, the text, and the link to the moderation queue, so input does not wait unseen.

One mail per staff person per input, its Message-ID made from both, so a retried task sends
only what did not go out (`SentMail`). Staff who turned their reminders off (the one-click
unsubscribe) are left alone, as with every mail of this app.
"""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from secretariat.feedback.models import Input
from secretariat.notify.mail import Outgoing, absolute_url, deliver, header_text
from secretariat.notify.models import ReminderPreference
from secretariat.notify.tasks import RETRYABLE, _retry
from secretariat.teams.models import Person, Role


def staff_of(input_: Input) -> list[Person]:
    """The team's staff on the day, with an address, who have not turned mail off."""
    today = timezone.localdate()
    # One filter() call: its conditions must hold of the same membership (chained calls on a
    # many-valued relation would each join a membership of their own).
    return list(
        Person.objects.filter(
            Q(memberships__start_on__isnull=True) | Q(memberships__start_on__lte=today),
            Q(memberships__end_on__isnull=True) | Q(memberships__end_on__gte=today),
            memberships__team_id=input_.team_id,
            memberships__role=Role.STAFF,
        )
        .exclude(reminder_preference__schedule=ReminderPreference.Schedule.NEVER)
        .exclude(email="")
        .distinct()
        .order_by("name")
    )


def _subject_of(input_: Input) -> tuple[str, str]:
    """What the input is about, as the mail names it, and that record's address."""
    team = input_.team
    if input_.action_item is not None:
        item = input_.action_item.number
        return f"#{item}", absolute_url(reverse("tracker:detail", args=[team.slug, item]))
    meeting = input_.meeting.number if input_.meeting is not None else None  # one or the other
    return (
        _("meeting #%(number)s") % {"number": meeting},
        absolute_url(reverse("meetings:detail", args=[team.slug, meeting])),
    )


def input_messages(input_: Input) -> list[Outgoing]:
    about, record_url = _subject_of(input_)
    context = {
        "input": input_,
        "team": input_.team,
        "about": about,
        "record_url": record_url,
        "queue_url": absolute_url(reverse("feedback:queue", args=[input_.team.slug])),
    }
    subject = _("[%(team)s] Input from %(name)s on %(about)s awaits moderation") % {
        "team": input_.team.slug,
        "name": header_text(input_.name)[:60],
        "about": about,
    }
    return [
        Outgoing(
            kind="input",
            key=f"feedback.{input_.pk}.{person.pk}",
            person=person,
            subject=subject,
            text=render_to_string("notify/mail/input.txt", {**context, "person": person}),
        )
        for person in staff_of(input_)
    ]


def send_input_notice(*, input_id: int) -> int:
    """Mail the staff about input `input_id`; 0 if it is gone or was moderated meanwhile."""
    input_ = (
        Input.objects.select_related("team", "action_item", "meeting")
        .filter(pk=input_id, status=Input.Status.PENDING)
        .first()
    )
    if input_ is None:
        return 0
    return deliver(input_messages(input_))


@task()
def send_input_notice_task(input_id: int, attempt: int = 0) -> int:
    try:
        return send_input_notice(input_id=input_id)
    except RETRYABLE as error:
        _retry(send_input_notice_task, {"input_id": input_id}, attempt, error)
        raise
