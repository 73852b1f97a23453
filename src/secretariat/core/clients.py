"""Who is asking: the client's address, trusting X-Forwarded-For only as far as configured."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the client that made `request`.

    With TRUSTED_PROXY_COUNT = N, the N-th address from the right of X-Forwarded-For is the
    client as our own proxies saw it; anything further left was written by the client and can
    be spoofed. With N = 0 (the default) only the socket's peer counts.
    """
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return peer
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if len(hops) < trusted:
        return peer
    return hops[-trusted]
