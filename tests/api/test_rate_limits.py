"""Rate limits: per token, and per client address for anonymous callers; 429 with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiClient, token_for


@pytest.fixture
def tight_limits(settings: Any) -> None:
    settings.API_RATE_LIMIT_ANONYMOUS = 3
    settings.API_RATE_LIMIT_AUTHENTICATED = 5


def test_anonymous_callers_are_limited_per_address(tight_limits: None, team: Any) -> None:
    client = ApiClient().client
    answers = [client.get("/api/v1/teams", REMOTE_ADDR="192.0.2.10") for _ in range(3)]
    assert [a.status_code for a in answers] == [200] * 3
    refused = client.get("/api/v1/teams", REMOTE_ADDR="192.0.2.10")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 61
    # Another address has its own allowance.
    assert client.get("/api/v1/teams", REMOTE_ADDR="192.0.2.11").status_code == 200


def test_x_forwarded_for_is_ignored_unless_trusted(
    tight_limits: None, team: Any, settings: Any
) -> None:
    client = ApiClient().client
    for n in range(3):
        client.get("/api/v1/teams", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    # Spoofed addresses did not buy a fresh allowance: the proxy's address is what counts.
    assert (
        client.get(
            "/api/v1/teams", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.99"
        ).status_code
        == 429
    )
    settings.API_TRUST_X_FORWARDED_FOR = True
    assert (
        client.get(
            "/api/v1/teams", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 200
    )


def test_tokens_are_limited_per_token(tight_limits: None, team: Any, staff: Any) -> None:
    first, second = ApiClient(token_for(staff)), ApiClient(token_for(staff))
    assert [first.get("teams").status_code for _ in range(5)] == [200] * 5
    assert first.get("teams").status_code == 429
    assert second.get("teams").status_code == 200
