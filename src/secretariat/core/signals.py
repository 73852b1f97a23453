"""Auth signals to the audit trail and the per-user session list."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from secretariat.core.audit import log_security_event
from secretariat.core.middleware import SessionLimitsMiddleware
from secretariat.core.models import SecurityEvent, UserSession


@receiver(user_logged_in, dispatch_uid="secretariat-signed-in")
def on_signed_in(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    # A sign-in other than by password (core.oidc) says how in `request.security_detail`.
    detail = getattr(request, "security_detail", None)
    log_security_event(kind=SecurityEvent.Kind.SIGNED_IN, request=request, user=user, detail=detail)
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())  # both session clocks start now
        session[SessionLimitsMiddleware.SIGNED_IN] = now
        session[SessionLimitsMiddleware.LAST_SEEN] = now
    if session is not None and session.session_key:
        UserSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})


@receiver(user_logged_out, dispatch_uid="secretariat-signed-out")
def on_signed_out(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None:
        return
    log_security_event(kind=SecurityEvent.Kind.SIGNED_OUT, request=request, user=user)
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


@receiver(user_login_failed, dispatch_uid="secretariat-sign-in-failed")
def on_sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # `credentials` has the password already masked by Django; only the name is kept.
    log_security_event(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )
