"""Every write to teams, people, groups, memberships and the per-team counters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.history import record_change
from secretariat.teams.models import Group, Membership, Person, Role, Team, TeamCounter


def create_team(
    *, slug: str, name: str, description: str = "", by: AbstractBaseUser | None = None
) -> Team:
    if Team.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("A team with the short name %(slug)s exists already.") % {"slug": slug}}
        )
    team = Team(slug=slug, name=name, description=description)
    team.full_clean()
    with transaction.atomic():
        team.save()
        record_change(
            obj=team,
            action="teams.team.created",
            by=by,
            team_id=team.pk,
            changes={"name": [None, name]},
        )
    return team


def create_person(
    *,
    name: str,
    initials: str = "",
    email: str = "",
    affiliation: str = "",
    time_zone: str = "UTC",
    user: AbstractBaseUser | None = None,
) -> Person:
    person = Person(
        name=name.strip(),
        initials=initials.strip(),
        email=email.strip(),
        affiliation=affiliation.strip(),
        time_zone=time_zone,
        user=cast("User | None", user),
    )
    person.full_clean()
    person.save()
    return person


def add_member(
    *, team: Team, person: Person, role: str = Role.MEMBER, by: AbstractBaseUser | None = None
) -> Membership:
    """Give `person` a role in `team` (changing the role if they have one already).

    A membership that has ended is renewed (its end date cleared), so adding someone back
    gives them their role again.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("%(role)s is not a role.") % {"role": role}})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            team=team, person=person, defaults={"role": role}
        )
        if not created:
            changes: dict[str, list[object]] = {}
            if membership.role != role:
                changes["role"] = [membership.role, role]
                membership.role = role
            if membership.end_on is not None and membership.end_on < timezone.localdate():
                changes["end_on"] = [membership.end_on.isoformat(), None]
                membership.end_on = None
            if changes:
                membership.save(update_fields=["role", "end_on"])
                action = (
                    "teams.membership.renewed"
                    if "end_on" in changes
                    else "teams.membership.role_changed"
                )
                record_change(
                    obj=membership, action=action, by=by, team_id=team.pk, changes=changes
                )
        else:
            record_change(
                obj=membership,
                action="teams.membership.created",
                by=by,
                team_id=team.pk,
                changes={"role": [None, role]},
            )
    return membership


def create_group(
    *, team: Team, name: str, members: Iterable[Person] = (), by: AbstractBaseUser | None = None
) -> Group:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A group needs a name.")})
    if Group.objects.filter(team=team, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _("%(team)s already has a group called %(name)s.")
                % {"team": team.slug, "name": name}
            }
        )
    with transaction.atomic():
        group = Group.objects.create(team=team, name=name)
        group.members.set(list(members))
        record_change(
            obj=group,
            action="teams.group.created",
            by=by,
            team_id=team.pk,
            changes={
                "name": [None, name],
                "members": [None, sorted(p.name for p in group.members.all())],
            },
        )
    return group


def allocate_number(*, team: Team, key: str, requested: int | None = None) -> int:
    """The next free number for `key` in `team`, or `requested` if the caller names one.

    Must run inside the caller's transaction: the counter row stays locked until it commits,
    which serialises concurrent creators on PostgreSQL (row lock) and SQLite (IMMEDIATE
    transactions hold the database write lock).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_number must run inside a transaction")
    counter = TeamCounter.objects.select_for_update().filter(team=team, key=key).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = TeamCounter.objects.create(team=team, key=key, last=0)
        except IntegrityError:
            counter = TeamCounter.objects.select_for_update().get(team=team, key=key)
        counter = TeamCounter.objects.select_for_update().get(pk=counter.pk)
    if requested is None:
        number = counter.last + 1
    else:
        if requested < 1:
            raise ValidationError({"number": _("A number must be 1 or more.")})
        number = requested
    if number > counter.last:
        counter.last = number
        counter.save(update_fields=["last"])
    return number
