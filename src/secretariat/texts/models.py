"""Reusable text templates of a team (statements of work, letters, mails) and every saved
version of their text, so language used in the past can be found again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.core.visibility import Access


class TextTemplate(models.Model):
    """A named text a team reuses, numbered per team; its current body is the latest version."""

    class Kind(models.TextChoices):
        STATEMENT_OF_WORK = "statement_of_work", _("Statement of work")
        LETTER = "letter", _("Letter")
        MAIL = "mail", _("Mail")
        OTHER = "other", _("Other")

    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="text_templates")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.STATEMENT_OF_WORK
    )
    title = models.CharField(_("title"), max_length=300)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Comma-separated, e.g. writer, SOW.")
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
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
        verbose_name = _("text template")
        verbose_name_plural = _("text templates")
        ordering = ["title", "number"]
        constraints = [
            models.UniqueConstraint(fields=["team", "number"], name="text_template_unique_number"),
        ]
        indexes = [models.Index(fields=["team", "visibility"], name="text_template_visibility")]

    def __str__(self) -> str:
        return f"T{self.number}"

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def names(self, access: Access) -> bool:
        """A template names nobody: only roles decide who reads and edits it."""
        return False


class TextTemplateVersion(models.Model):
    """One saved state of a template's title and text, with who saved it, when and why.

    Never edited or deleted; `visibility` is the template's visibility when it was saved, so a
    text written while restricted stays hidden even if the template is later opened.
    """

    template = models.ForeignKey(TextTemplate, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    note = models.CharField(_("change note"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    author_name = models.CharField(_("saved by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("text template version")
        verbose_name_plural = _("text template versions")
        ordering = ["template", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "version"], name="text_template_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"T{self.template.number} v{self.version}"
