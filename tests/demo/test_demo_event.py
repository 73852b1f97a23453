"""`make demo` holds the event the seed's deck names: ICANN59 Johannesburg, dates to be
announced, in Johannesburg's time zone, on the team's public events page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from secretariat.events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_holds_icann59_johannesburg_once_even_when_loaded_twice() -> None:
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    (event,) = Event.objects.filter(team__slug="ssr2")
    assert event.name == "ICANN59 Johannesburg"
    assert event.place == "Johannesburg"
    assert event.time_zone == "Africa/Johannesburg"
    assert (event.starts_on, event.ends_on) == (None, None)
    assert event.visibility == "public"

    page = Client().get("/ssr2/events/").content.decode()
    assert "ICANN59 Johannesburg" in page
    assert "dates to be announced" in page
