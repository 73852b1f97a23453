"""The /account/tokens/ page: list, create (shown once), revoke; signed-in people only."""

from __future__ import annotations

from typing import Any

from django.test import Client

from secretariat.api.models import ApiToken
from secretariat.api.services import create_api_token, hash_token
from tests.api.conftest import ApiClient
from tests.conftest import client_for, user_of


def test_anonymous_visitors_are_sent_to_sign_in(db: None) -> None:
    answer = Client().get("/account/tokens/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")


def test_the_page_lists_only_my_tokens(staff: Any, member: Any) -> None:
    create_api_token(user=user_of(staff), name="Deck builder")
    create_api_token(user=user_of(member), name="Boban's calendar sync")
    page = client_for(staff).get("/account/tokens/").content.decode()
    assert "Deck builder" in page
    assert "calendar sync" not in page


def test_creating_shows_the_secret_once_and_stores_only_its_hash(
    staff: Any, public_item: Any
) -> None:
    client = client_for(staff)
    answer = client.post(
        "/account/tokens/", {"name": "SSR2 wiki embed", "scope": "read", "expires_on": "2099-01-01"}
    )
    assert answer.status_code == 200
    token = ApiToken.objects.get(user=user_of(staff))
    page = answer.content.decode()
    start = page.index('value="sec_') + len('value="')
    raw = page[start : page.index('"', start)]
    assert hash_token(raw) == token.token_hash
    assert token.scope == "read"
    assert token.expires_at is not None
    assert token.expires_at.year == 2099
    assert ApiClient(raw).get("teams/ssr2/actions").status_code == 200
    # Shown once: the next visit lists the token but not its secret.
    assert raw not in client.get("/account/tokens/").content.decode()


def test_a_bad_form_is_refused_with_its_errors(staff: Any) -> None:
    answer = client_for(staff).post("/account/tokens/", {"name": "", "scope": "admin"})
    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_past_expiry_is_refused(staff: Any) -> None:
    answer = client_for(staff).post(
        "/account/tokens/", {"name": "old", "scope": "read", "expires_on": "2017-05-30"}
    )
    assert answer.status_code == 400
    assert "after today" in answer.content.decode()


def test_revoking_kills_the_token_at_once(staff: Any, public_item: Any) -> None:
    new = create_api_token(user=user_of(staff), name="wiki", scope="write")
    client = client_for(staff)
    answer = client.post(f"/account/tokens/{new.token.pk}/revoke/")
    assert answer.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    assert ApiClient(new.raw).get("teams/ssr2/actions").status_code == 401
    assert "revoked" in client.get("/account/tokens/").content.decode()


def test_nobody_can_revoke_another_person_s_token(staff: Any, member: Any) -> None:
    new = create_api_token(user=user_of(staff), name="wiki")
    answer = client_for(member).post(f"/account/tokens/{new.token.pk}/revoke/")
    assert answer.status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_the_forms_are_csrf_protected(staff: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user_of(staff))
    assert browser.post("/account/tokens/", {"name": "x", "scope": "read"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_revoking_needs_post(staff: Any) -> None:
    new = create_api_token(user=user_of(staff), name="wiki")
    assert client_for(staff).get(f"/account/tokens/{new.token.pk}/revoke/").status_code == 405
