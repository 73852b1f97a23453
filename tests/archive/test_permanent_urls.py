"""An item's address never changes: a merged item's page says where it went; an unknown number
is a plain 404 that reveals nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secretariat.core.models import Visibility
from secretariat.teams.models import Team
from secretariat.tracker.services import merge_action_item
from tests.factories import make_call, make_item

pytestmark = pytest.mark.django_db


def test_the_address_is_the_team_and_number(team: Team) -> None:
    assert reverse("tracker:detail", args=["ssr2", 365]) == "/ssr2/actions/365/"
    assert reverse("meetings:detail", args=["ssr2", 111]) == "/ssr2/meetings/111/"
    assert reverse("team_home", args=["ssr2"]) == "/ssr2/"


def test_a_merged_item_keeps_its_page_and_points_to_where_it_went(
    team: Team, client: Client
) -> None:
    kept = make_item(team, "Draft SSR2 work plan with key dates.", number=364)
    duplicate = make_item(team, "Draft the work plan.", number=365)
    merge_action_item(item=duplicate, by=None, into=kept, expected_version=1)

    response = client.get("/ssr2/actions/365/")

    assert response.status_code == 200
    assert 'href="/ssr2/actions/364/"' in response.content.decode()
    assert "merged into" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/ssr2/actions/999/", "/ssr2/meetings/999/", "/ssr2/actions/0/", "/atrt3/actions/1/"]
)
def test_an_unknown_number_is_a_plain_404(team: Team, client: Client, path: str) -> None:
    make_item(team, "Review NDA CANARY-404.", visibility=Visibility.RESTRICTED)
    make_call(team, 111)

    response = client.get(path)

    assert response.status_code == 404
    assert "CANARY-404" not in response.content.decode()
