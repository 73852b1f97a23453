"""Per-request settings for signed-in people: their own time zone (times are stored in UTC)
and the end of a session left idle or grown too old."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _


class PersonTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone_name = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            person = getattr(user, "person", None)
            zone_name = getattr(person, "time_zone", None)
        if zone_name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone_name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class SessionLimitsMiddleware:
    """End a session left idle for `SESSION_IDLE_TIMEOUT` seconds, or older than
    `SESSION_COOKIE_AGE` seconds however busy.

    Django alone cannot do either: each write to a session pushes its expiry date forward, so
    the time of sign-in and of the last request are kept in the session itself (set at sign-in
    by core.signals). The last request is written at most once a minute, so reading pages does
    not mean a session write each.
    """

    SIGNED_IN = "_signed_in_at"
    LAST_SEEN = "_last_seen"
    WRITE_EVERY = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            signed_in = request.session.get(self.SIGNED_IN)
            last_seen = request.session.get(self.LAST_SEEN)
            if isinstance(signed_in, int) and now - signed_in > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your sign-in has ended; please sign in again."))
            elif isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(span)s without activity.")
                    % {"span": _idle_span()},
                )
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Sessions from before these limits existed start their clocks now.
            request.session.setdefault(self.SIGNED_IN, now)
            last_seen = request.session.get(self.LAST_SEEN)
            if not isinstance(last_seen, int) or now - last_seen >= self.WRITE_EVERY:
                request.session[self.LAST_SEEN] = now
        return response


def _idle_span() -> str:
    return timesince(
        timezone.now() - dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT), timezone.now()
    )
