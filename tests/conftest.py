from __future__ import annotations

import pytest
from django.test import Client

from secretariat.teams.models import Group, Person, Role, Team
from tests.factories import make_group, make_member, make_team


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def team(db: None) -> Team:
    return make_team()


@pytest.fixture
def staff(team: Team) -> Person:
    return make_member(team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles", affiliation="ICANN Org")


@pytest.fixture
def chair(team: Team) -> Person:
    return make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York")


@pytest.fixture
def member(team: Team) -> Person:
    return make_member(team, "Boban Krsic", Role.MEMBER, time_zone="Europe/Berlin")


@pytest.fixture
def other_member(team: Team) -> Person:
    return make_member(team, "Kerry-Ann Barrett", Role.MEMBER, initials="KAB", time_zone="America/New_York")


@pytest.fixture
def observer(team: Team) -> Person:
    return make_member(team, "Naveed Bin Rais", Role.OBSERVER, time_zone="Asia/Karachi")


@pytest.fixture
def review_team_group(team: Team, member: Person) -> Group:
    return make_group(team, "SSR2-RT", [member])


def client_for(person: Person) -> Client:
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client
