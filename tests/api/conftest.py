"""Fixtures for the API tests: the SSR2 roster, items at each visibility, tokens per role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from secretariat.api.models import ApiToken
from secretariat.api.services import create_api_token
from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import user_of
from tests.factories import make_item

# Text that only the people allowed to read the restricted item may ever receive.
CANARY = "CANARY-7f3a: confidential findings on the KSK rollover vendor contract"
TEAM_ONLY = "Team-only: draft SSR2 terms of reference comments before the Johannesburg meeting"
PUBLIC_TEXT = "Circulate the SSR2 work plan with key dates to the review team for input"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


class ApiClient:
    """A test client that speaks JSON to /api/v1/ and carries a bearer token if given one."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, data: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(self._url(path), data or {}, headers={**self.headers, **headers})

    def send(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        import json

        payload = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.generic(
            method,
            self._url(path),
            payload,
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("POST", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("PATCH", path, body, **headers)


def token_for(person: Person, scope: str = ApiToken.Scope.WRITE, **kwargs: Any) -> str:
    return create_api_token(user=user_of(person), name="SSR2 wiki embed", scope=scope, **kwargs).raw


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient()


@pytest.fixture
def api_for() -> Any:
    def build(person: Person, scope: str = ApiToken.Scope.WRITE) -> ApiClient:
        return ApiClient(token_for(person, scope))

    return build


@pytest.fixture
def public_item(team: Team, member: Person, co_chairs: Group) -> ActionItem:
    """Public, owned by the Co-Chairs (so the member Boban Krsic is named on nothing)."""
    return make_item(
        team,
        PUBLIC_TEXT,
        owners=[co_chairs],
        category="Workplan",
        due_on=dt.date(2017, 6, 30),
        requested_on=dt.date(2017, 5, 30),
    )


@pytest.fixture
def team_item(team: Team, other_member: Person) -> ActionItem:
    return make_item(team, TEAM_ONLY, owners=[other_member], visibility=Visibility.TEAM)


@pytest.fixture
def restricted_item(team: Team, james_gannon: Person) -> ActionItem:
    """Restricted, owned by James Gannon: staff, chairs and James read it; nobody else."""
    return make_item(
        team,
        CANARY,
        owners=[james_gannon],
        visibility=Visibility.RESTRICTED,
        visibility_reason="Contract negotiations with a vendor",
        category="Outreach",
    )


RESTRICTED_NOTE = "CANARY-NOTE-91c2: vendor named in the restricted briefing"


@pytest.fixture
def restricted_note_on_public_item(public_item: ActionItem, staff: Person) -> ActionItem:
    """A public item carrying one restricted note (added by staff)."""
    from secretariat.tracker.services import add_progress_note

    add_progress_note(
        item=public_item, by=user_of(staff), text=RESTRICTED_NOTE, visibility=Visibility.RESTRICTED
    )
    add_progress_note(
        item=public_item, by=user_of(staff), text="Followed up with the co-chairs 6/2"
    )
    public_item.refresh_from_db()
    return public_item


@pytest.fixture
def caller(request: pytest.FixtureRequest) -> Any:
    """`caller(role)`: an ApiClient for a role name (a person fixture) or "anonymous"."""

    def build(role: str, scope: str = ApiToken.Scope.WRITE) -> ApiClient:
        if role == "anonymous":
            return ApiClient()
        person = request.getfixturevalue(role)
        return ApiClient(token_for(person, scope))

    return build
