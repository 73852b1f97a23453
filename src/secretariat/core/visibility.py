"""Who sees what: the one place that turns a viewer and a team into a visibility filter.

Every query that can reach a person builds its filter here (see the apps' `queries.py`).
The levels (core.models.Visibility):
- public: anyone, signed in or not;
- team: signed-in staff, chairs, members and technical writers of the team (not observers);
- restricted: staff and chairs of the team, and the people named on the record (an owner,
  directly or through a group they belong to).
Superusers see everything. Memberships that ended, or have not started yet, give nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.utils import timezone

from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Membership, Role, Team

Viewer = AbstractBaseUser | AnonymousUser

TEAM_READERS = frozenset({Role.STAFF, Role.CHAIR, Role.MEMBER, Role.TECHNICAL_WRITER})
LEADERSHIP = frozenset({Role.STAFF, Role.CHAIR})


@dataclass(frozen=True)
class Access:
    """What one viewer is in one team: their role, their person and the groups they are in."""

    team_id: int
    role: str | None = None
    person_id: int | None = None
    group_ids: frozenset[int] = frozenset()
    is_superuser: bool = False

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role in LEADERSHIP

    @property
    def sees_team_records(self) -> bool:
        return self.sees_everything or self.role in TEAM_READERS

    def names(self, *, person_ids: set[int], group_ids: set[int]) -> bool:
        """True if the viewer is among these people, or in one of these groups."""
        return (self.person_id is not None and self.person_id in person_ids) or bool(
            self.group_ids & group_ids
        )

    def can_read(self, visibility: str, *, named: bool) -> bool:
        if visibility == Visibility.PUBLIC or self.sees_everything:
            return True
        if visibility == Visibility.TEAM:
            return self.sees_team_records or named
        return named and self.person_id is not None

    def filter(self, *, named: Q, field: str = "visibility") -> Q:
        """A filter keeping the records this viewer may read; `named` matches "names the viewer"."""
        if self.sees_everything:
            return Q()
        public = Q(**{field: Visibility.PUBLIC})
        if self.person_id is None:
            return public
        if self.sees_team_records:
            return (
                public
                | Q(**{field: Visibility.TEAM})
                | (Q(**{f"{field}__in": [Visibility.TEAM, Visibility.RESTRICTED]}) & named)
            )
        return public | (Q(**{f"{field}__in": [Visibility.TEAM, Visibility.RESTRICTED]}) & named)


_CACHE_ATTRIBUTE = "_secretariat_access"


def access_for(viewer: Viewer | None, team: Team) -> Access:
    """The viewer's Access to `team`, computed once per user object (so once per request)."""
    if viewer is None or not viewer.is_authenticated:
        return Access(team_id=team.pk)
    cache: dict[int, Access] = viewer.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if team.pk in cache:
        return cache[team.pk]
    is_superuser = bool(getattr(viewer, "is_superuser", False))
    today = timezone.localdate()
    membership = (
        Membership.objects.filter(team=team, person__user_id=viewer.pk)
        .filter(Q(start_on__isnull=True) | Q(start_on__lte=today))
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .values("role", "person_id")
        .first()
    )
    if membership is None:
        access = Access(team_id=team.pk, is_superuser=is_superuser)
        person_id = getattr(getattr(viewer, "person", None), "pk", None)
        if person_id is not None:
            # Someone outside the team can still be named on a record (a group's member).
            group_ids = frozenset(
                Group.objects.filter(team=team, members=person_id).values_list("pk", flat=True)
            )
            access = Access(
                team_id=team.pk, person_id=person_id, group_ids=group_ids, is_superuser=is_superuser
            )
    else:
        group_ids = frozenset(
            Group.objects.filter(team=team, members=membership["person_id"]).values_list(
                "pk", flat=True
            )
        )
        access = Access(
            team_id=team.pk,
            role=membership["role"],
            person_id=membership["person_id"],
            group_ids=group_ids,
            is_superuser=is_superuser,
        )
    cache[team.pk] = access
    return access


def forget_access(viewer: Viewer | None) -> None:
    """Drop the cached Access (after a role change within one request, and in tests)."""
    if viewer is not None:
        viewer.__dict__.pop(_CACHE_ATTRIBUTE, None)
