"""The action-item tracker: items, their ordered owners, and dated progress notes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access


class ActionItem(models.Model):
    """One row of the tracker, numbered per team (#365)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")
        MERGED = "merged", _("Merged")

    ACTIVE_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="action_items")
    number = models.PositiveIntegerField(_("number"))
    category = models.CharField(_("category"), max_length=80, blank=True)
    topic = models.CharField(
        _("topic"),
        max_length=200,
        blank=True,
        help_text=_("Sub-group heading, e.g. SSR1 implementation."),
    )
    source_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("source of request"),
    )
    source_text = models.CharField(
        _("source (as written)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where the request came from when it is not a recorded meeting, e.g. an e-mail."
        ),
    )
    requested_on = models.DateField(_("date of request"), null=True, blank=True)
    text = models.TextField(_("action item request"), help_text=_("Markdown."))
    due_on = models.DateField(_("anticipated completion date"), null=True, blank=True)
    due_text = models.CharField(
        _("due (as written)"),
        max_length=100,
        blank=True,
        help_text=_('The deadline in the words used, e.g. "TBD" or "Tuesday COB".'),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
    )
    completed_response = models.TextField(_("completed response"), blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    visibility_reason = models.CharField(
        _("reason for restricting"),
        max_length=300,
        blank=True,
        help_text=_("Shown in place of a record that is withheld from the public."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="action_item_unique_number"),
            models.CheckConstraint(
                condition=(models.Q(status="merged") & models.Q(merged_into__isnull=False))
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="action_item_merged_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "due_on"], name="action_item_status_due"),
            models.Index(fields=["team", "category"], name="action_item_category"),
            models.Index(fields=["team", "topic"], name="action_item_topic"),
            models.Index(fields=["team", "visibility"], name="action_item_visibility"),
            models.Index(fields=["team", "due_on"], name="action_item_due"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.is_active and self.due_on is not None and self.due_on < day

    @property
    def due_display(self) -> str:
        """The deadline as staff wrote it when there is no date ("TBD", "Tuesday COB")."""
        return self.due_text if self.due_on is None else ""

    def names(self, access: Access) -> bool:
        """True if the viewer owns this item, directly or through a group.

        Reads `owners` through the prefetch cache when the query prefetched it.
        """
        if access.person_id is None:
            return False
        person_ids = {o.person_id for o in self.owners.all() if o.person_id}
        group_ids = {o.group_id for o in self.owners.all() if o.group_id}
        return access.names(person_ids=person_ids, group_ids=group_ids)


class ActionItemOwner(models.Model):
    """One owner of an item, in order: a person or a group, never both."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="owners")
    position = models.PositiveSmallIntegerField(_("position"))
    person = models.ForeignKey(
        "teams.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_items"
    )
    group = models.ForeignKey(
        "teams.Group", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_items"
    )

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["item", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(group__isnull=True))
                | (models.Q(person__isnull=True) & models.Q(group__isnull=False)),
                name="owner_is_person_or_group",
            ),
            models.UniqueConstraint(fields=["item", "position"], name="owner_unique_position"),
        ]
        indexes = [
            models.Index(fields=["person", "item"], name="owner_person"),
            models.Index(fields=["group", "item"], name="owner_group"),
        ]

    def __str__(self) -> str:
        return str(self.owner)

    @property
    def owner(self) -> models.Model:
        return self.person if self.person_id else self.group  # type: ignore[return-value]


class ProgressNote(models.Model):
    """A dated line of progress on an item ("followed up 6/2"); never edited, only added."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="notes")
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_notes",
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["noted_on", "created_at", "id"]
        indexes = [models.Index(fields=["item", "noted_on"], name="note_item_date")]

    def __str__(self) -> str:
        return f"{self.noted_on:%Y-%m-%d}: {self.text[:60]}"
