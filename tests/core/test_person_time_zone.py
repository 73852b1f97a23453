"""Times are stored in UTC and shown in the signed-in person's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from secretariat.teams.models import Person, Role, Team
from tests.conftest import client_for
from tests.factories import make_item, make_member

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2017, 6, 2, 14, 30, tzinfo=dt.UTC), tick=False)
def test_history_times_are_shown_in_the_viewers_zone(team: Team, client: Client) -> None:
    make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")
    in_johannesburg = make_member(
        team, "Jabhera Matogoro", Role.MEMBER, time_zone="Africa/Johannesburg"
    )
    in_los_angeles = make_member(
        team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles"
    )

    south_africa = client_for(in_johannesburg).get("/ssr2/actions/1/").content.decode()
    california = client_for(in_los_angeles).get("/ssr2/actions/1/").content.decode()
    anonymous = client.get("/ssr2/actions/1/").content.decode()

    assert 'datetime="2017-06-02T16:30:00+02:00"' in south_africa
    assert 'datetime="2017-06-02T07:30:00-07:00"' in california
    assert 'datetime="2017-06-02T14:30:00+00:00"' in anonymous


def test_a_person_with_an_unknown_zone_is_refused(team: Team) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_member(team, "Alain Aina", Role.MEMBER, time_zone="Mars/Olympus_Mons")

    assert "time_zone" in error.value.message_dict
    assert not Person.objects.filter(name="Alain Aina").exists()
