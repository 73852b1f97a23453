"""The one-click unsubscribe link (RFC 8058): a POST sets the person's reminders to never."""

from __future__ import annotations

from django.test import Client

from secretariat.notify.mail import unsubscribe_token
from secretariat.notify.models import ReminderPreference
from secretariat.teams.models import Person
from tests.conftest import client_for


def test_one_click_post_without_a_session_stops_reminders(member: Person) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/notify/unsubscribe/{unsubscribe_token(member)}/"
    assert client.get(url).status_code == 200
    assert not ReminderPreference.objects.exists()  # a GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert ReminderPreference.objects.get(person=member).schedule == "never"


def test_a_tampered_token_is_not_found(member: Person) -> None:
    response = Client().post(f"/notify/unsubscribe/{unsubscribe_token(member)}x/")
    assert response.status_code == 404


def test_a_person_sets_their_own_reminders(member: Person) -> None:
    client = client_for(member)
    assert client.get("/account/reminders/").status_code == 200
    response = client.post(
        "/account/reminders/", {"schedule": "daily", "days_ahead": "3", "hour": "7", "weekday": "0"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(person=member)
    assert (preference.schedule, preference.days_ahead, preference.hour) == ("daily", 3, 7)
    bad = client.post(
        "/account/reminders/",
        {"schedule": "daily", "days_ahead": "3", "hour": "25", "weekday": "0"},
    )
    assert bad.status_code == 400
