"""Availability polls: list the team's polls, read one with its slots and results (yes / if
need be / no per slot), and close one early.

Reads go through polls.queries (visibility as on the poll pages: team polls for the team,
restricted ones for staff, chairs and the people invited); the close goes through
polls.services with If-Match. The invitees' personal links and addresses are never shown.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router
from pydantic import Field

from secretariat.api.auth import caller_of, refuse_unless, writer
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.schemas import Input
from secretariat.api.schemas_polls import PollDetailOut, PollPage
from secretariat.api.teams import team_of
from secretariat.api.tracker import (
    IF_MATCH,
    READ_ERRORS,
    VERSIONED_ERRORS,
    etag,
    expected_version,
)
from secretariat.core.permissions import Action
from secretariat.core.visibility import Access, access_for
from secretariat.polls import queries, services
from secretariat.polls.models import Poll, Slot
from secretariat.teams.models import Team

router = Router(tags=["availability polls"])

MAX_ID = 2**62
POLLS = Ordering("polls", (Key("created_at", descending=True), Key("id", descending=True)))


class PollFilters(Input):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


def _slot_out(slot: Slot) -> dict[str, Any]:
    whole_day = slot.starts_at is None
    return {
        "id": slot.pk,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "duration_minutes": None if whole_day else slot.duration_minutes,
        "day": slot.day,
    }


def poll_out(poll: Poll, access: Access) -> dict[str, Any]:
    """A poll as the API lists it; needs visible_polls' related records loaded."""
    invitees = list(poll.invitees.all())
    meeting = poll.meeting
    return {
        "id": poll.pk,
        "title": poll.title,
        "description": poll.description,
        "time_zone": poll.time_zone,
        "closes_at": poll.closes_at,
        "status": "closed" if poll.is_closed() else "open",
        "visibility": poll.visibility,
        "version": poll.version,
        "slots": [_slot_out(s) for s in poll.slots.all()],
        "invited": len(invitees),
        "answered": sum(1 for i in invitees if i.answered_at is not None),
        "meeting": (
            meeting.number
            if meeting is not None and access.can_read(meeting.visibility, named=False)
            else None
        ),
        "chosen_slot": poll.chosen_slot_id,
        "created_at": poll.created_at,
        "html_url": reverse("polls:detail", args=[poll.team.slug, poll.pk]),
    }


def poll_detail_out(poll: Poll, access: Access) -> dict[str, Any]:
    result = queries.results(poll)
    return {
        **poll_out(poll, access),
        "results": [
            {
                "slot": r.slot.pk,
                "yes": r.yes,
                "if_need_be": r.if_need_be,
                "no": r.no,
                "best": r.best,
            }
            for r in result.slots
        ],
        "invitees": [
            {
                "name": invitee.name,
                "person": (
                    {"id": invitee.person_id, "name": invitee.name}
                    if invitee.person_id is not None
                    else None
                ),
                "answered_at": invitee.answered_at,
            }
            for invitee, _row in result.rows
        ],
    }


def _poll(request: HttpRequest, slug: str, poll_id: int) -> tuple[Team, Poll]:
    if poll_id < 1 or poll_id > MAX_ID:
        raise Http404
    team = team_of(slug)
    return team, queries.get_poll(viewer=caller_of(request).user, team=team, pk=poll_id)


@router.get(
    "/{slug}/polls", response={200: PollPage, **READ_ERRORS}, summary="List availability polls"
)
def list_polls(request: HttpRequest, slug: str, filters: Query[PollFilters]) -> dict[str, Any]:
    team = team_of(slug)
    user = caller_of(request).user
    rows = queries.visible_polls(viewer=user, team=team)
    page = paginate(rows, ordering=POLLS, cursor=filters.cursor, limit=filters.limit)
    access = access_for(user, team)
    return {"items": [poll_out(p, access) for p in page.rows], "next_cursor": page.next_cursor}


@router.get(
    "/{slug}/polls/{poll_id}",
    response={200: PollDetailOut, **READ_ERRORS},
    summary="Read an availability poll with its slots and results",
)
def get_poll(
    request: HttpRequest, slug: str, poll_id: int, response: HttpResponse
) -> dict[str, Any]:
    team, poll = _poll(request, slug, poll_id)
    response["ETag"] = etag(poll)
    return poll_detail_out(poll, access_for(caller_of(request).user, team))


@router.post(
    "/{slug}/polls/{poll_id}/close",
    response={200: PollDetailOut, **VERSIONED_ERRORS},
    summary="Close an open poll now: answers stop, the result is kept (If-Match required)",
)
def close_poll(
    request: HttpRequest,
    slug: str,
    poll_id: int,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
) -> dict[str, Any]:
    user = writer(request)
    team, poll = _poll(request, slug, poll_id)
    refuse_unless(user, Action.EDIT, team, poll)
    services.close_poll(poll=poll, by=user, expected_version=expected_version(if_match))
    _team, poll = _poll(request, slug, poll_id)
    response["ETag"] = etag(poll)
    return poll_detail_out(poll, access_for(user, team))
