"""The work plan: milestones and phases with owners and dependencies, their links to action
items and meetings, and baselines (saved copies of the plan's dates, to measure slips against).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access


class Milestone(models.Model):
    """A phase (start and end) or a key date (an end only) of a team's work plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        LATE = "late", _("Late")
        DROPPED = "dropped", _("Dropped")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    workstream = models.CharField(
        _("workstream"),
        max_length=200,
        blank=True,
        help_text=_("Sub-group or topic, e.g. SSR1 implementation."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start_on = models.DateField(
        _("start"), null=True, blank=True, help_text=_("Empty for a key date.")
    )
    end_on = models.DateField(_("end or key date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("depends on"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    visibility_reason = models.CharField(_("reason for restricting"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["workstream", "start_on", "end_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="milestone_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["team", "workstream", "end_on"], name="milestone_team_stream"),
            models.Index(fields=["team", "status"], name="milestone_team_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_key_date(self) -> bool:
        return self.start_on is None or self.start_on == self.end_on

    def is_overdue(self, today: dt.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS, self.Status.LATE) and (
            self.end_on < day
        )

    def blocking(self, dependencies: list[Milestone] | None = None) -> list[Milestone]:
        """The milestones this one depends on that are not done and end after this one starts
        (its key date, for a key date): it cannot start, or be reached, on time.

        Reads `dependencies` if given, else the prefetched `visible_dependencies` (so a viewer
        is never told about a milestone they may not read)."""
        deps = (
            dependencies if dependencies is not None else getattr(self, "visible_dependencies", [])
        )
        begins = self.start_on or self.end_on
        return [
            dep
            for dep in deps
            if dep.status not in (self.Status.DONE, self.Status.DROPPED) and dep.end_on > begins
        ]

    def current_status(self, today: dt.date | None = None) -> str:
        """The status as the plan shows it: a planned or in-progress milestone is late once its
        end has passed, or when a milestone it depends on ends after it does."""
        if self.status in (self.Status.DONE, self.Status.DROPPED, self.Status.LATE):
            return self.status
        if self.is_overdue(today) or any(dep.end_on > self.end_on for dep in self.blocking()):
            return self.Status.LATE
        return self.status

    def names(self, access: Access) -> bool:
        """True if the viewer owns this milestone, directly or through a group (reads the
        prefetched `owners`)."""
        if access.person_id is None:
            return False
        owners = list(self.owners.all())
        return access.names(
            person_ids={o.person_id for o in owners if o.person_id},
            group_ids={o.group_id for o in owners if o.group_id},
        )


class MilestoneOwner(models.Model):
    """One owner of a milestone, in order: a person or a group, never both."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="owners")
    position = models.PositiveSmallIntegerField(_("position"))
    person = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    group = models.ForeignKey(
        "teams.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )

    class Meta:
        verbose_name = _("milestone owner")
        verbose_name_plural = _("milestone owners")
        ordering = ["milestone", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(group__isnull=True))
                | (models.Q(person__isnull=True) & models.Q(group__isnull=False)),
                name="milestone_owner_is_person_or_group",
            ),
            models.UniqueConstraint(
                fields=["milestone", "position"], name="milestone_owner_unique_position"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "milestone"], name="milestone_owner_person"),
            models.Index(fields=["group", "milestone"], name="milestone_owner_group"),
        ]

    def __str__(self) -> str:
        return str(self.person if self.person_id else self.group)


class MilestoneLink(models.Model):
    """An action item or a meeting that serves a milestone (exactly one of the two)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="links")
    action_item = models.ForeignKey(
        "tracker.ActionItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestone_links",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestone_links",
    )

    class Meta:
        verbose_name = _("milestone link")
        verbose_name_plural = _("milestone links")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(action_item__isnull=False) & models.Q(meeting__isnull=True))
                | (models.Q(action_item__isnull=True) & models.Q(meeting__isnull=False)),
                name="milestone_link_item_or_meeting",
            ),
            models.UniqueConstraint(
                fields=["milestone", "action_item"],
                condition=models.Q(action_item__isnull=False),
                name="milestone_link_unique_item",
            ),
            models.UniqueConstraint(
                fields=["milestone", "meeting"],
                condition=models.Q(meeting__isnull=False),
                name="milestone_link_unique_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} ← {self.action_item or self.meeting}"


class Baseline(models.Model):
    """A saved copy of the plan's dates; a later plan is compared with it to show slips."""

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="baselines")
    name = models.CharField(_("name"), max_length=200)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-saved_at", "-id"]
        indexes = [models.Index(fields=["team", "saved_at"], name="baseline_team_saved")]

    def __str__(self) -> str:
        return self.name


class BaselineEntry(models.Model):
    """One milestone's dates as they were when the baseline was saved."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="entries")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="baseline_entries"
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end or key date"))

    class Meta:
        verbose_name = _("baseline entry")
        verbose_name_plural = _("baseline entries")
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "milestone"], name="baseline_entry_unique_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.baseline}: {self.milestone}"
