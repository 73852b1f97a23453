"""Every read of observer input.

Published input is read under a record the caller has already read (through the tracker's or
the meetings' queries), so it shows to whoever may read that record. Pending and rejected
input, and every sender's e-mail address, are for the team's staff and chairs only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from secretariat.core.permissions import Action, can
from secretariat.core.visibility import Viewer
from secretariat.feedback.models import Input
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem


def may_moderate(*, viewer: Viewer | None, team: Team) -> bool:
    return can(viewer, Action.SET_VISIBILITY, team=team)


def _about(record: ActionItem | Meeting) -> dict[str, ActionItem | Meeting]:
    return {"action_item": record} if isinstance(record, ActionItem) else {"meeting": record}


def published_inputs(record: ActionItem | Meeting) -> QuerySet[Input]:
    """The published input on a record the caller may read, oldest first."""
    return Input.objects.filter(status=Input.Status.PUBLISHED, **_about(record)).order_by(
        "submitted_at", "pk"
    )


@dataclass(frozen=True)
class InputBox:
    """What the input section under a record shows to one viewer."""

    published: list[Input]
    pending_count: int  # only counted for staff and chairs; 0 for everyone else
    may_moderate: bool


def input_box(*, viewer: Viewer | None, record: ActionItem | Meeting) -> InputBox:
    moderator = may_moderate(viewer=viewer, team=record.team)
    pending = (
        Input.objects.filter(status=Input.Status.PENDING, **_about(record)).count()
        if moderator
        else 0
    )
    return InputBox(
        published=list(published_inputs(record)), pending_count=pending, may_moderate=moderator
    )


def moderation_queue(*, team: Team, status: str = Input.Status.PENDING) -> QuerySet[Input]:
    """The team's input with `status`, for the moderation screen (the view checks the role)."""
    return (
        Input.objects.filter(team=team, status=status)
        .select_related("action_item", "meeting", "moderated_by")
        .order_by("submitted_at", "pk")
    )


def get_input(*, team: Team, pk: int) -> Input:
    try:
        return Input.objects.select_related("team").get(team=team, pk=pk)
    except Input.DoesNotExist:
        raise Http404("No such input.") from None
