"""Failed sign-ins are throttled per account and per address, and recorded in the audit trail."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from secretariat.core.models import SecurityEvent
from secretariat.teams.models import Person, Team
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _attempt(client: Client, username: str, password: str, address: str = "203.0.113.7") -> str:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.content.decode() if response.status_code == 200 else "signed-in"


def test_a_correct_password_signs_in_and_is_recorded(staff: Person) -> None:
    assert _attempt(Client(), "jennifer.bryce", PASSWORD) == "signed-in"
    assert (
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGNED_IN, user=staff.user).count()
        == 1
    )


def test_after_five_failures_even_the_right_password_is_refused(
    staff: Person, settings: object
) -> None:
    client = Client()
    for _ in range(5):
        assert "Please enter a correct username and password" in _attempt(
            client, "jennifer.bryce", "wrong guess"
        )

    body = _attempt(client, "jennifer.bryce", PASSWORD)

    assert "Too many failed sign-ins" in body
    assert "_auth_user_id" not in client.session
    assert (
        SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.SIGN_IN_FAILED, username="jennifer.bryce"
        ).count()
        == 5
    )
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_THROTTLED).count() == 1


def test_unknown_and_existing_accounts_get_the_same_answers(staff: Person) -> None:
    client = Client()
    for _ in range(5):
        _attempt(client, "jennifer.bryce", "wrong guess", address="198.51.100.1")
        _attempt(client, "nobody.here", "wrong guess", address="198.51.100.2")

    existing = _attempt(client, "jennifer.bryce", "wrong guess", address="198.51.100.1")
    unknown = _attempt(client, "nobody.here", "wrong guess", address="198.51.100.2")

    assert "Too many failed sign-ins" in existing
    assert "Too many failed sign-ins" in unknown


def test_one_address_trying_many_accounts_is_throttled(team: Team, staff: Person) -> None:
    client = Client()
    for n in range(20):
        _attempt(client, f"guess{n}", "wrong guess", address="192.0.2.55")

    body = _attempt(client, "jennifer.bryce", PASSWORD, address="192.0.2.55")
    elsewhere = _attempt(Client(), "jennifer.bryce", PASSWORD, address="192.0.2.99")

    assert "Too many failed sign-ins" in body
    assert elsewhere == "signed-in"


def test_a_spoofed_forwarded_for_header_does_not_reset_the_limit(staff: Person) -> None:
    client = Client()
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "jennifer.bryce", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )

    response = client.post(
        LOGIN,
        {"username": "jennifer.bryce", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )

    assert "Too many failed sign-ins" in response.content.decode()
    assert (
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
        .values_list("address", flat=True)
        .distinct()
        .get()
        == "203.0.113.7"
    )


def test_the_password_never_reaches_the_audit_trail(staff: Person) -> None:
    _attempt(Client(), "jennifer.bryce", "hunter2-secret-guess")

    stored = [str(e.detail) + e.username + e.user_agent for e in SecurityEvent.objects.all()]

    assert stored
    assert not any("hunter2" in text for text in stored)
