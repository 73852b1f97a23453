"""Availability polls: staff propose time slots (or whole days), each invited person answers
yes / if need be / no per slot through a personal signed link, and staff turn the best slot
into a meeting. A poll is the team's business by default (visibility "team")."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access
from secretariat.teams.models import validate_time_zone


class Poll(models.Model):
    """A question "when can you?" with its slots, its invitees and their answers."""

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="polls")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    time_zone = models.CharField(
        _("time zone of the proposer"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.TEAM
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("meeting scheduled from the poll"),
    )
    chosen_slot = models.ForeignKey(
        "polls.Slot", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("availability poll")
        verbose_name_plural = _("availability polls")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    def names(self, access: Access) -> bool:
        """An invited person is named on the poll."""
        if access.person_id is None:
            return False
        return any(i.person_id == access.person_id for i in self.invitees.all())


class Slot(models.Model):
    """A proposed time: a start (stored in UTC) with a duration, or a whole day."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    day = models.DateField(_("whole day"), null=True, blank=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["pk"]  # as proposed
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=False, day__isnull=True)
                | models.Q(starts_at__isnull=True, day__isnull=False),
                name="poll_slot_time_or_day",
            )
        ]

    def __str__(self) -> str:
        if self.day is not None:
            return self.day.isoformat()
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC ({self.duration_minutes} min)"

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class Invitee(models.Model):
    """A person invited to answer: someone of the roster, or a guest by name and e-mail."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(
        "teams.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The personal link's mails: each sending asked for (creation, an added invitee, a resend)
    # bumps `mails_requested` and queues a task for that number; the task claims it by raising
    # `mails_sent` in one conditional UPDATE, so two workers never mail the same sending twice.
    mails_requested = models.PositiveIntegerField(_("link mails asked for"), default=0)
    mails_sent = models.PositiveIntegerField(_("link mails sent"), default=0)
    mailed_at = models.DateTimeField(_("link last mailed"), null=True, blank=True)
    # The one reminder before the poll closes, claimed the same way (set before it is sent).
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="poll_invitee_once")]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """One invitee's answer for one slot."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "maybe", _("If need be")
        NO = "no", _("No")

    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="answers")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(_("answer"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["invitee", "slot"], name="poll_answer_once")]

    def __str__(self) -> str:
        return f"{self.invitee}: {self.choice}"
