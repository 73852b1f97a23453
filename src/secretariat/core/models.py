"""What every domain shares: the visibility levels and the history table."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may read a record. Public is the default: a record is open unless someone decides."""

    PUBLIC = "public", _("Public")
    TEAM = "team", _("Team only")
    RESTRICTED = "restricted", _("Restricted")

    @classmethod
    def strictest(cls, *levels: str) -> str:
        """The most closed of several levels (restricted > team > public)."""
        order: list[str] = [cls.PUBLIC, cls.TEAM, cls.RESTRICTED]
        return max(levels, key=order.index)


class HistoryEntry(models.Model):
    """One change to one record: who, when, what (a namespaced action code) and a field diff.

    `changes` maps a field name to `[before, after]`, both JSON values. Entries are never edited
    or deleted by the application; `visibility` is the record's visibility when the change was
    made, so a change made while a record was restricted stays hidden even if it is later opened.
    """

    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, related_name="history", null=True, blank=True
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("record"), max_length=200)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="history_object"),
            models.Index(fields=["team", "created_at"], name="history_team"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr} by {self.actor_name or '-'}"


class SecurityEvent(models.Model):
    """Something that happened to an account (a sign-in, a failed one, a sign-out everywhere),
    or to the data as a whole (an export, a backup, a restore)."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_IN_THROTTLED = "sign_in_throttled", _("Sign-in refused (too many failures)")
        SIGNED_OUT = "signed_out", _("Signed out")
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", _("Signed out everywhere")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        EXPORTED = "exported", _("Data exported")
        BACKED_UP = "backed_up", _("Backup taken")
        RESTORED = "restored", _("Backup restored")

    kind = models.CharField(_("event"), max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("account name given"), max_length=150, blank=True)
    address = models.CharField(_("client address"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="security_event_user"),
            models.Index(fields=["kind", "created_at"], name="security_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.created_at:%Y-%m-%d %H:%M}"


class UserSession(models.Model):
    """A session a user signed in with, so "sign out everywhere" can end all of them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user"], name="user_session_user")]

    def __str__(self) -> str:
        return f"session of user {self.user_id}"


class ExternalIdentity(models.Model):
    """An account's identity at an OpenID Connect provider (core.oidc): its issuer and subject.

    The first sign-in through the provider finds the account by its verified e-mail address and
    links the two; later sign-ins find the account by this link, so an address that changes at
    the provider still signs in the same person, and an address handed to someone else there
    signs in nobody. Deleting the row (in the admin) lets the next sign-in link afresh.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(_("provider"), max_length=300)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    email = models.EmailField(_("address when linked"), blank=True)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last sign-in"), default=timezone.now)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_unique_subject"
            ),
            # One identity per provider and account: a second would be someone else's.
            models.UniqueConstraint(
                fields=["issuer", "user"], name="external_identity_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
