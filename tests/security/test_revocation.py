"""Revocation is immediate: a membership that ends, a role taken away or an account switched
off changes what the very next request may do, in the browser and through the API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secretariat.core.access_table import Who
from secretariat.teams.models import Membership, Role, Team
from secretariat.tracker.models import ProgressNote
from tests.security.world import NUMBER, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team: Team, other_team: Team) -> World:
    return build_world(team, other_team)


def signed_in(world: World, who: Who) -> Client:
    client = Client()
    client.force_login(world.users[who])  # type: ignore[arg-type]
    return client


def team_item_url(world: World) -> str:
    return reverse("tracker:detail", args=[world.team.slug, NUMBER["team"]])


def test_a_member_whose_membership_ends_loses_team_records_on_the_next_request(
    world: World,
) -> None:
    client = signed_in(world, Who.MEMBER)
    assert client.get(team_item_url(world)).status_code == 200

    Membership.objects.filter(person__user=world.users[Who.MEMBER]).update(
        end_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.get(team_item_url(world))

    assert response.status_code == 403  # the withheld placeholder
    assert "Draft SSR2 comments" not in response.content.decode()


def test_a_member_demoted_to_observer_loses_team_records_and_notes(world: World) -> None:
    client = signed_in(world, Who.MEMBER)
    note_url = reverse("tracker:note_add", args=[world.team.slug, NUMBER["public"]])
    assert (
        client.post(note_url, {"text": "Followed up 6/2", "visibility": "public"}).status_code
        == 302
    )

    membership = Membership.objects.get(person__user=world.users[Who.MEMBER])
    membership.role = Role.OBSERVER
    membership.save()

    assert client.get(team_item_url(world)).status_code == 403
    assert (
        client.post(note_url, {"text": "Followed up again 6/9", "visibility": "public"}).status_code
        == 403
    )
    assert ProgressNote.objects.filter(item=world.items["public"]).count() == 1


def test_staff_demoted_to_member_can_no_longer_create_items(world: World) -> None:
    client = signed_in(world, Who.STAFF)
    create_url = reverse("tracker:create", args=[world.team.slug])
    assert client.get(create_url).status_code == 200

    Membership.objects.filter(person__user=world.users[Who.STAFF]).update(role=Role.MEMBER)

    assert client.get(create_url).status_code == 403


def test_a_deactivated_account_is_signed_out_on_the_next_request(world: World) -> None:
    client = signed_in(world, Who.STAFF)
    assert client.get(reverse("account")).status_code == 200
    user = world.users[Who.STAFF]
    assert user is not None

    user.is_active = False
    user.save()

    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(team_item_url(world)).status_code == 403


def test_api_tokens_of_a_deactivated_account_are_dead(world: World) -> None:
    token = world.token(Who.STAFF)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/teams/{world.team.slug}/actions/{NUMBER['restricted']}"
    assert Client().get(url, headers=headers).status_code == 200
    user = world.users[Who.STAFF]
    assert user is not None

    user.is_active = False
    user.save()

    assert Client().get(url, headers=headers).status_code == 401
    write = Client().post(
        f"{url}/notes",
        json.dumps({"text": "Vendor named in the briefing"}),
        content_type="application/json",
        headers=headers,
    )
    assert write.status_code == 401
    assert ProgressNote.objects.filter(item=world.items["restricted"]).count() == 0


def test_api_tokens_follow_a_membership_that_ends(world: World) -> None:
    headers = {"Authorization": f"Bearer {world.token(Who.CHAIR)}"}
    url = f"/api/v1/teams/{world.team.slug}/actions/{NUMBER['restricted']}"
    assert Client().get(url, headers=headers).status_code == 200

    Membership.objects.filter(person__user=world.users[Who.CHAIR]).update(
        end_on=timezone.localdate() - dt.timedelta(days=1)
    )

    assert Client().get(url, headers=headers).status_code == 404
