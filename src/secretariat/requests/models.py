"""What the team asks of the organisation (requests, with dated notes) and the questions its
members ask, with their written answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access


class Request(models.Model):
    """A briefing, tool, document or data the team asked for, numbered per team."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Briefing")
        TOOL = "tool", _("Tool")
        DOCUMENT = "document", _("Document")
        DATA = "data", _("Data")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        IN_PROGRESS = "in_progress", _("In progress")
        PENDING_APPROVAL = "pending_approval", _("Pending approval")
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OUTSTANDING_STATUSES = (
        Status.REQUESTED,
        Status.IN_PROGRESS,
        Status.PENDING_APPROVAL,
        Status.SCHEDULED,
    )

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="requests")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BRIEFING)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("what is asked"), blank=True, help_text=_("Markdown."))
    asked_by_person = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_made",
        verbose_name=_("asked by (person)"),
    )
    asked_by_group = models.ForeignKey(
        "teams.Group",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_made",
        verbose_name=_("asked by (group)"),
    )
    asked_by_text = models.CharField(
        _("asked by (as written)"), max_length=200, blank=True, help_text=_('e.g. "the team".')
    )
    addressed_to = models.CharField(
        _("addressed to"), max_length=120, blank=True, help_text=_("IT, Legal, OCTO, GSE…")
    )
    responsible = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_responsible",
        verbose_name=_("presenter or responsible staff"),
    )
    responsible_text = models.CharField(_("presenter (as written)"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    scheduled_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scheduled_requests",
        verbose_name=_("scheduled meeting"),
    )
    requested_on = models.DateField(_("date of request"), null=True, blank=True)
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
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="request_unique_number"),
            models.CheckConstraint(
                condition=models.Q(asked_by_person__isnull=True)
                | models.Q(asked_by_group__isnull=True),
                name="request_asked_by_one",
            ),
            models.CheckConstraint(
                condition=models.Q(available_from__isnull=True)
                | models.Q(available_until__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="request_availability_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "kind", "status"], name="request_kind_status"),
            models.Index(fields=["team", "visibility"], name="request_visibility"),
        ]

    def __str__(self) -> str:
        return f"R{self.number}"

    @property
    def is_outstanding(self) -> bool:
        return self.status in self.OUTSTANDING_STATUSES

    @property
    def asked_by_name(self) -> str:
        who = self.asked_by_person or self.asked_by_group
        return who.name if who is not None else self.asked_by_text

    @property
    def responsible_name(self) -> str:
        return self.responsible.name if self.responsible is not None else self.responsible_text

    def names(self, access: Access) -> bool:
        """True if the viewer asked for it (directly or through a group) or is responsible."""
        if access.person_id is None:
            return False
        people = {pk for pk in (self.asked_by_person_id, self.responsible_id) if pk}
        groups = {self.asked_by_group_id} if self.asked_by_group_id else set()
        return access.names(person_ids=people, group_ids=groups)


class RequestNote(models.Model):
    """A dated line of news on a request; never edited, only added."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="notes")
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        "teams.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request note")
        verbose_name_plural = _("request notes")
        ordering = ["noted_on", "created_at", "id"]
        indexes = [models.Index(fields=["request", "noted_on"], name="request_note_date")]

    def __str__(self) -> str:
        return f"{self.noted_on:%Y-%m-%d}: {self.text[:60]}"


class Question(models.Model):
    """A question a member asked (often at a briefing), and its written answer.

    Grouped under the action item or request that asks for the answers. An answer is shown
    beyond staff and chairs only once it is published.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_asked",
        verbose_name=_("asked by"),
    )
    asked_by_text = models.CharField(
        _("asked by (as written)"), max_length=200, blank=True, help_text=_('e.g. "(GH)".')
    )
    asked_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("asked at"),
    )
    addressed_to = models.CharField(_("addressed to"), max_length=120, blank=True)
    action_item = models.ForeignKey(
        "tracker.ActionItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("action item asking for the answers"),
    )
    request = models.ForeignKey(
        Request,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("request asking for the answers"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True, help_text=_("Markdown."))
    answered_by = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_answered",
        verbose_name=_("answered by"),
    )
    answered_by_text = models.CharField(_("answered by (as written)"), max_length=200, blank=True)
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    published = models.BooleanField(_("answer published"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="question_unique_number"),
            models.CheckConstraint(
                condition=models.Q(action_item__isnull=True) | models.Q(request__isnull=True),
                name="question_under_one_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "published"], name="question_answered"),
            models.Index(fields=["action_item"], name="question_action_item"),
        ]

    def __str__(self) -> str:
        return f"Q{self.number}"

    @property
    def asked_by_name(self) -> str:
        return self.asked_by.name if self.asked_by is not None else self.asked_by_text

    @property
    def answered_by_name(self) -> str:
        return self.answered_by.name if self.answered_by is not None else self.answered_by_text

    def names(self, access: Access) -> bool:
        """A question names the member who asked it."""
        return access.person_id is not None and access.person_id == self.asked_by_id
