"""Observer input: what a visitor sends about a public action item or meeting.

Input waits for staff or chairs (status "pending") before anyone else sees it. The sender's
e-mail address is for staff only and never shown on a page; the client's address is kept only
as a keyed hash, for the rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Input(models.Model):
    """One message from a visitor about one action item or one meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="inputs")
    action_item = models.ForeignKey(
        "tracker.ActionItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("action item"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("meeting"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), help_text=_("Seen by staff only."))
    text = models.TextField(_("input"), help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    address_hash = models.CharField(
        _("client address (hashed)"), max_length=64, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("observer input")
        verbose_name_plural = _("observer input")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action_item__isnull=False, meeting__isnull=True)
                    | models.Q(action_item__isnull=True, meeting__isnull=False)
                ),
                name="feedback_input_about_one_record",
            )
        ]
        indexes = [models.Index(fields=["team", "status"], name="feedback_team_status")]

    def __str__(self) -> str:
        return f"Input {self.pk} from {self.name} on {self.about_label}"

    @property
    def about_label(self) -> str:
        if self.action_item is not None:
            return f"action item #{self.action_item.number}"
        return str(self.meeting)
