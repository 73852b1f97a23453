"""CSRF: every form post and every cookie-signed API write without the token is refused, and
changes nothing; API tokens need no CSRF token; a GET never reaches a write."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from secretariat.core.access_table import ACCESS, SAFE_METHODS, Who
from secretariat.teams.models import Team
from secretariat.tracker.models import ProgressNote
from tests.security.world import (
    HTML_FORMS,
    NUMBER,
    World,
    api_body,
    build_world,
    database_state,
    url_for,
)

pytestmark = pytest.mark.django_db
API = "api-v1:"

# A keyed URL (one-click unsubscribe, the mail server's delivery) is exempt from CSRF on
# purpose: no session opens it, only the key it carries, and test_access_matrix sends each a
# wrong key.
HTML_POSTS = sorted(
    name
    for name, methods in ACCESS.items()
    if "POST" in methods and not name.startswith(API) and not methods["POST"].keyed
)
API_WRITES = sorted(
    (name, method)
    for name, methods in ACCESS.items()
    if name.startswith(API)
    for method in methods
    if method not in SAFE_METHODS
)


@pytest.fixture
def world(team: Team, other_team: Team) -> World:
    return build_world(team, other_team)


def csrf_client(world: World, who: Who) -> Client:
    client = Client(enforce_csrf_checks=True)
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", HTML_POSTS)
def test_a_form_post_without_the_csrf_token_is_refused_and_changes_nothing(
    world: World, name: str
) -> None:
    # The superuser passes every permission check, so only CSRF stands in the way.
    who = Who.ANONYMOUS if name in ("login", "password_reset") else Who.SUPERUSER
    client = csrf_client(world, who)
    url = url_for(name, world, "public", who)
    before = database_state()
    cache.clear()

    response = client.post(url, HTML_FORMS.get(name, {}))

    assert response.status_code == 403, f"POST {name} answered {response.status_code}"
    assert database_state() == before


@pytest.mark.parametrize(("name", "method"), API_WRITES)
def test_a_cookie_signed_api_write_without_the_csrf_token_is_refused(
    world: World, name: str, method: str
) -> None:
    client = csrf_client(world, Who.SUPERUSER)
    body, headers = api_body(name, world, "public")
    before = database_state()

    response = client.generic(
        method,
        url_for(name, world, "public", Who.SUPERUSER),
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 403, f"{method} {name} answered {response.status_code}"
    assert database_state() == before


def test_a_cookie_signed_api_write_with_the_csrf_header_goes_through(world: World) -> None:
    client = csrf_client(world, Who.STAFF)
    client.get(reverse("tracker:list", args=[world.team.slug]))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    response = client.post(
        f"/api/v1/teams/{world.team.slug}/actions/{NUMBER['public']}/notes",
        json.dumps({"text": "Followed up with ICANN Org on 6/2"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201
    assert ProgressNote.objects.filter(item=world.items["public"]).count() == 1


def test_a_token_signed_api_write_needs_no_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/api/v1/teams/{world.team.slug}/actions/{NUMBER['public']}/notes",
        json.dumps({"text": "Followed up with ICANN Org on 6/2"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {world.token(Who.STAFF)}"},
    )

    assert response.status_code == 201
    assert ProgressNote.objects.filter(item=world.items["public"]).count() == 1


def test_a_form_post_with_the_csrf_token_goes_through(world: World) -> None:
    client = csrf_client(world, Who.STAFF)
    page = client.get(reverse("tracker:detail", args=[world.team.slug, NUMBER["public"]]))
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match is not None

    response = client.post(
        reverse("tracker:note_add", args=[world.team.slug, NUMBER["public"]]),
        {
            "text": "Followed up with ICANN Org on 6/2",
            "visibility": "public",
            "csrfmiddlewaretoken": match.group(1),
        },
    )

    assert response.status_code == 302
    assert ProgressNote.objects.filter(item=world.items["public"]).count() == 1


@pytest.mark.parametrize(
    "name", sorted(n for n in HTML_POSTS if "GET" not in ACCESS[n] and not n.startswith("admin:"))
)
def test_a_get_to_a_forms_target_is_refused_and_changes_nothing(world: World, name: str) -> None:
    client = csrf_client(world, Who.SUPERUSER)
    before = database_state()

    response = client.get(url_for(name, world, "public", Who.SUPERUSER), HTML_FORMS.get(name, {}))

    assert response.status_code == 405
    assert database_state() == before
