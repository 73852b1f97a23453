"""Archive pages that are not one app's: search across teams."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from secretariat.archive.search import MAX_QUERY_LENGTH, clean_query, search


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    hits = search(viewer=request.user, query=query) if query else []
    context = {"query": query, "hits": hits, "max_length": MAX_QUERY_LENGTH}
    return render(request, "archive/search.html", context)
