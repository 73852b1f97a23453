"""Template context every page gets."""

from __future__ import annotations

from django.http import HttpRequest


def is_static_export(request: HttpRequest) -> bool:
    """True while archive.export crawls the site for the static copy."""
    return request.META.get("HTTP_X_SECRETARIAT_EXPORT") == "1"


def static_export(request: HttpRequest) -> dict[str, bool]:
    """`static_export`: pages leave out sign-in, search and filter forms, which a static copy
    cannot serve."""
    return {"static_export": is_static_export(request)}
