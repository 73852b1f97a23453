"""Property-based tests of the meetings, decisions and export operations (schemathesis, in
process), aimed at real meetings, agenda items and decisions so the cases reach the code
behind the 404s: no server error, every response matching its declared schema, and the
restricted canary never reaching an anonymous caller or a member. Staff reach the services
with random bodies too (no canary check: they may read it). Bounded: a fixed seed and a few
examples per operation. tests/api/test_schemathesis.py walks every operation (these
included) against the tracker's records.
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
from schemathesis.generation.modes import GenerationMode

from secretariat.meetings.models import AgendaItem
from secretariat.teams.models import Person, Team
from tests.api.conftest import token_for
from tests.api.test_meetings_fixtures import World, build_world
from tests.api.test_schemathesis import CHECKS, SEED

EXAMPLES = 8
PATHS = ("/meetings", "/decisions", "/export")


@pytest.fixture
def world_schema(
    team: Team,
    staff: Person,
    chair: Person,
    member: Person,
    observer: Person,
    settings: Any,
) -> Iterator[tuple[World, Any]]:
    settings.API_RATE_LIMIT_ANONYMOUS = 0  # 0: unlimited
    settings.API_RATE_LIMIT_AUTHENTICATED = 0
    world = build_world(team, staff=staff, chair=chair, member=member, observer=observer)
    # As in test_schemathesis: keep the test's connection (and transaction) open across calls.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world, schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _aim(case: Any, item_ids: list[int]) -> None:
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = "ssr2"
    number = parameters.get("number")
    if isinstance(number, int):
        if "/decisions/" in case.path:
            parameters["number"] = 1 + abs(number) % 5  # decisions 1-4 exist, 5 does not
        else:
            parameters["number"] = 110 + abs(number) % 4  # meetings 110-112 exist, 113 does not
    if isinstance(parameters.get("item_id"), int):
        parameters["item_id"] = item_ids[abs(parameters["item_id"]) % len(item_ids)]


def _exercise(schema: Any, headers: dict[str, str], *, canary: bool) -> int:
    item_ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not any(part in operation.path for part in PATHS):
            continue
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
            _aim(case, item_ids)
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            calls += 1
            if canary:
                assert "CANARY" not in response.text, (case.method, case.formatted_path)

        run()
    return calls


def test_anonymous_callers_never_crash_the_meetings_api(world_schema: Any) -> None:
    _world, schema = world_schema
    assert _exercise(schema, {}, canary=True) >= 100


def test_members_never_crash_the_meetings_api_nor_read_the_canary(
    world_schema: Any, member: Person
) -> None:
    _world, schema = world_schema
    headers = {"Authorization": f"Bearer {token_for(member)}"}
    assert _exercise(schema, headers, canary=True) >= 100


def test_staff_never_crash_the_meetings_api(world_schema: Any, staff: Person) -> None:
    _world, schema = world_schema
    headers = {"Authorization": f"Bearer {token_for(staff)}"}
    assert _exercise(schema, headers, canary=False) >= 100
