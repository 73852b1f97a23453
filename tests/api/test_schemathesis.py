"""Property-based tests generated from the OpenAPI document (schemathesis), in process.

For every operation, random valid and invalid requests must never cause a server error, every
response must match the schema the document declares for it, and no response may carry the
restricted item's text; as an anonymous caller and as a member with a read-write token. A fixed
seed and bounded examples keep it to a few seconds.

(schemathesis' pytest plugin, `schemathesis.pytest.from_fixture`, does not run under pytest 9
yet, so each test walks the operations itself with Hypothesis.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from secretariat.core.models import Visibility
from tests.api.conftest import CANARY, token_for
from tests.factories import make_item

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 15
SEED = 20170530


@pytest.fixture
def api_schema(
    db: None, team: Any, member: Any, staff: Any, co_chairs: Any, james_gannon: Any, settings: Any
) -> Iterator[Any]:
    settings.API_RATE_LIMIT_ANONYMOUS = 0  # 0: unlimited
    settings.API_RATE_LIMIT_AUTHENTICATED = 0
    make_item(team, "Circulate the SSR2 work plan", owners=[co_chairs])
    make_item(
        team, "Team-only: terms of reference comments", owners=[member], visibility=Visibility.TEAM
    )
    make_item(
        team,
        CANARY,
        owners=[james_gannon],
        visibility=Visibility.RESTRICTED,
        visibility_reason="Vendor negotiations",
    )
    # Called through WSGI directly (not Django's test client), a request's end would close the
    # test's database connection and its transaction: keep it open, as the test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _aim_at_the_team(case: Any) -> None:
    """Point the cases at the real team and its items, so they reach the code behind the 404s."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = "ssr2"
    if isinstance(parameters.get("number"), int):
        parameters["number"] = 1 + abs(parameters["number"]) % 4  # 1-3 exist, 4 does not


def _exercise(api_schema: Any, headers: dict[str, str]) -> int:
    calls = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            nonlocal calls
            _aim_at_the_team(case)
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            calls += 1
            assert CANARY not in response.text, (case.method, case.formatted_path)

        run()
    return calls


def test_anonymous_callers_never_crash_the_api(api_schema: Any) -> None:
    assert _exercise(api_schema, {}) >= 100


def test_member_token_callers_never_crash_the_api(api_schema: Any, member: Any) -> None:
    token = token_for(member)
    assert _exercise(api_schema, {"Authorization": f"Bearer {token}"}) >= 100
