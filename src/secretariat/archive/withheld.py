"""Placeholders for meetings and decisions a viewer may not read: number, level and stated reason.

meetings.queries has no helper of its own for them, so the archive computes them here from what
the viewer may read (meetings.queries) and everything else of the team; nothing but the number,
the visibility level and the reason staff wrote for the public ever leaves this module.
"""

from __future__ import annotations

from secretariat.core.models import Visibility
from secretariat.core.visibility import Viewer, access_for
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
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
