"""Every write to API tokens: creating one (the secret is returned once) and revoking it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.api.models import ApiToken
from secretariat.core.history import record_change

TOKEN_PREFIX = "sec_"  # noqa: S105 - a marker that makes tokens easy to find in leaked text
MAX_ACTIVE_TOKENS = 20


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just created: `raw` is the only copy of the secret, shown to its owner once."""

    token: ApiToken
    raw: str


def create_api_token(
    *,
    user: User,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: dt.datetime | None = None,
) -> NewToken:
    """Create a token for `user` (who is also the actor: people make their own tokens)."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Name the token after what will use it, e.g. the wiki's tracker embed.")
    elif len(name) > 100:
        errors["name"] = _("At most %(limit)s characters.") % {"limit": 100}
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("%(value)s is not a scope.") % {"value": scope}
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {"name": _("You have %(n)s tokens; revoke one first.") % {"n": active}}
            )
        prefix = secrets.token_hex(4)
        while ApiToken.objects.filter(prefix=prefix).exists():
            prefix = secrets.token_hex(4)
        raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            token_hash=hash_token(raw),
            scope=scope,
            expires_at=expires_at,
        )
        record_change(
            obj=token,
            action="api.token.created",
            by=user,
            changes={"name": [None, name], "scope": [None, scope]},
        )
    return NewToken(token=token, raw=raw)


def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke `token` at once; revoking a revoked token changes nothing."""
    if token.user_id != by.pk:
        raise PermissionDenied(_("That is not your token."))
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            return current
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        record_change(
            obj=current,
            action="api.token.revoked",
            by=by,
            changes={"revoked_at": [None, current.revoked_at.isoformat()]},
        )
    return current


def mark_used(token: ApiToken, *, every: dt.timedelta = dt.timedelta(minutes=1)) -> None:
    """Note when a token was last used, at most once a minute (reads should not all write)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= every:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
