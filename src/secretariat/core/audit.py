"""The security audit trail: sign-ins, failures, sign-outs, password changes, exports,
backups and restores.

Changes to records (roles, visibility, every field) are in the history table; this one holds
what happens to accounts. Rows are never edited or deleted by the application.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.http import HttpRequest

from secretariat.core.clients import client_address
from secretariat.core.models import SecurityEvent


def log_security_event(
    *,
    kind: str,
    request: HttpRequest | None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    account = user if isinstance(user, User) else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=account,
        username=(username or (account.get_username() if account is not None else ""))[:150],
        address=client_address(request) if request is not None else "",
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        detail=detail or {},
    )


def log_command_event(*, kind: str, command: str, detail: dict[str, Any]) -> SecurityEvent:
    """A management command's export, backup or restore: "who" is the system account running it."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        account = "unknown"
    return log_security_event(
        kind=kind,
        request=None,
        username=f"{account} (command line)",
        detail={"command": command, **detail},
    )


def log_export(request: HttpRequest, *, what: str, team: str, fmt: str) -> SecurityEvent:
    """A table or file of records downloaded through the site, by whom (or anonymously)."""
    return log_security_event(
        kind=SecurityEvent.Kind.EXPORTED,
        request=request,
        user=request.user,
        detail={"what": what, "team": team, "format": fmt},
    )
