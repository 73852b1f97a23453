"""Teams, the people in them, the groups that own work, and each person's role in a team."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a time zone name such as Europe/Brussels or UTC."),
            params={"value": value},
            code="invalid_time_zone",
        ) from None


class Team(models.Model):
    """A review team or working group; every other record belongs to one."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who takes part in one or more teams; may have a sign-in (`user`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=200)
    initials = models.CharField(_("initials"), max_length=10, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [models.Index(fields=["initials"], name="person_initials")]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """An owner that is not one person: "ICANN Org", "Co-Chairs", "SSR2-RT"."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(Person, related_name="owner_groups", blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="group_unique_name_per_team")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    TECHNICAL_WRITER = "technical_writer", _("Technical writer")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """A person's role in a team, from `start_on` until `end_on` (open-ended when empty)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["team", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="membership_unique_person"),
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(start_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.team.slug})"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        started = self.start_on is None or self.start_on <= day
        return started and (self.end_on is None or self.end_on >= day)


class TeamCounter(models.Model):
    """The last number handed out per team for one kind of record ("action_item", "decision").

    Numbers are allocated by locking this row (see teams.services.allocate_number), so two
    people creating items at once never get the same number.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="counters")
    key = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "key"], name="counter_unique_key_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.team.slug}:{self.key}={self.last}"
