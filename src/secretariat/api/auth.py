"""Who is calling: a bearer token, a signed-in browser session, or nobody; and how often.

Every operation of the API accepts all three (anonymous callers read public records), so the
last authenticator never refuses: it returns an anonymous `Caller`. A bearer token that is
unknown, revoked or expired is refused with 401 rather than treated as anonymous, so a script
with a dead token finds out at once. Session callers must send the CSRF token on writes;
token callers need none (a browser never adds an Authorization header on its own).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from secretariat.api.models import ApiToken
from secretariat.api.problems import ApiProblem
from secretariat.api.queries import token_for
from secretariat.api.services import mark_used
from secretariat.core.permissions import Action, TeamRecord, can
from secretariat.teams.models import Team

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_RATE_ANONYMOUS = 120  # requests per minute and client address
DEFAULT_RATE_AUTHENTICATED = 1200  # requests per minute and token (or session account)
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Caller:
    """The caller of one request: `user` is anonymous unless a token or session says otherwise."""

    user: User | AnonymousUser
    token: ApiToken | None = None
    via: str = "anonymous"  # "token", "session" or "anonymous"

    @property
    def can_write(self) -> bool:
        if self.via == "token":
            return self.token is not None and self.token.can_write
        return self.via == "session"


def caller_of(request: HttpRequest) -> Caller:
    return cast("Caller", request.auth)  # type: ignore[attr-defined]


def writer(request: HttpRequest) -> User:
    """The account a write acts as; 401 for anonymous callers, 403 for read-only tokens."""
    caller = caller_of(request)
    if not caller.user.is_authenticated:
        raise ApiProblem(
            401,
            _("Sign in or send an API token to change records."),
            headers={"WWW-Authenticate": 'Bearer realm="secretariat"'},
        )
    if not caller.can_write:
        raise ApiProblem(403, _("This token is read-only; create a read-and-write token to write."))
    return caller.user


def refuse_unless(user: User, action: Action, team: Team, record: TeamRecord | None = None) -> None:
    """A 403 problem unless `user` may take `action` on `record` (or in `team`)."""
    if not can(user, action, team=team, record=record):
        raise ApiProblem(
            403, _("You may not do that (%(action)s) here.") % {"action": action.value}
        )


def client_address(request: HttpRequest) -> str:
    """The client's address; X-Forwarded-For counts only when API_TRUST_X_FORWARDED_FOR is on.

    Behind one trusted proxy the last address it appended is the client it saw; earlier ones
    are whatever the client chose to send.
    """
    if getattr(settings, "API_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def check_rate(key: str, limit: int) -> None:
    """Count one request against `key` in the current minute; 429 with Retry-After past `limit`.

    A fixed window in Django's cache: with LocMemCache each worker counts alone, so production
    configures a shared cache (Redis or the database cache) for the limit to hold across workers.
    """
    if limit <= 0:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    cache_key = f"api-rate:{key}:{window}"
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise ApiProblem(
            429,
            _("Too many requests; try again in %(seconds)s seconds.") % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


def _rate(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sec_…`: a personal API token."""

    def __call__(self, request: HttpRequest) -> Caller | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise ApiProblem(
                401,
                _("Send the token as “Authorization: Bearer <token>”."),
                headers={"WWW-Authenticate": 'Bearer realm="secretariat"'},
            )
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = token_for(token)
        if found is None:
            raise ApiProblem(
                401,
                _("The API token is unknown, revoked or expired."),
                headers={"WWW-Authenticate": 'Bearer realm="secretariat", error="invalid_token"'},
            )
        check_rate(
            f"token:{found.pk}", _rate("API_RATE_LIMIT_AUTHENTICATED", DEFAULT_RATE_AUTHENTICATED)
        )
        mark_used(found)
        return Caller(user=found.user, token=found, via="token")


class SessionOrAnonymous(APIKeyCookie):
    """A signed-in browser session (CSRF checked on writes), or else an anonymous caller."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Caller:
        user = request.user
        if user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise ApiProblem(
                    403,
                    _("CSRF check failed: send the X-CSRFToken header, or use an API token."),
                )
            check_rate(
                f"user:{user.pk}",
                _rate("API_RATE_LIMIT_AUTHENTICATED", DEFAULT_RATE_AUTHENTICATED),
            )
            return Caller(user=user, via="session")
        check_rate(
            f"addr:{client_address(request)}",
            _rate("API_RATE_LIMIT_ANONYMOUS", DEFAULT_RATE_ANONYMOUS),
        )
        return Caller(user=AnonymousUser())

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller:
        return self(request)  # pragma: no cover - __call__ does the work
