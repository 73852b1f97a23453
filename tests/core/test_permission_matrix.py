"""core.permissions.can, walked over every role, action, visibility and ownership.

The table below is the specification: a row lists what one kind of viewer may do to an action
item of one visibility, owned by them ("yes") or by somebody else ("no"). Anonymous visitors own
nothing, so they have no "yes" rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can
from secretariat.core.visibility import Viewer
from secretariat.teams.models import Person, Role, Team
from secretariat.teams.services import add_member, create_person
from tests.factories import end_membership, make_item, make_member, make_superuser

# view create edit add_note complete merge set_visibility, in that order.
TABLE = """
role              visibility  owned   view create edit note complete merge set_visibility
staff             public      no      y    y      y    y    y        y     y
staff             public      yes     y    y      y    y    y        y     y
staff             team        no      y    y      y    y    y        y     y
staff             team        yes     y    y      y    y    y        y     y
staff             restricted  no      y    y      y    y    y        y     y
staff             restricted  yes     y    y      y    y    y        y     y
chair             public      no      y    y      y    y    y        y     y
chair             public      yes     y    y      y    y    y        y     y
chair             team        no      y    y      y    y    y        y     y
chair             team        yes     y    y      y    y    y        y     y
chair             restricted  no      y    y      y    y    y        y     y
chair             restricted  yes     y    y      y    y    y        y     y
member            public      no      y    -      -    y    -        -     -
member            public      yes     y    -      y    y    y        -     -
member            team        no      y    -      -    y    -        -     -
member            team        yes     y    -      y    y    y        -     -
member            restricted  no      -    -      -    -    -        -     -
member            restricted  yes     y    -      y    y    y        -     -
technical_writer  public      no      y    -      -    y    -        -     -
technical_writer  public      yes     y    -      y    y    y        -     -
technical_writer  team        no      y    -      -    y    -        -     -
technical_writer  team        yes     y    -      y    y    y        -     -
technical_writer  restricted  no      -    -      -    -    -        -     -
technical_writer  restricted  yes     y    -      y    y    y        -     -
observer          public      no      y    -      -    -    -        -     -
observer          public      yes     y    -      -    -    -        -     -
observer          team        no      -    -      -    -    -        -     -
observer          team        yes     y    -      -    -    -        -     -
observer          restricted  no      -    -      -    -    -        -     -
observer          restricted  yes     y    -      -    -    -        -     -
outsider          public      no      y    -      -    -    -        -     -
outsider          public      yes     y    -      -    -    -        -     -
outsider          team        no      -    -      -    -    -        -     -
outsider          team        yes     y    -      -    -    -        -     -
outsider          restricted  no      -    -      -    -    -        -     -
outsider          restricted  yes     y    -      -    -    -        -     -
anonymous         public      no      y    -      -    -    -        -     -
anonymous         team        no      -    -      -    -    -        -     -
anonymous         restricted  no      -    -      -    -    -        -     -
superuser         public      no      y    y      y    y    y        y     y
superuser         public      yes     y    y      y    y    y        y     y
superuser         team        no      y    y      y    y    y        y     y
superuser         team        yes     y    y      y    y    y        y     y
superuser         restricted  no      y    y      y    y    y        y     y
superuser         restricted  yes     y    y      y    y    y        y     y
"""
COLUMNS = [
    Action.VIEW,
    Action.CREATE,
    Action.EDIT,
    Action.ADD_NOTE,
    Action.COMPLETE,
    Action.MERGE,
    Action.SET_VISIBILITY,
]


@dataclass(frozen=True)
class Row:
    role: str
    visibility: str
    owned: bool
    allowed: frozenset[Action]

    def __str__(self) -> str:
        return f"{self.role}-{self.visibility}-{'owned' if self.owned else 'not_owned'}"


def _rows() -> list[Row]:
    rows = []
    for line in TABLE.strip().splitlines()[1:]:
        role, visibility, owned, *marks = line.split()
        assert len(marks) == len(COLUMNS), line
        allowed = frozenset(a for a, mark in zip(COLUMNS, marks, strict=True) if mark == "y")
        rows.append(Row(role, visibility, owned == "yes", allowed))
    return rows


ROWS = _rows()

TEAM_ROLES = {
    "staff": ("Jennifer Bryce", Role.STAFF, "America/Los_Angeles"),
    "chair": ("Russ Housley", Role.CHAIR, "America/New_York"),
    "member": ("Boban Krsic", Role.MEMBER, "Europe/Berlin"),
    "technical_writer": ("Heather Flanagan", Role.TECHNICAL_WRITER, "America/Denver"),
    "observer": ("Naveed Bin Rais", Role.OBSERVER, "Asia/Karachi"),
}


def _viewer(role: str, team: Team) -> tuple[Viewer, Person | None]:
    if role in TEAM_ROLES:
        name, team_role, zone = TEAM_ROLES[role]
        person = make_member(team, name, team_role, time_zone=zone)
        assert person.user is not None
        return person.user, person
    if role == "outsider":
        # A former member: still on the roster (so they can have owned items), no longer in the team.
        person = make_member(team, "Kim Davies", Role.MEMBER, time_zone="America/Los_Angeles")
        end_membership(team, person, on=dt.date(2017, 1, 31))
        assert person.user is not None
        return person.user, person
    if role == "superuser":
        user = make_superuser()
        person = create_person(name="ICANN IT Administrator", user=user)
        end_membership(
            team,
            add_member(team=team, person=person, role=Role.OBSERVER).person,
            on=dt.date(2017, 1, 31),
        )
        return user, person
    assert role == "anonymous"
    return AnonymousUser(), None


def test_the_table_covers_every_role_visibility_and_ownership() -> None:
    combinations = {(r.role, r.visibility, r.owned) for r in ROWS}
    assert len(combinations) == len(ROWS)
    roles = {*TEAM_ROLES, "outsider", "anonymous", "superuser"}
    expected = {
        (role, visibility, owned)
        for role in roles
        for visibility in Visibility.values
        for owned in (False, True)
        if not (role == "anonymous" and owned)
    }
    assert combinations == expected
    assert set(COLUMNS) == set(Action)


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_permission_matrix(row: Row, team: Team) -> None:
    viewer, person = _viewer(row.role, team)
    someone_else = make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles")
    owners = [person] if row.owned and person is not None else [someone_else]
    item = make_item(
        team,
        "Draft SSR2 Review Team work plan with key dates",
        owners=owners,
        visibility=row.visibility,
    )

    allowed = {action for action in Action if can(viewer, action, team=team, record=item)}

    assert allowed == set(row.allowed)


@pytest.mark.parametrize(
    ("role", "may_create"),
    [
        ("staff", True),
        ("chair", True),
        ("superuser", True),
        ("member", False),
        ("technical_writer", False),
        ("observer", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_only_staff_chairs_and_superusers_may_create_items(
    role: str, may_create: bool, team: Team
) -> None:
    viewer, _ = _viewer(role, team)

    assert can(viewer, Action.CREATE, team=team) is may_create
