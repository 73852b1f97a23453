"""Every URL and API operation, every role, every visibility: the answer the access table gives.

The table is secretariat.core.access_table.ACCESS. These tests walk Django's URL resolver and
the API's operations, so a URL added without an entry in the table fails here, and so does an
entry whose URL is gone. Each request runs in a savepoint that is rolled back, so every role
meets the same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from secretariat.api.main import api
from secretariat.core.access_table import (
    ACCESS,
    ADMIN_NAMESPACE,
    Gate,
    Outcome,
    Who,
    expected,
    gates_for,
)
from secretariat.teams.models import Team
from tests.security.world import (
    ADMIN_NAMES,
    HTML_FORMS,
    INBOUND_SECRET,
    NUMBER,
    PATTERNS,
    SITE_ENTRIES,
    VISIBILITIES,
    World,
    api_body,
    build_world,
    names_a_record,
    params_of,
    raw_request,
    url_for,
)

pytestmark = pytest.mark.django_db
API_NAMESPACE = "api-v1"


def api_operations() -> Iterator[tuple[str, str]]:
    """(URL name, method) of every operation the API serves."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield f"{API_NAMESPACE}:{operation.view_func.__name__}", method


# --- the table covers the site ----------------------------------------------------------------


def test_every_url_pattern_has_an_entry_in_the_access_table() -> None:
    missing = [
        f"{route} ({name})"
        for name, route, _params in PATTERNS
        if (name is None and not route.startswith("admin/"))
        or (name is not None and gates_for(name) is None)
    ]

    assert missing == [], "add these URLs to core/access_table.py: " + ", ".join(missing)


def test_every_api_operation_has_an_entry_for_its_method() -> None:
    missing = [
        f"{method} {name}"
        for name, method in api_operations()
        if method not in (gates_for(name) or {})
    ]

    assert missing == [], "add these API operations to core/access_table.py: " + ", ".join(missing)


def test_the_table_names_no_url_that_is_gone() -> None:
    names = {name for name, _route, _params in PATTERNS if name}

    assert sorted(set(ACCESS) - names) == []


def test_the_table_lists_no_api_method_the_operation_does_not_serve() -> None:
    served = set(api_operations())
    listed = {
        (name, method)
        for name, methods in ACCESS.items()
        if name.startswith(f"{API_NAMESPACE}:")
        and name
        not in {f"{API_NAMESPACE}:{n}" for n in ("api-root", "openapi-json", "openapi-view")}
        for method in methods
    }

    assert sorted(listed - served) == []


# --- requests ---------------------------------------------------------------------------------


@pytest.fixture
def world(team: Team, other_team: Team, settings: Any) -> World:
    settings.INBOUND_MAIL_SECRET = INBOUND_SECRET
    return build_world(team, other_team)


def send(
    name: str, method: str, world: World, visibility: str, who: Who, *, wrong_key: bool = False
) -> HttpResponse:
    """One request by `who`, inside a savepoint that is rolled back afterwards (with a wrong
    key, for the URLs a key opens)."""
    cache.clear()  # rate limits and sign-in throttles start empty for every request
    api_call = name.startswith(f"{API_NAMESPACE}:")
    with transaction.atomic():
        client = Client()
        user = world.users[who]
        headers: dict[str, str] = {}
        if user is not None and api_call:
            headers["Authorization"] = f"Bearer {world.token(who)}"
        elif user is not None:
            client.force_login(user)
        url = url_for(name, world, visibility, who, wrong_key=wrong_key)
        raw = raw_request(name, world, wrong_key=wrong_key)
        if raw is not None and method != "GET":
            content, content_type, extra = raw
            response = client.generic(
                method, url, content, content_type=content_type, headers={**headers, **extra}
            )
        elif api_call and method != "GET":
            body, extra = api_body(name, world, visibility)
            response = client.generic(
                method,
                url,
                json.dumps(body),
                content_type="application/json",
                headers={**headers, **extra},
            )
        elif method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.generic(
                method,
                url,
                _urlencode(HTML_FORMS.get(name, {})),
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
        transaction.set_rollback(True)
    return response


def _urlencode(data: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


LOGIN_PAGES = (resolve_url(settings.LOGIN_URL), "/admin/login/")


def outcome_of(response: HttpResponse, *, api_call: bool) -> str:
    status = response.status_code
    if api_call:
        return {401: Outcome.SIGN_IN, 403: Outcome.DENIED, 404: Outcome.HIDDEN}.get(
            status, Outcome.OK if 200 <= status < 300 else f"HTTP {status}"
        )
    if status in (301, 302, 303):
        # A refusal sends the caller to sign in and come back (?next=); a success may also end
        # on the login page (after signing out everywhere), but with nowhere to come back to.
        location = response["Location"]
        refused = location.startswith(LOGIN_PAGES) and "next=" in location
        return Outcome.SIGN_IN if refused else Outcome.OK
    if status == 403:
        templates = {t.name for t in getattr(response, "templates", [])}
        placeholders = {"tracker/withheld.html", "archive/withheld.html"}
        return Outcome.WITHHELD if templates & placeholders else Outcome.DENIED
    if status == 404:
        return Outcome.HIDDEN
    # A form sent back for its input (400, or 409 for a stale version) got through the gate.
    if 200 <= status < 300 or status in (400, 409):
        return Outcome.OK
    return f"HTTP {status}"


def _cases(name: str, gate: Gate) -> tuple[str, ...]:
    """Every visibility for a URL that names a record (a gate that forgot `record` then shows
    up as a leak), else the public record only."""
    return VISIBILITIES if gate.record or names_a_record(name) else ("public",)


@pytest.mark.parametrize(("name", "method"), SITE_ENTRIES)
def test_each_role_gets_what_the_table_says(world: World, name: str, method: str) -> None:
    gate = ACCESS[name][method]
    api_call = name.startswith(f"{API_NAMESPACE}:")
    wrong = []
    for visibility in _cases(name, gate):
        for who in Who:
            want = expected(gate, who, visibility=visibility, api=api_call, method=method)
            got = outcome_of(send(name, method, world, visibility, who), api_call=api_call)
            if got != want:
                wrong.append(f"{who} on a {visibility} record: got {got}, expected {want}")

    assert wrong == [], f"{method} {name}:\n" + "\n".join(wrong)


KEYED = [(name, method) for name, method in SITE_ENTRIES if ACCESS[name][method].keyed]


@pytest.mark.parametrize(("name", "method"), KEYED)
def test_a_wrong_key_opens_nothing_to_anyone(world: World, name: str, method: str) -> None:
    """A forged signed link, a guessed shared secret: refused to every caller, signed in or not,
    whoever asks."""
    gate = ACCESS[name][method]
    wrong = []
    for who in Who:
        want = expected(gate, who, visibility="public", api=False, method=method, wrong_key=True)
        response = send(name, method, world, "public", who, wrong_key=True)
        got = outcome_of(response, api_call=False)
        if got != want:
            wrong.append(f"{who}: got {got}, expected {want}")

    assert wrong == [], f"{method} {name} with a wrong key:\n" + "\n".join(wrong)


# The API's own pages (its description, its docs, its bare prefix) answer every method alike and
# change nothing.
DOCUMENTS = {f"{API_NAMESPACE}:{name}" for name in ("api-root", "openapi-json", "openapi-view")}


@pytest.mark.parametrize("name", sorted({name for name, _method in SITE_ENTRIES}))
def test_methods_the_table_does_not_list_are_refused(world: World, name: str) -> None:
    """Nothing answers a method it was not written for: a GET never reaches a form's handler."""
    api_call = name.startswith(f"{API_NAMESPACE}:")
    # An API path serves several operations, one per method (GET reads, DELETE removes...):
    # a method is the path's if any of its operations lists it.
    listed = set(ACCESS[name])
    if api_call:
        route = {n: r for n, r, _p in PATTERNS if n}[name]
        listed |= {
            method
            for other, other_route, _p in PATTERNS
            if other and other_route == route and other in ACCESS
            for method in ACCESS[other]
        }
    unlisted = ({"PUT", "DELETE"} if api_call else {"GET", "POST"}) - listed
    if name in DOCUMENTS:
        unlisted = set()
    for method in sorted(unlisted):
        response = send(name, method, world, "public", Who.SUPERUSER)

        assert response.status_code == 405, f"{method} {name} answered {response.status_code}"


@pytest.mark.parametrize("name", ADMIN_NAMES)
def test_the_admin_is_for_superusers_only(world: World, name: str) -> None:
    params = params_of(name)
    values = {
        param: {"app_label": "teams", "content_type_id": 1}.get(param, "1") for param in params
    }
    url = reverse(name, kwargs=values)
    for who in Who:
        cache.clear()
        client = Client()
        user = world.users[who]
        if user is not None:
            client.force_login(user)

        response = client.get(url)

        if name == f"{ADMIN_NAMESPACE}:logout":
            # Signing out is a POST: a GET is refused (405) or sent back to the admin's index,
            # which itself asks non-superusers to sign in.
            assert response.status_code in (302, 405), f"{who} got {response.status_code}"
            assert response.get("Location", "/admin/").startswith("/admin/")
        elif name == f"{ADMIN_NAMESPACE}:login":
            assert response.status_code in (200, 302)
        elif who is Who.SUPERUSER:
            assert not response.get("Location", "").startswith(LOGIN_PAGES)
            assert response.status_code < 500
        else:
            assert response.status_code == 302, f"{who} got {response.status_code} from {url}"
            assert response["Location"].startswith("/admin/login/")


# --- other teams' objects, by id --------------------------------------------------------------


def test_another_teams_material_under_this_teams_meeting_is_not_found(world: World) -> None:
    from tests.factories import make_call

    theirs = make_call(world.other_team, 1, "RDS-WHOIS2 Plenary Call")
    from secretariat.meetings.services import add_material

    material = add_material(
        meeting=theirs, by=None, kind="slides", url="https://community.icann.org/rds"
    )
    client = Client()
    client.force_login(world.users[Who.STAFF])  # type: ignore[arg-type]

    response = client.get(reverse("meetings:material", args=[world.team.slug, 1, material.pk]))

    assert response.status_code == 404


def test_another_teams_agenda_item_cannot_be_moved_from_this_team(world: World) -> None:
    from tests.factories import make_agenda, make_call

    theirs = make_call(world.other_team, 1, "RDS-WHOIS2 Plenary Call")
    agenda_item = make_agenda(theirs, ["Welcome", "Review of action items"])[0]
    client = Client()
    client.force_login(world.users[Who.STAFF])  # type: ignore[arg-type]

    response = client.post(
        reverse("meetings:agenda_move", args=[world.team.slug, 1, agenda_item.pk]), {"op": "down"}
    )

    position = agenda_item.position
    agenda_item.refresh_from_db()

    assert response.status_code == 404
    assert agenda_item.position == position


def test_someone_elses_token_cannot_be_revoked(world: World) -> None:
    world.token(Who.STAFF)
    token = world.users[Who.STAFF].api_tokens.get()  # type: ignore[union-attr]
    client = Client()
    client.force_login(world.users[Who.CHAIR])  # type: ignore[arg-type]

    response = client.post(reverse("api:revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_other_teams_member_cannot_write_through_the_api_here(world: World) -> None:
    client = Client()

    response = client.post(
        f"/api/v1/teams/{world.team.slug}/actions/{NUMBER['public']}/notes",
        json.dumps({"text": "Comment from RDS-WHOIS2"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token(Who.OTHER_TEAM)}"},
    )

    assert response.status_code == 403
    assert world.items["public"].notes.count() == 0
