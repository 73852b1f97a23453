"""Meetings. Minimal for now: enough for an action item to name the call it came from."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility


class Meeting(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        LEADERSHIP = "leadership", _("Leadership / co-chairs coordination")
        FACE_TO_FACE = "face_to_face", _("Face-to-face")
        BRIEFING = "briefing", _("Briefing")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place or event"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "number"],
                condition=models.Q(number__isnull=False),
                name="meeting_unique_number_per_team",
            )
        ]
        indexes = [models.Index(fields=["team", "starts_at"], name="meeting_team_start")]

    def __str__(self) -> str:
        if self.number is not None:
            return (
                f"{self.title} #{self.number}"
                if f"#{self.number}" not in self.title
                else self.title
            )
        return self.title
