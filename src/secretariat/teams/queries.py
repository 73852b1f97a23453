"""Reads of teams, people and groups, and the viewer's role in a team."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from secretariat.teams.models import Group, Membership, Person, Team

Viewer = AbstractBaseUser | AnonymousUser


def get_team(slug: str) -> Team:
    return get_object_or_404(Team, slug=slug)


def all_teams() -> QuerySet[Team]:
    return Team.objects.order_by("name")


def person_of(user: Viewer | None) -> Person | None:
    """The Person behind a signed-in user, or None (anonymous, or an account without one)."""
    if user is None or not user.is_authenticated:
        return None
    # A missing reverse one-to-one raises Person.DoesNotExist, which is also an AttributeError.
    person = getattr(user, "person", None)
    return person if isinstance(person, Person) else None


def roster(team: Team) -> QuerySet[Person]:
    """People with a membership in `team` (past or present), by name."""
    return Person.objects.filter(memberships__team=team).distinct().order_by("name")


def groups_of(team: Team) -> QuerySet[Group]:
    return Group.objects.filter(team=team).order_by("name")


def active_memberships(team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team)
        .select_related("person")
        .order_by("role", "person__name")
    )


def resolve_owner_names(
    *, team: Team, names: Iterable[str], field: str = "owners"
) -> list[Person | Group]:
    """Turn owner names as people write them ("Co-Chairs", "James Gannon", "JG") into records.

    A name matches a group of the team, then a person of its roster by full name, then by
    initials, case-insensitively. Unknown or ambiguous names raise one ValidationError on
    `field` that lists every one of them, so nothing is half-resolved.
    """
    wanted = [n.strip() for n in names if n and n.strip()]
    groups = {g.name.casefold(): g for g in groups_of(team)}
    people = list(roster(team))
    by_name: dict[str, list[Person]] = {}
    by_initials: dict[str, list[Person]] = {}
    for person in people:
        by_name.setdefault(person.name.casefold(), []).append(person)
        if person.initials:
            by_initials.setdefault(person.initials.casefold(), []).append(person)

    resolved: list[Person | Group] = []
    problems: list[str] = []
    for name in wanted:
        key = name.casefold()
        if key in groups:
            resolved.append(groups[key])
            continue
        matches = by_name.get(key) or by_initials.get(key) or []
        if len(matches) == 1:
            resolved.append(matches[0])
        elif matches:
            problems.append(_("%(name)s matches several people") % {"name": name})
        else:
            problems.append(_("%(name)s is not a person or group of this team") % {"name": name})
    if problems:
        raise ValidationError(
            {field: _("Unknown owner: %(list)s.") % {"list": "; ".join(problems)}}
        )
    seen: set[tuple[str, int]] = set()
    unique: list[Person | Group] = []
    for owner in resolved:
        key2 = (type(owner).__name__, owner.pk)
        if key2 not in seen:
            seen.add(key2)
            unique.append(owner)
    return unique
