"""Adding notes in place, completing and merging from the item page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ProgressNote
from tests.conftest import client_for
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def test_a_note_added_with_htmx_comes_back_as_the_notes_fragment(
    team: Team, member: Person
) -> None:
    item = make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")

    response = client_for(member).post(
        f"/ssr2/actions/{item.number}/notes/",
        {"text": "Followed up by e-mail.", "noted_on": "2017-06-02", "visibility": "public"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="notes"')
    assert "Followed up by e-mail." in body
    note = ProgressNote.objects.get(item=item)
    assert note.noted_on == dt.date(2017, 6, 2)
    assert note.author == member


def test_a_note_without_javascript_redirects_back_to_the_notes(team: Team, member: Person) -> None:
    item = make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")

    response = client_for(member).post(
        f"/ssr2/actions/{item.number}/notes/",
        {"text": "Called.", "noted_on": "", "visibility": "public"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/ssr2/actions/{item.number}/#notes"
    assert ProgressNote.objects.filter(item=item, text="Called.").exists()


def test_an_empty_note_is_refused(team: Team, member: Person) -> None:
    item = make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")

    response = client_for(member).post(
        f"/ssr2/actions/{item.number}/notes/", {"text": "  ", "visibility": "public"}
    )

    assert response.status_code == 400
    assert not ProgressNote.objects.exists()


def test_observers_cannot_add_notes(team: Team, observer: Person) -> None:
    item = make_item(team, "Schedule a call with Mr. Matogoro regarding connectivity.")

    response = client_for(observer).post(
        f"/ssr2/actions/{item.number}/notes/", {"text": "Hi", "visibility": "public"}
    )

    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


def test_an_owner_completes_an_item_once(
    team: Team, member: Person, review_team_group: Group
) -> None:
    item = make_item(
        team,
        "Share thoughts on list regarding Johannesburg agenda topics.",
        owners=[review_team_group],
        requested_on=dt.date(2017, 5, 18),
    )
    client = client_for(member)
    form = {
        "completed_response": "Thoughts shared on list.",
        "completed_on": "2017-05-25",
        "version": "1",
    }

    first = client.post(f"/ssr2/actions/{item.number}/complete/", form)
    second = client.post(f"/ssr2/actions/{item.number}/complete/", {**form, "version": "2"})

    assert first.status_code == 302
    assert second.status_code == 400
    assert "already done" in second.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.completed_on == dt.date(2017, 5, 25)
    assert item.version == 2


def test_staff_merge_a_duplicate_which_keeps_a_link(team: Team, staff: Person) -> None:
    original = make_item(
        team, "Research collaborative tools the RT may use that can be publicly archived."
    )
    duplicate = make_item(team, "Research collaborative tools (from the coordination deck).")

    response = client_for(staff).post(
        f"/ssr2/actions/{duplicate.number}/merge/", {"into": str(original.number), "version": "1"}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == ActionItem.Status.MERGED
    assert duplicate.merged_into == original


def test_merging_into_a_missing_item_names_the_number(team: Team, staff: Person) -> None:
    duplicate = make_item(team, "Research collaborative tools (from the coordination deck).")

    response = client_for(staff).post(
        f"/ssr2/actions/{duplicate.number}/merge/", {"into": "404", "version": "1"}
    )

    assert response.status_code == 400
    assert "There is no item #404" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == ActionItem.Status.OPEN


def test_state_changing_urls_refuse_get(team: Team, staff: Person, client: Client) -> None:
    make_item(team, "Research collaborative tools.")
    staff_client = client_for(staff)

    for action in ("notes", "complete", "merge"):
        assert staff_client.get(f"/ssr2/actions/1/{action}/").status_code == 405
