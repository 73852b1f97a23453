"""Public events the team takes part in (ICANN59 Johannesburg) and their sessions, some of
which staff recommend the team attend."""

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


class Event(models.Model):
    """An event with dates in its own time zone; its sessions are stored in UTC.

    The dates may not be announced yet (ICANN59 Johannesburg, named in a deck before its
    dates were known): then both are empty, and the event's sessions are not checked
    against them."""

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="events")
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    url = models.URLField(_("web site"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [models.F("starts_on").desc(nulls_first=True), "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="event_unique_slug"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True, ends_on__isnull=True)
                | models.Q(
                    starts_on__isnull=False,
                    ends_on__isnull=False,
                    ends_on__gte=models.F("starts_on"),
                ),
                name="event_dates_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def names(self, access: Access) -> bool:
        return False

    @property
    def has_dates(self) -> bool:
        return self.starts_on is not None and self.ends_on is not None

    def is_past(self, today: dt.date) -> bool:
        """Over by `today` (an event whose dates are not announced is still to come)."""
        return self.ends_on is not None and self.ends_on < today


class Session(models.Model):
    """One session of an event; `recommended` marks those staff recommend the team attend."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_sessions",
        verbose_name=_("the team's own meeting"),
    )
    recommended = models.BooleanField(_("recommended to the team"), default=False)
    recommended_reason = models.CharField(_("why attend"), max_length=300, blank=True)
    recommended_by = models.ForeignKey(
        "teams.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A session is never deleted: cancelling keeps it (and its history), struck out on the
    # schedule and left out of calendars and the deck; it can be restored.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            )
        ]
        indexes = [
            models.Index(fields=["event", "starts_at"], name="session_event_start"),
            models.Index(fields=["event", "recommended"], name="session_recommended"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        """The room and the event's place, e.g. "Ballroom 2, Sandton Convention Centre"."""
        return ", ".join(part for part in (self.room, self.event.place) if part)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class EventAttendance(models.Model):
    """A person of the team who plans to be at the event, with their dates in a few words.

    Travel plans are the team's business: only viewers who read team records see them."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("teams.Person", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(
        _("dates and notes"),
        max_length=200,
        blank=True,
        help_text=_("E.g. arriving Sunday 25 June, leaving Thursday 29 June."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance at an event")
        verbose_name_plural = _("attendance at events")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.event_id}"
