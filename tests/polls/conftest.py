"""Poll tests share notify's real SMTP server fixture and a Montreal face-to-face poll."""

from __future__ import annotations

import datetime as dt

import pytest

from secretariat.polls.models import Poll
from secretariat.polls.services import Guest, create_poll, parse_slots
from secretariat.teams.models import Person, Role, Team
from tests.conftest import user_of
from tests.factories import make_member
from tests.notify.conftest import smtp  # noqa: F401  (the fixture, for these tests too)

MONTREAL = "America/Toronto"
# Closes Friday 2 June 2017 at 17:00 in Montreal (21:00 UTC).
CLOSES = dt.datetime(2017, 6, 2, 21, 0, tzinfo=dt.UTC)
CREATED = dt.datetime(2017, 5, 26, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def denise(team: Team) -> Person:
    return make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles")


@pytest.fixture
def noorul(team: Team) -> Person:
    return make_member(team, "Noorul Ameen", Role.MEMBER, time_zone="Asia/Kolkata")


def make_poll(
    team: Team,
    staff: Person,
    people: list[Person],
    *,
    guests: list[Guest] | None = None,
    **kw: object,
) -> Poll:
    slots = parse_slots(
        "2017-10-02 09:00 480\n2017-10-03 09:00 480\n2017-10-04", time_zone=MONTREAL
    )
    return create_poll(
        team=team,
        by=user_of(staff),
        title="Face-to-face meeting in Montreal",
        time_zone=MONTREAL,
        slots=slots,
        people=people,
        guests=[Guest(name="Kerry-Ann Barrett", email="kbarrett@example.org")]
        if guests is None
        else guests,
        **kw,  # type: ignore[arg-type]
    )
