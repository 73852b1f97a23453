"""Site-wide pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from secretariat.teams.queries import all_teams


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"teams": all_teams()})
