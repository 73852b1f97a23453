from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from secretariat.teams.models import Group, Person, Role, Team
from tests.factories import make_group, make_member, make_person, make_team


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: throttles, rate limits and cached calendars are
    per test, as the database is."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def team(db: None) -> Team:
    return make_team()


@pytest.fixture
def staff(team: Team) -> Person:
    return make_member(
        team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles", affiliation="ICANN Org"
    )


@pytest.fixture
def chair(team: Team) -> Person:
    return make_member(team, "Russ Housley", Role.CHAIR, time_zone="America/New_York")


@pytest.fixture
def member(team: Team) -> Person:
    return make_member(team, "Boban Krsic", Role.MEMBER, time_zone="Europe/Berlin")


@pytest.fixture
def other_member(team: Team) -> Person:
    return make_member(
        team, "Kerry-Ann Barrett", Role.MEMBER, initials="KAB", time_zone="America/New_York"
    )


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


@pytest.fixture
def technical_writer(team: Team) -> Person:
    return make_member(team, "Heather Flanagan", Role.TECHNICAL_WRITER, time_zone="America/Denver")


@pytest.fixture
def james_gannon(team: Team) -> Person:
    return make_member(team, "James Gannon", Role.MEMBER, time_zone="Europe/Dublin")


@pytest.fixture
def outsider(team: Team) -> Person:
    """Signed in, but with no membership of the team (a member of the community)."""
    return make_person("Kim Davies", with_login=True, time_zone="America/Los_Angeles")


@pytest.fixture
def co_chairs(team: Team, chair: Person) -> Group:
    return make_group(team, "Co-Chairs", [chair])


@pytest.fixture
def icann_org(team: Team, staff: Person) -> Group:
    return make_group(team, "ICANN Org", [staff])


@pytest.fixture
def other_team(db: None) -> Team:
    return make_team("rds-whois2", "RDS-WHOIS2 Review Team")


def user_of(person: Person) -> User:
    """The sign-in of `person` (fixtures create every member with one)."""
    assert person.user is not None
    return person.user
