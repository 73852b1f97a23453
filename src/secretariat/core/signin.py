"""Sign-in: throttling of failed attempts per account and per client address.

Counters live in the cache (Redis in production, so every worker shares them). A throttled
attempt is refused before the password is checked, with the same message whether or not the
account exists, so the throttle tells an attacker nothing about which accounts are real.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from secretariat.core.audit import log_security_event
from secretariat.core.clients import client_address
from secretariat.core.models import SecurityEvent


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.casefold().encode()).hexdigest()[:32]
    return f"signin-failures:{kind}:{digest}"


def _failures(key: str) -> int:
    return int(cache.get(key, 0))


def _count_failure(key: str) -> None:
    if cache.add(key, 1, timeout=settings.SIGNIN_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.SIGNIN_WINDOW)


def is_throttled(*, username: str, address: str) -> bool:
    return (
        _failures(_key("account", username)) >= settings.SIGNIN_FAILURES_PER_ACCOUNT
        or _failures(_key("address", address)) >= settings.SIGNIN_FAILURES_PER_ADDRESS
    )


def record_failure(*, username: str, address: str) -> None:
    _count_failure(_key("account", username))
    _count_failure(_key("address", address))


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed sign-ins. Wait a few minutes and try again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request is not None else "unknown"
        if is_throttled(username=username, address=address):
            log_security_event(
                kind=SecurityEvent.Kind.SIGN_IN_THROTTLED, request=self.request, username=username
            )
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            record_failure(username=username, address=address)
            raise
