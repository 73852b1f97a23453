"""Property-based tests of the requests, questions, events and milestones operations
(schemathesis, in process), aimed at real records so the cases reach the code behind the 404s:
no server error, every response matching its declared schema, and neither the restricted
canary nor an unpublished answer reaching an anonymous caller or a member. Staff reach the
services with random bodies too (no canary check: they may read it). Bounded: a fixed seed and
a few examples per operation.
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

from secretariat.teams.models import Group, Person, Team
from tests.api.conftest import token_for
from tests.api.test_requests_fixtures import PLAN_CANARY, UNPUBLISHED_ANSWER, Plans, build_plans
from tests.api.test_schemathesis import CHECKS, SEED

EXAMPLES = 8
PATHS = ("/requests", "/questions", "/events", "/sessions", "/milestones")


@pytest.fixture
def plans_schema(
    team: Team,
    staff: Person,
    chair: Person,
    member: Person,
    co_chairs: Group,
    james_gannon: Person,
    settings: Any,
) -> Iterator[tuple[Plans, Any]]:
    settings.API_RATE_LIMIT_ANONYMOUS = 0  # 0: unlimited
    settings.API_RATE_LIMIT_AUTHENTICATED = 0
    plans = build_plans(team, staff=staff, co_chairs=co_chairs, james_gannon=james_gannon)
    # As in test_schemathesis: keep the test's connection (and transaction) open across calls.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield plans, schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _aim(case: Any, plans: Plans) -> None:
    """Point a case's path at the team's records (and one step past them)."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = "ssr2"
    number = parameters.get("number")
    if isinstance(number, int):
        parameters["number"] = 1 + abs(number) % 5  # 1-3 exist (4 too, for questions), 5 not
    if isinstance(parameters.get("event"), str):
        slugs = [event.slug for event in plans.events.values()] + ["icann99"]
        parameters["event"] = slugs[len(parameters["event"]) % len(slugs)]
    if isinstance(parameters.get("session_id"), int):
        pks = [s.pk for s in plans.sessions.values()]
        parameters["session_id"] = pks[abs(parameters["session_id"]) % len(pks)]
    if isinstance(parameters.get("milestone_id"), int):
        pks = [m.pk for m in plans.milestones.values()]
        parameters["milestone_id"] = pks[abs(parameters["milestone_id"]) % len(pks)]


def _exercise(schema: Any, plans: Plans, headers: dict[str, str], *, canary: bool) -> int:
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
            _aim(case, plans)
            response = case.call_and_validate(checks=CHECKS, headers=headers)
            calls += 1
            if canary:
                assert PLAN_CANARY not in response.text, (case.method, case.formatted_path)
                assert UNPUBLISHED_ANSWER not in response.text, (case.method, case.formatted_path)

        run()
    return calls


def test_anonymous_callers_never_crash_these_operations(plans_schema: Any) -> None:
    plans, schema = plans_schema
    assert _exercise(schema, plans, {}, canary=True) >= 150


def test_members_never_crash_them_nor_read_the_canary(plans_schema: Any, member: Person) -> None:
    plans, schema = plans_schema
    headers = {"Authorization": f"Bearer {token_for(member)}"}
    assert _exercise(schema, plans, headers, canary=True) >= 150


def test_staff_never_crash_them(plans_schema: Any, staff: Person) -> None:
    plans, schema = plans_schema
    headers = {"Authorization": f"Bearer {token_for(staff)}"}
    assert _exercise(schema, plans, headers, canary=False) >= 150
