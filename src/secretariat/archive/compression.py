"""Compressed responses for the site's pages, feeds and calendars (issue 5, light pages).

Django's GZipMiddleware (which, since Django 4.2, pads each response with random bytes against
the BREACH attack) for everything but the JSON API: API clients and the API's contract tests
read bodies as sent, and API pages are small and paginated.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

API_PREFIX = "/api/"


class PageGZipMiddleware(GZipMiddleware):
    """GZipMiddleware, leaving responses under /api/ as they are."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
