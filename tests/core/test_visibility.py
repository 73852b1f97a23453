"""core.visibility: what a viewer is in a team, and which visibility levels they read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can
from secretariat.core.visibility import access_for, forget_access
from secretariat.teams.models import Group, Membership, Person, Role, Team
from secretariat.teams.services import add_member
from tests.conftest import user_of
from tests.factories import end_membership, make_group, make_item


def test_an_anonymous_visitor_has_no_role_and_reads_only_public_records(team: Team) -> None:
    access = access_for(AnonymousUser(), team)

    assert access.role is None
    assert access.person_id is None
    assert access.can_read(Visibility.PUBLIC, named=False)
    assert not access.can_read(Visibility.TEAM, named=False)
    assert not access.can_read(Visibility.RESTRICTED, named=False)


def test_a_member_gets_their_role_person_and_groups_of_this_team_only(
    team: Team, other_team: Team, member: Person, review_team_group: Group
) -> None:
    make_group(other_team, "RDS-WHOIS2-RT", [member])

    access = access_for(user_of(member), team)

    assert access.role == Role.MEMBER
    assert access.person_id == member.pk
    assert access.group_ids == frozenset({review_team_group.pk})


def test_an_ended_membership_gives_nothing(team: Team, chair: Person) -> None:
    item = make_item(team, "Confirm the ICANN60 Abu Dhabi face-to-face agenda", visibility="team")
    end_membership(team, chair, on=timezone.localdate() - dt.timedelta(days=1))

    access = access_for(user_of(chair), team)

    assert access.role is None
    assert not access.sees_team_records
    assert not can(user_of(chair), Action.VIEW, team=team, record=item)
    assert not can(user_of(chair), Action.CREATE, team=team)


def test_a_membership_ending_today_still_counts(team: Team, chair: Person) -> None:
    end_membership(team, chair, on=timezone.localdate())

    assert access_for(user_of(chair), team).role == Role.CHAIR


def test_a_membership_that_has_not_started_gives_nothing(team: Team, member: Person) -> None:
    Membership.objects.filter(team=team, person=member).update(
        start_on=timezone.localdate() + dt.timedelta(days=7)
    )
    forget_access(user_of(member))

    assert access_for(user_of(member), team).role is None


def test_a_former_member_still_reads_restricted_items_their_group_owns(
    team: Team, member: Person, review_team_group: Group
) -> None:
    item = make_item(
        team,
        "Send the SSR2-RT the list of confidential briefing documents",
        owners=[review_team_group],
        visibility=Visibility.RESTRICTED,
    )
    end_membership(team, member, on=timezone.localdate() - dt.timedelta(days=30))

    access = access_for(user_of(member), team)

    assert access.role is None
    assert access.group_ids == frozenset({review_team_group.pk})
    assert can(user_of(member), Action.VIEW, team=team, record=item)
    assert not can(user_of(member), Action.EDIT, team=team, record=item)


def test_a_signed_in_user_without_a_person_reads_only_public_records(
    team: Team, django_user_model: type
) -> None:
    user = django_user_model.objects.create_user(username="ssr2.reader", password="x" * 20)

    access = access_for(user, team)

    assert access.person_id is None
    assert not access.can_read(Visibility.TEAM, named=False)
    assert not access.can_read(Visibility.RESTRICTED, named=True)


def test_access_is_computed_once_per_user_object(
    team: Team, member: Person, django_assert_num_queries: object
) -> None:
    user = user_of(member)
    first = access_for(user, team)

    with django_assert_num_queries(0):  # type: ignore[operator]
        assert access_for(user, team) is first


def test_forget_access_makes_a_role_change_visible(team: Team, member: Person) -> None:
    user = user_of(member)
    assert access_for(user, team).role == Role.MEMBER
    add_member(team=team, person=member, role=Role.CHAIR)

    assert access_for(user, team).role == Role.MEMBER  # cached for this request
    forget_access(user)
    assert access_for(user, team).role == Role.CHAIR


@pytest.mark.parametrize(
    ("levels", "strictest"),
    [
        (("public", "public"), "public"),
        (("public", "team"), "team"),
        (("restricted", "public"), "restricted"),
        (("team", "restricted", "public"), "restricted"),
    ],
)
def test_strictest_picks_the_most_closed_level(levels: tuple[str, ...], strictest: str) -> None:
    assert Visibility.strictest(*levels) == strictest
