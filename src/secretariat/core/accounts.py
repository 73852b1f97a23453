"""Writes to a person's own account: ending every session."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

from secretariat.core.audit import log_security_event
from secretariat.core.models import SecurityEvent, UserSession


def sign_out_everywhere(*, user: User, request: HttpRequest | None = None) -> int:
    """End every session `user` signed in with, on every device; returns how many ended."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        UserSession.objects.filter(user=user).delete()
        log_security_event(
            kind=SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE,
            request=request,
            user=user,
            detail={"sessions": len(keys)},
        )
    return len(keys)
