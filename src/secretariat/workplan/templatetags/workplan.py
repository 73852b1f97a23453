"""`{% progress_pictures team %}`: the team's three progress pictures, for pages owned by other
apps (the team's home page) that include them with one line, drawn for the request's viewer."""

from __future__ import annotations

from typing import Any

from django import template

from secretariat.teams.models import Team
from secretariat.workplan import reports
from secretariat.workplan.views import svg_markup

register = template.Library()


@register.inclusion_tag("workplan/_progress_pictures.html", takes_context=True)
def progress_pictures(context: template.Context, team: Team) -> dict[str, Any]:
    request = context.get("request")
    viewer = getattr(request, "user", None)
    charts = reports.team_charts(viewer=viewer, team=team)
    return {
        "team": team,
        "charts": {name: svg_markup(svg) for name, svg in charts.items()},
        "static_export": context.get("static_export", False),
    }
