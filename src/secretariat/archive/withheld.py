"""Placeholders for numbered records a viewer may not read: number, level and stated reason.

Meetings, decisions, requests and questions have no helper of their own for them, so the
archive computes them here from what the viewer may read (each app's queries) and everything
else of the team; nothing but the number, the visibility level and the reason staff wrote for
the public ever leaves this module. `withheld_page` is the answer to the address of one of
them: a 403 page that says the record exists, and why it is withheld (tracker/views.py does
the same for action items).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.core.models import Visibility
from secretariat.core.visibility import Viewer, access_for
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.requests.models import Question, Request
from secretariat.requests.queries import visible_questions, visible_requests
from secretariat.teams.models import Team
from secretariat.tracker.queries import Withheld, withheld_action_items


def withheld_meetings(*, viewer: Viewer | None, team: Team) -> list[Withheld]:
    """The team's numbered meetings this viewer may not read, by number (one query)."""
    if access_for(viewer, team).sees_everything:
        return []
    visible = visible_meetings(viewer=viewer, team=team).order_by().values("pk")
    rows = (
        Meeting.objects.filter(team=team, number__isnull=False)
        .exclude(pk__in=visible)
        .order_by("number")
        .values_list("number", "visibility", "visibility_reason")
    )
    return [
        Withheld(number, visibility, reason)
        for number, visibility, reason in rows
        if number is not None  # (excluded by the filter; the type does not know it)
    ]


def withheld_decisions(*, viewer: Viewer | None, team: Team) -> list[Withheld]:
    """The team's decisions this viewer may not read, by number (one query).

    A decision hidden with its meeting, without a reason of its own, gives the meeting's reason
    (and, if public itself, the meeting's level): what the public was told about that meeting.
    """
    if access_for(viewer, team).sees_everything:
        return []
    visible = visible_decisions(viewer=viewer, team=team).order_by().values("pk")
    rows = (
        Decision.objects.filter(team=team)
        .exclude(pk__in=visible)
        .order_by("number")
        .values_list(
            "number",
            "visibility",
            "visibility_reason",
            "meeting__visibility",
            "meeting__visibility_reason",
        )
    )
    placeholders = []
    for number, visibility, reason, meeting_visibility, meeting_reason in rows:
        closed_meeting = meeting_visibility not in (None, Visibility.PUBLIC)
        if closed_meeting and visibility == Visibility.PUBLIC:
            visibility = meeting_visibility
        if closed_meeting and not reason:
            reason = meeting_reason
        placeholders.append(Withheld(number, visibility, reason))
    return placeholders


def withheld_counts(*, viewer: Viewer | None, team: Team) -> dict[str, int]:
    """How many action items, meetings and decisions are withheld from this viewer."""
    return {
        "action_items": len(withheld_action_items(viewer=viewer, team=team)),
        "meetings": len(withheld_meetings(viewer=viewer, team=team)),
        "decisions": len(withheld_decisions(viewer=viewer, team=team)),
    }


def _withheld_numbered(
    model: type[Model], visible: QuerySet[Any], *, viewer: Viewer | None, team: Team
) -> list[Withheld]:
    """The team's records of `model` not in `visible`, by number (one query)."""
    if access_for(viewer, team).sees_everything:
        return []
    has_reason = any(f.name == "visibility_reason" for f in model._meta.concrete_fields)
    fields = ["number", "visibility", *(["visibility_reason"] if has_reason else [])]
    rows = (
        model._default_manager.filter(team=team)
        .exclude(pk__in=visible.order_by().values("pk"))
        .order_by("number")
        .values_list(*fields)
    )
    return [Withheld(row[0], row[1], row[2] if has_reason else "") for row in rows]


def withheld_requests(*, viewer: Viewer | None, team: Team) -> list[Withheld]:
    """The team's requests this viewer may not read, by number."""
    visible = visible_requests(viewer=viewer, team=team)
    return _withheld_numbered(Request, visible, viewer=viewer, team=team)


def withheld_questions(*, viewer: Viewer | None, team: Team) -> list[Withheld]:
    """The team's questions this viewer may not read, by number."""
    visible = visible_questions(viewer=viewer, team=team)
    return _withheld_numbered(Question, visible, viewer=viewer, team=team)


def withheld_page(
    request: HttpRequest,
    team: Team,
    placeholders: list[Withheld],
    *,
    number: int,
    label: str,
    back_url: str,
    back_label: str,
) -> HttpResponse | None:
    """The 403 page for record `number` if it is among `placeholders`, else None (a 404)."""
    placeholder = next((w for w in placeholders if w.number == number), None)
    if placeholder is None:
        return None
    context = {
        "team": team,
        "withheld": placeholder,
        "label": label,
        "back_url": back_url,
        "back_label": back_label,
    }
    return render(request, "archive/withheld.html", context, status=403)
