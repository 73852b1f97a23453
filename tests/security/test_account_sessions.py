"""Signing out everywhere ends every session; changing the password ends the others."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from secretariat.core.models import SecurityEvent
from secretariat.teams.models import Person
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in_client() -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": "boban.krsic", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_sign_out_everywhere_ends_sessions_on_every_device(member: Person) -> None:
    laptop, phone = _signed_in_client(), _signed_in_client()
    assert phone.get("/account/").status_code == 200

    response = laptop.post("/account/sign-out-everywhere/")

    assert response.status_code == 302
    assert phone.get("/account/").status_code == 302  # back to sign-in
    assert laptop.get("/account/").status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE, user=member.user
    ).exists()


def test_changing_the_password_signs_out_the_other_devices(member: Person) -> None:
    laptop, phone = _signed_in_client(), _signed_in_client()

    response = laptop.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 2017",
            "new_password2": "a new long passphrase 2017",
        },
    )

    assert response.status_code == 302
    assert laptop.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302


def test_a_common_password_is_refused(member: Person) -> None:
    laptop = _signed_in_client()

    response = laptop.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )

    assert response.status_code == 200
    assert "too common" in response.content.decode()


def test_a_password_reset_mails_a_one_time_link(member: Person) -> None:
    response = Client().post("/accounts/reset/", {"email": "boban.krsic@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "\n" not in mail.outbox[0].subject


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(member: Person) -> None:
    response = Client().post("/accounts/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/reset/sent/"
    assert len(mail.outbox) == 0
