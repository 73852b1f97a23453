"""Search across every team the viewer can read, through each app's visibility-filtered queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from secretariat.core.visibility import Viewer, access_for
from secretariat.teams.models import Team
from secretariat.teams.queries import all_teams
from secretariat.tracker.queries import TrackerFilters, filter_action_items, visible_action_items

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 50


@dataclass(frozen=True)
class Hit:
    team: Team
    kind: str  # "action_item", "decision", "meeting": the template names them
    title: str
    text: str  # Markdown
    url: str


def clean_query(raw: str) -> str:
    """The query as searched: printable characters only, one line, at most MAX_QUERY_LENGTH long.

    Control characters go (PostgreSQL refuses NUL in a string), runs of spaces become one.
    """
    printable = "".join(
        ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY_LENGTH * 4]
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search(*, viewer: Viewer | None, query: str) -> list[Hit]:
    """Records matching `query` that this viewer may read, newest first within each team.

    One pass per team (a handful on any installation), each through the team's visibility
    filter, so nothing is matched that the viewer could not open.
    """
    text = clean_query(query)
    if not text:
        return []
    hits: list[Hit] = []
    for team in all_teams():
        access = access_for(viewer, team)
        items = filter_action_items(
            visible_action_items(viewer=viewer, team=team),
            filters=TrackerFilters(text=text),
            access=access,
        )[:RESULTS_PER_KIND]
        hits.extend(
            Hit(
                team=team,
                kind="action_item",
                title=f"#{item.number}",
                text=item.text,
                url=reverse("tracker:detail", args=[team.slug, item.number]),
            )
            for item in items
        )
    return hits
