"""Meetings and what belongs to one: the agenda tree, attendance, materials, minutes; and the
team's decisions reached (most come from a meeting, some from a leadership call or e-mail).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access


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
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="following",
        verbose_name=_("previous meeting"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    visibility_reason = models.CharField(
        _("reason for restricting"),
        max_length=300,
        blank=True,
        help_text=_("Shown in place of a meeting that is withheld from the public."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
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

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    def names(self, access: Access) -> bool:
        """A meeting names nobody: who reads a closed meeting is decided by role alone.

        (Naming its attendees would let a member who attended edit it, since members may edit
        what names them.)
        """
        return False


class AgendaItem(models.Model):
    """One item of a meeting's agenda; `parent` makes the tree, `position` orders siblings."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("presenter"),
    )
    presenter_text = models.CharField(
        _("presenter (as written)"),
        max_length=200,
        blank=True,
        help_text=_("When the presenter is not on the roster, e.g. ICANN Legal."),
    )
    minutes = models.PositiveSmallIntegerField(_("minutes allotted"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    reached = models.BooleanField(_("reached"), default=False)
    standing = models.BooleanField(
        _("standing item"),
        default=False,
        help_text=_("Carried to the next meeting of this kind (roll call, AOB, …)."),
    )
    removed = models.BooleanField(_("removed"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "parent_id", "position", "id"]
        indexes = [models.Index(fields=["meeting", "parent", "position"], name="agenda_item_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def presenter_name(self) -> str:
        return self.presenter.name if self.presenter is not None else self.presenter_text

    @property
    def link_list(self) -> list[str]:
        """The links that are web addresses (anything else, e.g. javascript:, is not a link)."""
        lines = (line.strip() for line in self.links.splitlines())
        return [line for line in lines if line.lower().startswith(("https://", "http://"))]


class Attendance(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        STAFF = "staff", _("Staff")
        GUEST = "guest", _("Guest")
        APOLOGIES = "apologies", _("Apologies")

    PRESENT_ROLES = (Role.MEMBER, Role.OBSERVER, Role.STAFF, Role.GUEST)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("teams.Person", on_delete=models.PROTECT, related_name="attendances")
    role = models.CharField(_("as"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")
        ]
        indexes = [models.Index(fields=["person", "meeting"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


def material_upload_to(instance: Material, filename: str) -> str:
    return f"meetings/{instance.meeting.team_id}/{instance.meeting_id}/{filename}"


class Material(models.Model):
    """A link or an uploaded file of a meeting. Files live under MEDIA_ROOT, outside the web
    root, and are served by a view that checks their visibility."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        TRANSCRIPT = "transcript", _("Transcript")
        CHAT = "chat", _("Chat transcript")
        CALL_REPORT = "call_report", _("Call report")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=material_upload_to, blank=True, max_length=300)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="material_has_url_or_file",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def label(self) -> str:
        return self.title or str(self.get_kind_display())


class Decision(models.Model):
    """A decision reached, numbered per team."""

    class Source(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        LEADERSHIP = "leadership", _("Leadership call")
        EMAIL = "email", _("E-mail")
        OTHER = "other", _("Other")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"), help_text=_("Markdown."))
    decided_on = models.DateField(_("date"))
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MEETING
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    source_text = models.CharField(
        _("source (as written)"),
        max_length=200,
        blank=True,
        help_text=_("Where it was decided when it is not a recorded meeting, e.g. a list post."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    visibility_reason = models.CharField(_("reason for restricting"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="decision_unique_number")
        ]
        indexes = [
            models.Index(fields=["team", "decided_on"], name="decision_team_date"),
            models.Index(fields=["team", "source"], name="decision_team_source"),
        ]

    def __str__(self) -> str:
        return f"D{self.number}"

    def names(self, access: Access) -> bool:
        return False


class Minutes(models.Model):
    """A meeting's minutes: a draft, then approved at a later meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"), help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at"),
    )
    drafted_text = models.TextField(
        _("text as drafted"), blank=True, help_text=_("The last draft before approval.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return _("Minutes of %(meeting)s") % {"meeting": self.meeting}


class MinutesRevision(models.Model):
    """An immutable copy of the minutes each time they change (no change, no revision)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(_("minutes"))
    status = models.CharField(_("status"), max_length=20, choices=Minutes.Status.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        ordering = ["minutes", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.minutes} ({self.created_at:%Y-%m-%d %H:%M})"
