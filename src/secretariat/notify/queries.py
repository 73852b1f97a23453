"""Reads for notifications: whose reminders are due, what each digest holds, who gets a mail.

Every item a mail shows is read through tracker.queries.visible_action_items with the
recipient's own account (or as an anonymous visitor when they have none), so a mail can never
show someone what the site would not.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from secretariat.core.visibility import access_for
from secretariat.meetings.models import Meeting
from secretariat.notify.models import ReminderPreference
from secretariat.teams.models import Group, Membership, Person, Role, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from secretariat.tracker.queries import visible_action_items


def preference_of(person: Person) -> ReminderPreference:
    """The person's preference, or the defaults (unsaved) when they never chose."""
    try:
        return person.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(person=person)


def local_now(person: Person, now: dt.datetime) -> dt.datetime:
    try:
        zone = zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone)


def is_due(preference: ReminderPreference, *, local: dt.datetime) -> bool:
    """True if a digest is due in the hour that `local` (the person's own time) falls in."""
    if preference.schedule == ReminderPreference.Schedule.NEVER:
        return False
    if local.hour != preference.hour:
        return False
    if preference.schedule == ReminderPreference.Schedule.WEEKLY:
        return local.weekday() == preference.weekday
    return True


def _active_memberships(day: dt.date) -> Q:
    return (Q(memberships__start_on__isnull=True) | Q(memberships__start_on__lte=day)) & (
        Q(memberships__end_on__isnull=True) | Q(memberships__end_on__gte=day)
    )


def people_due(now: dt.datetime) -> list[Person]:
    """People with an address and an active membership whose digest is due at `now`."""
    people = (
        Person.objects.exclude(email="")
        .filter(_active_memberships(timezone.localdate(now)))
        .select_related("user", "reminder_preference")
        .distinct()
        .order_by("pk")
    )
    return [p for p in people if is_due(preference_of(p), local=local_now(p, now))]


@dataclass
class TeamDigest:
    """One team's part of a person's digest."""

    team: Team
    overdue: list[ActionItem] = field(default_factory=list)
    due_soon: list[ActionItem] = field(default_factory=list)
    # For staff: every overdue item the team has, under each of its owners' names.
    overdue_by_owner: list[tuple[str, list[ActionItem]]] = field(default_factory=list)

    @property
    def item_ids(self) -> set[int]:
        ids = {item.pk for item in self.overdue} | {item.pk for item in self.due_soon}
        for _owner, items in self.overdue_by_owner:
            ids |= {item.pk for item in items}
        return ids

    def keep(self, ids: set[int]) -> TeamDigest:
        """This part limited to the items in `ids` (those not reminded of yet today)."""
        return TeamDigest(
            team=self.team,
            overdue=[i for i in self.overdue if i.pk in ids],
            due_soon=[i for i in self.due_soon if i.pk in ids],
            overdue_by_owner=[
                (name, kept)
                for name, items in self.overdue_by_owner
                if (kept := [i for i in items if i.pk in ids])
            ],
        )


def _owned_by(person: Person, group_ids: list[int]) -> Q:
    """Items owned by the person or by one of these groups of theirs (a semi-join on the
    owners' person and group indexes, not a per-item subquery)."""
    owned = ActionItemOwner.objects.filter(Q(person=person) | Q(group_id__in=group_ids))
    return Q(pk__in=owned.values("item_id"))


def digest_for(*, person: Person, today: dt.date, days_ahead: int) -> list[TeamDigest]:
    """What `person`'s digest holds on `today` (their local date), team by team.

    Their open items, own and their groups', overdue or due within `days_ahead` days; for staff
    also every overdue item of the team by owner. Only items they may read.
    """
    memberships = (
        Membership.objects.filter(person=person)
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=today))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("team")
        .order_by("team__name")
    )
    viewer = person.user if person.user_id else None
    groups_by_team: dict[int, list[int]] = {}
    for group_id, team_id in Group.objects.filter(members=person).values_list("id", "team_id"):
        groups_by_team.setdefault(team_id, []).append(group_id)
    horizon = today + dt.timedelta(days=days_ahead)
    digests: list[TeamDigest] = []
    for membership in memberships:
        team = membership.team
        active = (
            visible_action_items(viewer=viewer, team=team)
            .filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__isnull=False)
            .select_related("team")  # each line links to the item, under its team's address
            .order_by("due_on", "number")
        )
        digest = TeamDigest(team=team)
        for item in active.filter(
            _owned_by(person, groups_by_team.get(team.pk, [])), due_on__lte=horizon
        ):
            (digest.overdue if item.due_on < today else digest.due_soon).append(item)  # type: ignore[operator]
        if membership.role == Role.STAFF:
            by_owner: dict[str, list[ActionItem]] = {}
            for item in active.filter(due_on__lt=today):
                names = [str(owner) for owner in item.owners.all()] or ["—"]
                for name in names:
                    by_owner.setdefault(name, []).append(item)
            digest.overdue_by_owner = sorted(by_owner.items(), key=lambda pair: pair[0].casefold())
        if digest.item_ids:
            digests.append(digest)
    return digests


def owner_people(item: ActionItem) -> list[Person]:
    """The people an item names: its person owners and the members of its group owners."""
    people: dict[int, Person] = {}
    for owner in item.owners.all():
        if owner.person is not None:
            people.setdefault(owner.person.pk, owner.person)
        elif owner.group is not None:
            for member in owner.group.members.all():
                people.setdefault(member.pk, member)
    return list(people.values())


def item_for_mail(item_id: int) -> ActionItem | None:
    return (
        ActionItem.objects.filter(pk=item_id)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=ActionItemOwner.objects.select_related("person__user", "group").order_by(
                    "position"
                ),
            ),
            "owners__group__members__user",
        )
        .first()
    )


def may_read(person: Person, *, team: Team, visibility: str, item: ActionItem | None) -> bool:
    """Whether `person` may read a record of `team` at `visibility` (naming them if `item` does)."""
    access = access_for(person.user if person.user_id else None, team)
    named = item.names(access) if item is not None else False
    return access.can_read(visibility, named=named)


def meeting_recipients(meeting: Meeting) -> list[Person]:
    """The team's people (active members of every role but observer) who may read `meeting`."""
    day = timezone.localdate()
    memberships = (
        Membership.objects.filter(team=meeting.team)
        .exclude(role=Role.OBSERVER)
        .exclude(person__email="")
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=day))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .select_related("person__user")
        .order_by("person__name")
    )
    return [
        m.person
        for m in memberships
        if may_read(m.person, team=meeting.team, visibility=meeting.visibility, item=None)
    ]


def people_by_id(ids: Iterable[int]) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.filter(pk__in=list(ids)).select_related("user")}
