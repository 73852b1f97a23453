"""Every read of availability polls, filtered through core.visibility."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from secretariat.core.visibility import Viewer, access_for
from secretariat.polls.models import Answer, Invitee, Poll, Slot
from secretariat.teams.models import Team


def visible_polls(*, viewer: Viewer | None, team: Team) -> QuerySet[Poll]:
    access = access_for(viewer, team)
    named = Q(invitees__person_id=access.person_id) if access.person_id else Q(pk__in=[])
    ids = Poll.objects.filter(team=team).filter(access.filter(named=named)).values("pk")
    return (
        Poll.objects.filter(pk__in=ids)
        .select_related("team", "meeting")
        .prefetch_related("slots", "invitees")
    )


def get_poll(*, viewer: Viewer | None, team: Team, pk: int) -> Poll:
    poll = visible_polls(viewer=viewer, team=team).filter(pk=pk).first()
    if poll is None:
        raise Http404("No such poll.")
    return poll


@dataclass(frozen=True)
class SlotResult:
    slot: Slot
    yes: int
    if_need_be: int
    no: int
    best: bool = False


@dataclass(frozen=True)
class Results:
    slots: list[SlotResult]
    rows: list[tuple[Invitee, list[str]]]  # each invitee's choice per slot ("" unanswered)

    @property
    def best(self) -> list[SlotResult]:
        return [r for r in self.slots if r.best]


def results(poll: Poll) -> Results:
    """The grid (invitee by slot) and the best slots: most yes, then most if-need-be."""
    slots = list(poll.slots.all())
    invitees = list(poll.invitees.all())
    choice = {
        (a.invitee_id, a.slot_id): a.choice
        for a in Answer.objects.filter(slot__poll=poll).only("invitee_id", "slot_id", "choice")
    }
    counts = []
    for slot in slots:
        values = [choice.get((i.pk, slot.pk), "") for i in invitees]
        counts.append((slot, values.count("yes"), values.count("maybe"), values.count("no")))
    top = max(((y, m) for _slot, y, m, _no in counts if y or m), default=None)
    slot_results = [
        SlotResult(slot=s, yes=y, if_need_be=m, no=n, best=top is not None and (y, m) == top)
        for s, y, m, n in counts
    ]
    rows = [(i, [choice.get((i.pk, s.pk), "") for s in slots]) for i in invitees]
    return Results(slots=slot_results, rows=rows)


def slot_in_zone(slot: Slot, zone_name: str) -> str:
    """The slot as its reader sees it, e.g. "Sat 24 Jun 2017, 07:00-08:30 PDT"."""
    if slot.day is not None:
        return f"{slot.day:%a %d %b %Y} ({_('whole day')})"
    if slot.starts_at is None or slot.ends_at is None:
        return str(slot)
    zone = zoneinfo.ZoneInfo(zone_name)
    start = slot.starts_at.astimezone(zone)
    end = slot.ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{start:%a %d %b %Y, %H:%M}\N{EN DASH}{end:%H:%M %Z}"
    return f"{start:%a %d %b %Y, %H:%M} \N{EN DASH} {end:%a %d %b %Y, %H:%M %Z}"
