"""The item page: its facts, notes and history, and what it withholds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import add_progress_note, merge_action_item, update_action_item
from tests.conftest import client_for
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_it_shows_the_item_its_owners_and_a_readable_history(
    team: Team, staff: Person, client: Client
) -> None:
    item = make_item(team, "Draft SSR2 progress report for SO/ACs.", owners=[staff], due_text="TBD")
    update_action_item(
        item=item, by=staff.user, expected_version=1, changes={"due_on": dt.date(2017, 6, 14)}
    )

    body = client.get("/ssr2/actions/1/").content.decode()

    assert "Draft SSR2 progress report" in body
    assert "Jennifer Bryce" in body
    assert "created the item" in body
    assert "edited the item" in body
    assert "Anticipated completion date" in body  # the changed field, by its label
    assert "2017-06-14" in body


def test_a_merged_item_says_where_it_went(team: Team, staff: Person, client: Client) -> None:
    original = make_item(
        team, "Research collaborative tools the RT may use that can be publicly archived."
    )
    duplicate = make_item(team, "Research collaborative tools (duplicate from the deck).")
    merge_action_item(item=duplicate, into=original, by=staff.user, expected_version=1)

    body = client.get(f"/ssr2/actions/{duplicate.number}/").content.decode()
    target_body = client.get(f"/ssr2/actions/{original.number}/").content.decode()

    assert "This item was merged into" in body
    assert f'href="/ssr2/actions/{original.number}/"' in body
    assert f'href="/ssr2/actions/{duplicate.number}/"' in target_body


def test_a_restricted_item_shows_the_public_only_a_placeholder_with_the_reason(
    team: Team, staff: Person, client: Client
) -> None:
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal CANARY-NDA-7731.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )

    public = client.get("/ssr2/actions/1/")
    as_staff = client_for(staff).get("/ssr2/actions/1/")

    assert public.status_code == 403
    body = public.content.decode()
    assert "Action item #1 is withheld" in body
    assert "Under legal review" in body
    assert "CANARY-NDA-7731" not in body
    assert as_staff.status_code == 200
    assert "CANARY-NDA-7731" in as_staff.content.decode()


def test_withheld_items_cannot_be_edited_or_noted_by_the_public(team: Team, member: Person) -> None:
    make_item(
        team,
        "Review non-disclosure form with ICANN Legal.",
        visibility=Visibility.RESTRICTED,
        visibility_reason="Under legal review",
    )
    client = client_for(member)

    assert client.get("/ssr2/actions/1/edit/").status_code == 404
    assert (
        client.post("/ssr2/actions/1/notes/", {"text": "x", "visibility": "public"}).status_code
        == 404
    )


def test_restricted_notes_of_a_public_item_are_hidden_from_the_public(
    team: Team, staff: Person, client: Client
) -> None:
    item = make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")
    add_progress_note(
        item=item,
        by=staff.user,
        text="Troubleshooting steps provided.",
        noted_on=dt.date(2017, 6, 2),
    )
    add_progress_note(
        item=item,
        by=staff.user,
        text="Private phone number CANARY-NOTE-55",
        visibility=Visibility.RESTRICTED,
    )

    public_body = client.get("/ssr2/actions/1/").content.decode()
    staff_body = client_for(staff).get("/ssr2/actions/1/").content.decode()

    assert "Troubleshooting steps provided." in public_body
    assert "CANARY-NOTE-55" not in public_body
    assert "CANARY-NOTE-55" in staff_body


def test_readers_get_no_edit_controls(team: Team, observer: Person) -> None:
    make_item(team, "Share thoughts on list regarding Johannesburg agenda topics.")

    body = client_for(observer).get("/ssr2/actions/1/").content.decode()

    assert "/ssr2/actions/1/edit/" not in body
    assert "Add note" not in body
    assert "Mark done" not in body


def test_an_unknown_number_or_team_is_not_found(team: Team, client: Client) -> None:
    assert client.get("/ssr2/actions/999/").status_code == 404
    assert client.get("/atrt3/actions/").status_code == 404
