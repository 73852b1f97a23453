"""teams.services: teams, people, memberships, groups and the per-team counters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from secretariat.core.history import history_for
from secretariat.core.visibility import access_for, forget_access
from secretariat.teams.models import Group, Membership, Person, Role, Team, TeamCounter
from secretariat.teams.services import (
    add_member,
    allocate_number,
    create_group,
    create_person,
    create_team,
)
from tests.conftest import user_of
from tests.factories import end_membership


def _field_errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@pytest.mark.django_db
def test_create_team_records_its_creation() -> None:
    team = create_team(slug="ssr2", name="SSR2 Review Team")

    assert Team.objects.get(slug="ssr2").name == "SSR2 Review Team"
    [entry] = history_for(team)
    assert entry.action == "teams.team.created"
    assert entry.changes == {"name": [None, "SSR2 Review Team"]}


def test_create_team_refuses_a_short_name_in_use(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_team(slug="ssr2", name="Second SSR2")

    assert "slug" in _field_errors(excinfo)
    assert Team.objects.filter(slug="ssr2").count() == 1


@pytest.mark.django_db
def test_create_team_refuses_an_invalid_short_name() -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_team(slug="SSR2 review team!", name="SSR2 Review Team")

    assert "slug" in _field_errors(excinfo)
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_create_person_trims_what_people_type() -> None:
    person = create_person(
        name="  James Gannon ",
        initials=" JG ",
        email=" james@example.org ",
        time_zone="Europe/Dublin",
    )

    person.refresh_from_db()
    assert (person.name, person.initials, person.email) == (
        "James Gannon",
        "JG",
        "james@example.org",
    )
    assert person.time_zone == "Europe/Dublin"


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Europe/Dublinn", "GMT+25", ""])
def test_create_person_refuses_an_unknown_time_zone(zone: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_person(name="James Gannon", time_zone=zone)

    assert "time_zone" in _field_errors(excinfo)
    assert not Person.objects.exists()


def test_add_member_gives_a_role_and_records_it(team: Team) -> None:
    person = create_person(name="Žarko Kecić", time_zone="Europe/Belgrade")

    membership = add_member(team=team, person=person, role=Role.MEMBER)

    assert membership.role == Role.MEMBER
    assert [(e.action, e.changes) for e in history_for(membership)] == [
        ("teams.membership.created", {"role": [None, "member"]})
    ]


def test_add_member_changes_an_existing_role_and_records_the_change(
    team: Team, member: Person
) -> None:
    membership = add_member(team=team, person=member, role=Role.CHAIR)

    assert Membership.objects.get(team=team, person=member).role == Role.CHAIR
    assert history_for(membership).last().changes == {"role": ["member", "chair"]}  # type: ignore[union-attr]


def test_add_member_with_the_same_role_changes_nothing(team: Team, member: Person) -> None:
    membership = Membership.objects.get(team=team, person=member)
    entries = history_for(membership).count()

    add_member(team=team, person=member, role=Role.MEMBER)

    assert history_for(membership).count() == entries


def test_add_member_renews_a_membership_that_ended(team: Team, member: Person) -> None:
    ended = timezone.localdate() - dt.timedelta(days=90)
    end_membership(team, member, on=ended)

    membership = add_member(team=team, person=member, role=Role.MEMBER)

    forget_access(user_of(member))
    assert access_for(user_of(member), team).role == Role.MEMBER
    entry = history_for(membership).last()
    assert entry is not None
    assert entry.action == "teams.membership.renewed"
    assert entry.changes == {"end_on": [ended.isoformat(), None]}


def test_add_member_refuses_an_unknown_role(team: Team) -> None:
    person = create_person(name="Eric Osterweil", time_zone="America/New_York")

    with pytest.raises(ValidationError) as excinfo:
        add_member(team=team, person=person, role="co-chair")

    assert "role" in _field_errors(excinfo)
    assert not Membership.objects.filter(person=person).exists()


def test_create_group_with_its_members(team: Team, chair: Person, member: Person) -> None:
    group = create_group(team=team, name=" Co-Chairs ", members=[chair, member])

    assert group.name == "Co-Chairs"
    assert set(group.members.all()) == {chair, member}
    assert history_for(group).get().changes == {
        "name": [None, "Co-Chairs"],
        "members": [None, ["Boban Krsic", "Russ Housley"]],
    }


def test_create_group_refuses_a_name_in_use_whatever_the_case(team: Team) -> None:
    create_group(team=team, name="ICANN Org")

    with pytest.raises(ValidationError) as excinfo:
        create_group(team=team, name="icann org")

    assert "name" in _field_errors(excinfo)
    assert Group.objects.filter(team=team).count() == 1


def test_the_same_group_name_may_exist_in_two_teams(team: Team, other_team: Team) -> None:
    create_group(team=team, name="ICANN Org")
    create_group(team=other_team, name="ICANN Org")

    assert Group.objects.filter(name="ICANN Org").count() == 2


def test_create_group_refuses_an_empty_name(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo:
        create_group(team=team, name="   ")

    assert "name" in _field_errors(excinfo)
    assert not Group.objects.exists()


def test_allocate_number_counts_per_team_and_key(team: Team, other_team: Team) -> None:
    with transaction.atomic():
        numbers = [
            allocate_number(team=team, key="action_item"),
            allocate_number(team=team, key="action_item"),
            allocate_number(team=team, key="decision"),
            allocate_number(team=other_team, key="action_item"),
        ]

    assert numbers == [1, 2, 1, 1]
    assert TeamCounter.objects.get(team=team, key="action_item").last == 2


def test_allocate_number_takes_a_requested_number_and_continues_after_it(team: Team) -> None:
    with transaction.atomic():
        imported = allocate_number(team=team, key="action_item", requested=365)
        following = allocate_number(team=team, key="action_item")
        older = allocate_number(team=team, key="action_item", requested=12)
        after_older = allocate_number(team=team, key="action_item")

    assert (imported, following, older, after_older) == (365, 366, 12, 367)


def test_allocate_number_refuses_zero(team: Team) -> None:
    with pytest.raises(ValidationError) as excinfo, transaction.atomic():
        allocate_number(team=team, key="action_item", requested=0)

    assert "number" in _field_errors(excinfo)


@pytest.mark.django_db(transaction=True)
def test_allocate_number_refuses_to_run_outside_a_transaction() -> None:
    team = create_team(slug="ssr2", name="SSR2 Review Team")

    with pytest.raises(RuntimeError, match="inside a transaction"):
        allocate_number(team=team, key="action_item")
