"""Personal API tokens as the API sees them: scope, expiry, revocation, bad headers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from secretariat.api.models import ApiToken
from secretariat.api.queries import token_for as find_token
from secretariat.api.services import create_api_token, hash_token, revoke_api_token
from secretariat.tracker.models import ActionItem
from tests.api.conftest import ApiClient, token_for
from tests.conftest import user_of


def test_only_the_hash_of_a_token_is_stored(staff: Any) -> None:
    new = create_api_token(user=user_of(staff), name="Co-chairs deck script", scope="write")
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert new.raw.startswith(f"sec_{stored.prefix}_")
    assert stored.token_hash == hash_token(new.raw)
    assert new.raw not in {stored.token_hash, stored.prefix, stored.name}
    assert find_token(new.raw) == stored


def test_a_token_reads_what_its_person_reads(staff: Any, restricted_item: ActionItem) -> None:
    answer = ApiClient(token_for(staff, "read")).get(f"teams/ssr2/actions/{restricted_item.number}")
    assert answer.status_code == 200


def test_a_revoked_token_is_dead_at_once(staff: Any, public_item: ActionItem) -> None:
    new = create_api_token(user=user_of(staff), name="wiki embed", scope="write")
    client = ApiClient(new.raw)
    assert client.get("teams/ssr2/actions").status_code == 200
    revoke_api_token(token=new.token, by=user_of(staff))
    answer = client.get("teams/ssr2/actions")
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert "Bearer" in answer["WWW-Authenticate"]


def test_an_expired_token_is_refused(staff: Any, public_item: ActionItem) -> None:
    new = create_api_token(
        user=user_of(staff),
        name="one-week import",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    client = ApiClient(new.raw)
    assert client.get("teams/ssr2/actions").status_code == 200
    ApiToken.objects.filter(pk=new.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("teams/ssr2/actions").status_code == 401


def test_an_inactive_account_s_token_is_refused(staff: Any, public_item: ActionItem) -> None:
    client = ApiClient(token_for(staff))
    user = user_of(staff)
    user.is_active = False
    user.save()
    assert client.get("teams/ssr2/actions").status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sec_deadbeef_notarealsecret",
        "Bearer nonsense",
        "Bearer ",
        "Basic c3RhZmY6cGFzc3dvcmQ=",
        "Token sec_abc_def",
    ],
)
def test_a_bad_authorization_header_is_401_not_anonymous(
    header: str, public_item: ActionItem
) -> None:
    answer = ApiClient().get("teams/ssr2/actions", Authorization=header)
    assert answer.status_code == 401
    assert answer.json()["type"] == "urn:secretariat:problem:unauthenticated"


def test_a_token_with_the_right_prefix_but_wrong_secret_is_refused(
    staff: Any, public_item: ActionItem
) -> None:
    new = create_api_token(user=user_of(staff), name="wiki", scope="read")
    forged = f"sec_{new.token.prefix}_{'A' * 43}"
    assert ApiClient(forged).get("teams/ssr2/actions").status_code == 401


def test_use_is_noted_on_the_token(staff: Any, public_item: ActionItem) -> None:
    new = create_api_token(user=user_of(staff), name="wiki", scope="read")
    ApiClient(new.raw).get("teams/ssr2/actions")
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_creating_a_token_refuses_a_past_expiry_and_an_empty_name(staff: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        create_api_token(
            user=user_of(staff), name="  ", expires_at=timezone.now() - dt.timedelta(days=1)
        )
    assert set(caught.value.message_dict) == {"name", "expires_at"}
    assert not ApiToken.objects.exists()


def test_nobody_revokes_someone_else_s_token(staff: Any, member: Any) -> None:
    from django.core.exceptions import PermissionDenied

    new = create_api_token(user=user_of(staff), name="wiki")
    with pytest.raises(PermissionDenied):
        revoke_api_token(token=new.token, by=user_of(member))
    new.token.refresh_from_db()
    assert new.token.revoked_at is None
