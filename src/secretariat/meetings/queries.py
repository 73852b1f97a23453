"""Every read of meetings and decisions that reaches a person, with visibility applied here.

A meeting's agenda, attendance and minutes have no visibility of their own: whoever reads the
meeting reads them. Materials and decisions carry their own level (a public call can have a
team-only chat transcript).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.core.visibility import Viewer, access_for
from secretariat.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Material,
    Meeting,
    Minutes,
)
from secretariat.teams.models import Membership, Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

NOBODY = Q(pk__in=[])  # meetings and decisions name nobody (see Meeting.names)


def visible_meetings(*, viewer: Viewer | None, team: Team) -> QuerySet[Meeting]:
    """The team's meetings this viewer may read, newest first, with attendance counts by role
    (`n_member`, `n_observer`, `n_staff`, `n_guest`, `n_apologies`)."""
    access = access_for(viewer, team)
    counts = {
        f"n_{role}": Count("attendances", filter=Q(attendances__role=role))
        for role in Attendance.Role.values
    }
    return (
        Meeting.objects.filter(team=team)
        .filter(access.filter(named=NOBODY))
        .annotate(**counts)
        .order_by("-starts_at", "-number")
    )


def get_meeting(*, viewer: Viewer | None, team: Team, number: int) -> Meeting:
    """One meeting by its number, or 404 if it does not exist or the viewer may not read it."""
    access = access_for(viewer, team)
    meeting = (
        Meeting.objects.filter(team=team, number=number)
        .filter(access.filter(named=NOBODY))
        .select_related("team", "previous")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _readable_meetings(*, viewer: Viewer | None, team: Team) -> QuerySet[Meeting]:
    """The team's meetings this viewer may read, without visible_meetings' counts."""
    access = access_for(viewer, team)
    return Meeting.objects.filter(team=team).filter(access.filter(named=NOBODY))


def can_read_meeting(*, viewer: Viewer | None, team: Team, meeting: Meeting) -> bool:
    """True if this viewer may read `meeting` of `team` (no query once the viewer's access to
    the team is known)."""
    return access_for(viewer, team).can_read(meeting.visibility, named=False)


def previous_of_kind(meeting: Meeting, *, viewer: Viewer | None) -> Meeting | None:
    """The meeting of the same kind just before this one (for "approve the last minutes"),
    among those the viewer may read: the one set as `previous` if the viewer may read it, else
    the latest readable meeting of the same kind that started earlier. A meeting the viewer may
    not read is never returned, so a public page never names a restricted meeting."""
    if meeting.previous_id is not None:
        previous = meeting.previous
        if previous is not None and can_read_meeting(
            viewer=viewer, team=meeting.team, meeting=previous
        ):
            return previous
    if meeting.starts_at is None:
        return None
    return (
        _readable_meetings(viewer=viewer, team=meeting.team)
        .filter(kind=meeting.kind, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


def later_meetings(meeting: Meeting, *, viewer: Viewer | None) -> list[Meeting]:
    """Numbered meetings after this one that the viewer may read, newest first (where its
    minutes can be approved); meetings without a start are kept."""
    rows = (
        _readable_meetings(viewer=viewer, team=meeting.team)
        .filter(number__isnull=False)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
    )
    return [
        m
        for m in rows
        if meeting.starts_at is None or m.starts_at is None or m.starts_at > meeting.starts_at
    ]


def latest_of_kind(*, viewer: Viewer | None, team: Team, kind: str) -> Meeting | None:
    return visible_meetings(viewer=viewer, team=team).filter(kind=kind).first()


# --- the agenda -------------------------------------------------------------------------------


_MINUTES_APPROVAL = re.compile(
    r"\b(approv\w*|adopt\w*|confirm\w*)\b.*\bminutes\b|\bminutes\b.*\bapprov", re.IGNORECASE
)


def is_minutes_approval(title: str) -> bool:
    """Whether an agenda item is the approval of the last minutes ("Approval of last minutes",
    "Adopt the minutes of Plenary #110"): the meeting page links it to those minutes."""
    return _MINUTES_APPROVAL.search(title) is not None


@dataclass
class AgendaNode:
    item: AgendaItem
    depth: int
    children: list[AgendaNode] = field(default_factory=list)
    label: str = ""  # "1", "1.2"


def agenda_tree(meeting: Meeting) -> list[AgendaNode]:
    """The meeting's agenda as a tree of nodes, in order, built from one query."""
    items = (
        AgendaItem.objects.filter(meeting=meeting, removed=False)
        .select_related("presenter")
        .order_by("position", "id")
    )
    by_parent: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)

    def build(parent_id: int | None, depth: int, prefix: str) -> list[AgendaNode]:
        nodes = []
        for index, item in enumerate(by_parent.get(parent_id, []), start=1):
            label = f"{prefix}{index}"
            node = AgendaNode(item=item, depth=depth, label=label)
            node.children = build(item.pk, depth + 1, f"{label}.")
            nodes.append(node)
        return nodes

    return build(None, 0, "")


def flatten(nodes: list[AgendaNode]) -> list[AgendaNode]:
    """The tree in reading order, each node followed by its sub-items."""
    flat: list[AgendaNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def unreached_items(meeting: Meeting) -> list[AgendaItem]:
    """Items of this agenda not reached and not standing (standing items are carried anyway)."""
    return [
        n.item for n in flatten(agenda_tree(meeting)) if not n.item.reached and not n.item.standing
    ]


# --- attendance -------------------------------------------------------------------------------


def attendance_by_role(meeting: Meeting) -> dict[str, list[Person]]:
    """Who was there, as what: every role present (empty lists included), names in order."""
    grouped: dict[str, list[Person]] = {role: [] for role in Attendance.Role.values}
    rows = (
        Attendance.objects.filter(meeting=meeting).select_related("person").order_by("person__name")
    )
    for row in rows:
        grouped[row.role].append(row.person)
    return grouped


def roster_for_attendance(meeting: Meeting) -> list[tuple[Membership, str]]:
    """The team's members on the day of the meeting, each with their recorded role ("" if none)."""
    day = meeting.starts_at.date() if meeting.starts_at else None
    memberships = Membership.objects.filter(team_id=meeting.team_id).select_related("person")
    if day is not None:
        memberships = memberships.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=day),
            Q(end_on__isnull=True) | Q(end_on__gte=day),
        )
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "role"))
    return [(m, recorded.get(m.person_id, "")) for m in memberships.order_by("person__name")]


@dataclass
class AttendanceRecord:
    person: Person
    role: str
    attended: int = 0
    apologies: int = 0
    missed: int = 0


def attendance_record(
    *, viewer: Viewer | None, team: Team, kind: str | None = None
) -> list[AttendanceRecord]:
    """Per member: held meetings (that the viewer may read) attended, missed with apologies,
    and missed without, counting only meetings during their membership. Three queries."""
    meetings = visible_meetings(viewer=viewer, team=team).filter(status=Meeting.Status.HELD)
    if kind:
        meetings = meetings.filter(kind=kind)
    held = list(meetings.values_list("pk", "starts_at"))
    rows = Attendance.objects.filter(meeting_id__in=[pk for pk, _ in held]).values_list(
        "meeting_id", "person_id", "role"
    )
    seen: dict[tuple[int, int], str] = {(m, p): r for m, p, r in rows}
    records = []
    memberships = Membership.objects.filter(team=team).select_related("person")
    for membership in memberships.order_by("person__name"):
        record = AttendanceRecord(person=membership.person, role=membership.role)
        for meeting_id, starts_at in held:
            day = starts_at.date() if starts_at else None
            if day is not None and not membership.is_active(day):
                continue
            role = seen.get((meeting_id, membership.person_id))
            if role is None:
                record.missed += 1
            elif role == Attendance.Role.APOLOGIES:
                record.apologies += 1
            else:
                record.attended += 1
        records.append(record)
    return records


@dataclass
class ZoneTime:
    zone: str
    local: dt.datetime
    people: list[str]


def start_in_member_zones(meeting: Meeting) -> list[ZoneTime]:
    """The start in each current member's time zone, one row per zone, earliest clock first."""
    if meeting.starts_at is None:
        return []
    rows = (
        Membership.objects.filter(team_id=meeting.team_id)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=meeting.starts_at.date()))
        .values_list("person__time_zone", "person__name")
        .order_by("person__name")
    )
    zones: dict[str, list[str]] = {}
    for zone, name in rows:
        zones.setdefault(zone or "UTC", []).append(name)
    table = []
    for zone, people in zones.items():
        try:
            local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        table.append(ZoneTime(zone=zone, local=local, people=people))
    table.sort(key=lambda z: (z.local.utcoffset() or dt.timedelta(), z.zone))
    return table


# --- materials, decisions, action items, minutes ----------------------------------------------


def visible_materials(*, viewer: Viewer | None, meeting: Meeting) -> QuerySet[Material]:
    access = access_for(viewer, meeting.team)
    return (
        Material.objects.filter(meeting=meeting)
        .filter(access.filter(named=NOBODY))
        .order_by("kind", "id")
    )


def get_material(*, viewer: Viewer | None, meeting: Meeting, pk: int) -> Material:
    material = visible_materials(viewer=viewer, meeting=meeting).filter(pk=pk).first()
    if material is None:
        raise Http404
    return material


def visible_decisions(*, viewer: Viewer | None, team: Team) -> QuerySet[Decision]:
    """The team's decisions this viewer may read, newest first, with their meeting. A decision
    of a meeting the viewer may not read is hidden with it."""
    access = access_for(viewer, team)
    decisions = Decision.objects.filter(team=team).filter(access.filter(named=NOBODY))
    if not access.sees_everything:
        # (Not `Q(...) | access.filter(...)`: an empty Q on one side would drop the other.)
        decisions = decisions.filter(
            Q(meeting__isnull=True) | access.filter(named=NOBODY, field="meeting__visibility")
        )
    return decisions.select_related("meeting").order_by("-decided_on", "-number")


def filter_decisions(
    decisions: QuerySet[Decision],
    *,
    source: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    text: str = "",
) -> QuerySet[Decision]:
    if source:
        decisions = decisions.filter(source=source)
    if since:
        decisions = decisions.filter(decided_on__gte=since)
    if until:
        decisions = decisions.filter(decided_on__lte=until)
    if text.strip():
        decisions = decisions.filter(text__icontains=text.strip())
    return decisions


def meeting_decisions(*, viewer: Viewer | None, meeting: Meeting) -> QuerySet[Decision]:
    return (
        visible_decisions(viewer=viewer, team=meeting.team)
        .filter(meeting=meeting)
        .order_by("number")
    )


def meeting_action_items(*, viewer: Viewer | None, meeting: Meeting) -> QuerySet[ActionItem]:
    """The action items raised at this meeting that the viewer may read."""
    return (
        visible_action_items(viewer=viewer, team=meeting.team)
        .filter(source_meeting=meeting)
        .order_by("number")
    )


def open_action_items_of(*, viewer: Viewer | None, meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting_action_items(viewer=viewer, meeting=meeting).filter(
        status__in=ActionItem.ACTIVE_STATUSES
    )


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes (read with the meeting: call after get_meeting). Their
    `approved_at` may name a meeting the viewer may not read: show it through
    approving_meeting()."""
    return Minutes.objects.filter(meeting=meeting).select_related("approved_at").first()


def approving_meeting(
    minutes: Minutes | None, *, viewer: Viewer | None, team: Team
) -> Meeting | None:
    """The meeting that approved these minutes (of a meeting of `team`), if any and if the
    viewer may read it."""
    if minutes is None or minutes.approved_at_id is None:
        return None
    approved_at = minutes.approved_at
    if approved_at is None or not can_read_meeting(viewer=viewer, team=team, meeting=approved_at):
        return None
    return approved_at


def minutes_approved_at(meeting: Meeting, *, viewer: Viewer | None) -> list[Minutes]:
    """Minutes of earlier meetings, that the viewer may read, approved at this one."""
    access = access_for(viewer, meeting.team)
    return list(
        Minutes.objects.filter(approved_at=meeting)
        .filter(access.filter(named=NOBODY, field="meeting__visibility"))
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting__number")
    )


def minutes_diff(minutes: Minutes) -> list[tuple[str, str]]:
    """The amendments made at approval, line by line: ("-", line) drafted, ("+", line) approved,
    (" ", line) unchanged. Empty if approved as drafted (or not approved yet)."""
    if minutes.status != Minutes.Status.APPROVED or minutes.drafted_text == minutes.text:
        return []
    lines = []
    for line in difflib.ndiff(minutes.drafted_text.splitlines(), minutes.text.splitlines()):
        if line.startswith(("- ", "+ ", "  ")):
            lines.append((line[0], line[2:]))
    return lines


def visible_meeting_history(*, viewer: Viewer | None, meeting: Meeting) -> QuerySet[HistoryEntry]:
    """The meeting's history (its details and agenda) this viewer may read, oldest first.

    A change made while the meeting was restricted stays hidden after it is opened, and a
    meeting the viewer may not read shows no history at all.
    """
    access = access_for(viewer, meeting.team)
    entries = history_for(meeting)
    if not access.can_read(meeting.visibility, named=False):
        return entries.none()
    entries = entries.filter(access.filter(named=NOBODY))
    if not access.can_read(Visibility.RESTRICTED, named=False):
        # A material's entry carries the meeting's visibility, not the material's own: a
        # restricted material on a public meeting would show its title. Only those who read
        # every material see these entries; the materials list shows the rest.
        entries = entries.exclude(action="meetings.material.added")
    return entries.select_related("actor")
