"""Notifications: each person's reminder schedule, and the tables that make sending idempotent.

- `ReminderPreference`: when a person gets their digest (daily, weekly, never), how far ahead it
  looks, at which hour of their own time zone.
- `ReminderSent`: one row per person, item and (local) day a reminder named the item; the unique
  constraint is what stops two workers from reminding twice.
- `SentMail`: one row per Message-ID handed to the mail server; a retried task skips what was
  already delivered.
- `MeetingInvitation`: a meeting's calendar identity (UID) and the SEQUENCE of its last sending.
- `InboundMail`: every reply received by mail, applied or rejected, with the reason (a repeat
  of the same Message-ID is never applied twice).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    class Schedule(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NEVER = "never", _("Never")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    # What a person without a row gets.
    DEFAULT_SCHEDULE = Schedule.WEEKLY
    DEFAULT_DAYS_AHEAD = 7
    DEFAULT_HOUR = 8
    DEFAULT_WEEKDAY = Weekday.MONDAY

    person = models.OneToOneField(
        "teams.Person", on_delete=models.CASCADE, related_name="reminder_preference"
    )
    schedule = models.CharField(
        _("reminders"), max_length=10, choices=Schedule.choices, default=DEFAULT_SCHEDULE
    )
    days_ahead = models.PositiveSmallIntegerField(
        _("days ahead"),
        default=DEFAULT_DAYS_AHEAD,
        help_text=_("Items due within this many days are listed, with those overdue."),
    )
    hour = models.PositiveSmallIntegerField(
        _("hour of day"), default=DEFAULT_HOUR, help_text=_("In your own time zone, 0 to 23.")
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        choices=Weekday.choices,
        default=DEFAULT_WEEKDAY,
        help_text=_("For weekly reminders."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.CheckConstraint(condition=models.Q(hour__lte=23), name="reminder_hour_0_23"),
            models.CheckConstraint(
                condition=models.Q(days_ahead__lte=366), name="reminder_days_ahead_max"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="reminder_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_schedule_display()}"


class ReminderSent(models.Model):
    """A reminder named `item` to `person` on `day` (the person's local date)."""

    person = models.ForeignKey("teams.Person", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("tracker.ActionItem", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    # The sending that inserted the row: a digest reads back the rows of its own claim.
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "item", "day"], name="reminder_once_per_person_item_day"
            )
        ]
        indexes = [models.Index(fields=["claim"], name="reminder_sent_claim")]

    def __str__(self) -> str:
        return f"{self.person_id}/{self.item_id}/{self.day:%Y-%m-%d}"


class SentMail(models.Model):
    """A message handed to the mail server, by its (deterministic) Message-ID."""

    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mail")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"


class MeetingInvitation(models.Model):
    """The calendar identity of a meeting: one UID forever, SEQUENCE up by one per sending."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="invitation"
    )
    uid = models.CharField(_("UID"), max_length=250, unique=True)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    method = models.CharField(_("method"), max_length=10, default="REQUEST")
    sent_at = models.DateTimeField(_("last sent"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"


class InboundMail(models.Model):
    """A reply received by mail, and what became of it."""

    class Outcome(models.TextChoices):
        NOTE_ADDED = "note_added", _("Progress note added")
        COMPLETED = "completed", _("Item completed")
        REJECTED = "rejected", _("Rejected")

    message_id = models.CharField(_("Message-ID"), max_length=250, blank=True)
    sender = models.CharField(_("from"), max_length=254, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    person = models.ForeignKey(
        "teams.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        "tracker.ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mail")
        ordering = ["-received_at"]
        constraints = [
            # A message applied once is never applied again (an MTA may deliver it twice).
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(outcome="rejected") & ~models.Q(message_id=""),
                name="inbound_mail_applied_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.sender}"
