"""Creating and editing items from the staff screens, including the lost-update refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import client_for
from tests.factories import make_group, make_item

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "text": "Draft a Statement of Work for specialist technical writer.",
        "owners": "",
        "category": "General",
        "topic": "",
        "source_text": "",
        "requested_on": "2017-05-24",
        "due_on": "",
        "due_text": "TBD",
        "status": "open",
        "visibility": "public",
        "visibility_reason": "",
    }
    data.update(overrides)
    return data


def test_staff_create_an_item_with_ordered_owners(
    team: Team, staff: Person, member: Person
) -> None:
    make_group(team, "Co-Chairs")

    response = client_for(staff).post("/ssr2/actions/new/", _form(owners="Co-Chairs, Boban Krsic"))

    assert response.status_code == 302
    item = ActionItem.objects.get(team=team, number=1)
    assert response["Location"] == "/ssr2/actions/1/"
    assert [str(o) for o in item.owners.all()] == ["Co-Chairs", "Boban Krsic"]
    assert item.due_on is None
    assert item.due_text == "TBD"
    assert item.requested_on == dt.date(2017, 5, 24)
    assert HistoryEntry.objects.filter(action="tracker.item.created", actor=staff.user).count() == 1


def test_an_unknown_owner_is_named_and_nothing_is_created(team: Team, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/actions/new/", _form(owners="Co-Chairs, Jon Doe"))

    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown owner" in body
    assert "Jon Doe" in body
    assert not ActionItem.objects.exists()


def test_a_date_in_the_wrong_format_is_named_and_nothing_is_created(
    team: Team, staff: Person
) -> None:
    response = client_for(staff).post("/ssr2/actions/new/", _form(due_on="30 May"))

    assert response.status_code == 400
    assert "Enter a date as YYYY-MM-DD" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_restricting_an_item_needs_a_reason(team: Team, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/actions/new/", _form(visibility="restricted"))

    assert response.status_code == 400
    assert "Say why the item is restricted" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_members_are_refused(
    team: Team, member: Person, client: Client
) -> None:
    anonymous = client.post("/ssr2/actions/new/", _form())
    as_member = client_for(member).post("/ssr2/actions/new/", _form())

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert as_member.status_code == 403
    assert not ActionItem.objects.exists()


def test_staff_edit_an_item_and_history_records_it(team: Team, staff: Person) -> None:
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates.", due_text="TBD")

    response = client_for(staff).post(
        f"/ssr2/actions/{item.number}/edit/",
        _form(text=item.text, due_on="2017-06-14", due_text="", version="1", status="in_progress"),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.due_on == dt.date(2017, 6, 14)
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert item.version == 2
    entry = HistoryEntry.objects.get(action="tracker.item.updated")
    assert entry.changes["due_on"] == [None, "2017-06-14"]
    assert entry.changes["status"] == ["open", "in_progress"]


def test_a_stale_edit_is_refused_and_shows_what_changed(
    team: Team, staff: Person, chair: Person
) -> None:
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates.")
    first = client_for(chair).post(
        f"/ssr2/actions/{item.number}/edit/",
        _form(text=item.text, due_on="2017-05-30", version="1"),
    )
    assert first.status_code == 302

    second = client_for(staff).post(
        f"/ssr2/actions/{item.number}/edit/",
        _form(text="Overwritten text", due_on="2017-07-01", version="1"),
    )

    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else changed this item" in body
    assert "Russ Housley" in body  # who changed it
    assert "2017-05-30" in body  # what they changed
    assert "Overwritten text" in body  # the second editor's text is kept in the form
    assert 'name="version" value="2"' in body
    item.refresh_from_db()
    assert item.text == "Draft SSR2 Review Team work plan with key dates."
    assert item.due_on == dt.date(2017, 5, 30)


def test_members_edit_items_of_their_group_but_not_visibility(
    team: Team, member: Person, review_team_group: Group
) -> None:
    item = make_item(team, "Share thoughts on list regarding outreach.", owners=[review_team_group])
    client = client_for(member)

    page = client.get(f"/ssr2/actions/{item.number}/edit/").content.decode()
    response = client.post(
        f"/ssr2/actions/{item.number}/edit/",
        _form(
            text="Share thoughts on list regarding outreach and possible guidelines.",
            owners="SSR2-RT",
            version="1",
            visibility="restricted",
            visibility_reason="sneaky",
        ),
    )

    assert 'name="visibility"' not in page
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text.endswith("possible guidelines.")
    assert item.visibility == Visibility.PUBLIC


def test_members_cannot_edit_items_they_do_not_own(team: Team, member: Person) -> None:
    item = make_item(team, "Distribute draft Johannesburg agenda to email list.")

    response = client_for(member).post(
        f"/ssr2/actions/{item.number}/edit/", _form(text="Changed", version="1")
    )

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text == "Distribute draft Johannesburg agenda to email list."
