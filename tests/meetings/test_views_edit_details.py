"""Editing a meeting's details and an agenda item's details on screen; the meeting's history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.meetings import services
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.queries import visible_meeting_history
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_agenda, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(team: Team) -> Meeting:
    meeting = make_call(
        team, 111, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC)
    )
    make_agenda(meeting, ["*Welcome, roll call, SOI updates", "Work plan and timeline", "*AOB"])
    return meeting


def edit_data(meeting: Meeting, **changes: str) -> dict[str, str]:
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "number": str(meeting.number),
        "status": meeting.status,
        "starts_at": "2017-06-08T14:00",
        "time_zone": "UTC",
        "duration_minutes": str(meeting.duration_minutes),
        "place": meeting.place,
        "visibility": meeting.visibility,
        "visibility_reason": "",
        "version": str(meeting.version),
    }
    data.update(changes)
    return data


def item_titled(meeting: Meeting, title: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


# --- the meeting's details --------------------------------------------------------------------


def test_staff_see_the_form_filled_with_the_meeting_in_utc(call: Meeting, staff: Person) -> None:
    # Jennifer Bryce's zone is America/Los_Angeles: the start is still shown as typed, in UTC.
    response = client_for(staff).get("/ssr2/meetings/111/edit/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="SSR2 Plenary Call"' in page
    assert 'value="2017-06-08T14:00"' in page
    assert f'name="version" value="{call.version}"' in page


def test_staff_move_the_call_typed_in_their_zone(call: Meeting, staff: Person) -> None:
    response = client_for(staff).post(
        "/ssr2/meetings/111/edit/",
        edit_data(
            call,
            starts_at="2017-06-15T07:00",
            time_zone="America/Los_Angeles",
            place="ICANN59 Johannesburg",
            status="planned",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == "/ssr2/meetings/111/"
    call.refresh_from_db()
    assert call.starts_at == dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC)
    assert call.place == "ICANN59 Johannesburg"
    assert call.version == 2


def test_a_new_number_takes_the_page_to_the_new_address(call: Meeting, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/meetings/111/edit/", edit_data(call, number="112"))

    assert response["Location"] == "/ssr2/meetings/112/"
    assert Meeting.objects.get(pk=call.pk).number == 112


def test_a_number_already_taken_is_shown_on_the_form(
    team: Team, call: Meeting, staff: Person
) -> None:
    make_call(team, 112, "SSR2 Plenary Call")

    response = client_for(staff).post("/ssr2/meetings/111/edit/", edit_data(call, number="112"))

    assert response.status_code == 400
    assert "#112 exists already" in response.content.decode()
    assert Meeting.objects.get(pk=call.pk).number == 111


def test_a_stale_edit_answers_409_with_what_changed_and_keeps_the_typing(
    call: Meeting, staff: Person, chair: Person
) -> None:
    stale = edit_data(call, title="SSR2 Plenary Call #111 (rescheduled)")
    services.update_meeting(
        meeting=call, by=chair.user, expected_version=1, changes={"place": "Remote (Zoom)"}
    )

    response = client_for(staff).post("/ssr2/meetings/111/edit/", stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this meeting" in page
    assert "Remote (Zoom)" in page
    assert "Russ Housley" in page
    assert 'value="SSR2 Plenary Call #111 (rescheduled)"' in page
    assert 'name="version" value="2"' in page
    call.refresh_from_db()
    assert (call.title, call.place) == ("SSR2 Plenary Call", "Remote (Zoom)")


def test_restricting_without_a_reason_is_refused(call: Meeting, staff: Person) -> None:
    response = client_for(staff).post(
        "/ssr2/meetings/111/edit/", edit_data(call, visibility="restricted")
    )

    assert response.status_code == 400
    assert "Say why the meeting is restricted" in response.content.decode()
    assert Meeting.objects.get(pk=call.pk).visibility == Visibility.PUBLIC


def test_a_member_may_not_edit_the_meeting(call: Meeting, member: Person) -> None:
    client = client_for(member)

    assert client.get("/ssr2/meetings/111/edit/").status_code == 403
    assert client.post("/ssr2/meetings/111/edit/", edit_data(call, title="X")).status_code == 403
    assert Meeting.objects.get(pk=call.pk).title == "SSR2 Plenary Call"


def test_anonymous_visitors_are_sent_to_sign_in(call: Meeting) -> None:
    response = Client().post("/ssr2/meetings/111/edit/", edit_data(call, title="X"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Meeting.objects.get(pk=call.pk).title == "SSR2 Plenary Call"


# --- an agenda item's details -----------------------------------------------------------------


def test_staff_edit_an_agenda_item_with_a_plain_form(
    call: Meeting, staff: Person, james_gannon: Person
) -> None:
    item = item_titled(call, "Work plan and timeline")
    url = f"/ssr2/meetings/111/agenda/{item.pk}/edit/"

    assert 'value="Work plan and timeline"' in client_for(staff).get(url).content.decode()
    response = client_for(staff).post(url, {
        "title": "Work plan and timeline: key dates", "presenter": str(james_gannon.pk),
        "minutes": "20", "notes": "Draft circulated on **2 June**.",
        "links": "https://community.icann.org/x/ssr2-workplan\n",
    })  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == "/ssr2/meetings/111/agenda/"
    item.refresh_from_db()
    assert item.title == "Work plan and timeline: key dates"
    assert item.presenter == james_gannon
    assert item.minutes == 20
    assert item.notes == "Draft circulated on **2 June**."
    assert item.links == "https://community.icann.org/x/ssr2-workplan"


def test_htmx_gets_the_form_in_place_and_the_agenda_after_saving(
    call: Meeting, staff: Person
) -> None:
    item = item_titled(call, "Work plan and timeline")
    url = f"/ssr2/meetings/111/agenda/{item.pk}/edit/"
    client = client_for(staff)

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'hx-target="#agenda-tree"' in fragment.content.decode()

    saved = client.post(
        url, {"title": "Work plan: timeline", "minutes": "15"}, headers={"HX-Request": "true"}
    )
    assert saved.status_code == 200
    assert 'id="agenda-tree"' in saved.content.decode()
    assert "Work plan: timeline" in saved.content.decode()
    assert item_titled(call, "Work plan: timeline").minutes == 15


def test_a_bad_link_is_refused_in_place_and_nothing_changes(call: Meeting, staff: Person) -> None:
    item = item_titled(call, "Work plan and timeline")

    response = client_for(staff).post(
        f"/ssr2/meetings/111/agenda/{item.pk}/edit/",
        {"title": "Work plan", "links": "javascript:alert(1)"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#agenda-item-{item.pk}"
    assert "Line 1" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.links) == ("Work plan and timeline", "")


def test_an_empty_title_is_refused_on_the_plain_form(call: Meeting, staff: Person) -> None:
    item = item_titled(call, "Work plan and timeline")

    response = client_for(staff).post(f"/ssr2/meetings/111/agenda/{item.pk}/edit/", {"title": ""})

    assert response.status_code == 400
    assert item_titled(call, "Work plan and timeline").pk == item.pk


def test_a_member_may_not_edit_an_agenda_item(call: Meeting, member: Person) -> None:
    item = item_titled(call, "Work plan and timeline")

    response = client_for(member).post(
        f"/ssr2/meetings/111/agenda/{item.pk}/edit/", {"title": "Mine now"}
    )

    assert response.status_code == 403
    assert item_titled(call, "Work plan and timeline").pk == item.pk


def test_an_item_of_another_meeting_is_not_found(team: Team, call: Meeting, staff: Person) -> None:
    other = make_call(team, 112, "SSR2 Plenary Call")
    [foreign] = make_agenda(other, ["Elsewhere"])

    response = client_for(staff).get(f"/ssr2/meetings/111/agenda/{foreign.pk}/edit/")

    assert response.status_code == 404


# --- history ----------------------------------------------------------------------------------


def test_the_meeting_page_shows_its_history(call: Meeting, staff: Person) -> None:
    services.update_meeting(
        meeting=call, by=staff.user, expected_version=None, changes={"place": "Remote (Zoom)"}
    )

    page = Client().get("/ssr2/meetings/111/").content.decode()

    assert 'id="history-heading"' in page
    assert "created the meeting" in page
    assert "added an agenda item" in page
    assert "edited the meeting" in page
    assert "Remote (Zoom)" in page


def test_changes_made_while_restricted_stay_hidden_after_opening(
    call: Meeting, staff: Person, member: Person
) -> None:
    services.update_meeting(
        meeting=call, by=None, expected_version=None,
        changes={"visibility": "restricted", "visibility_reason": "Legal"},
    )  # fmt: skip
    services.update_meeting(
        meeting=call, by=None, expected_version=None, changes={"place": "Board room 4"}
    )
    services.update_meeting(
        meeting=call, by=None, expected_version=None, changes={"visibility": "public"}
    )
    call.refresh_from_db()

    public = list(visible_meeting_history(viewer=AnonymousUser(), meeting=call))
    staff_view = list(visible_meeting_history(viewer=staff.user, meeting=call))

    assert not any("place" in entry.changes for entry in public)
    assert any("place" in entry.changes for entry in staff_view)
    page = Client().get("/ssr2/meetings/111/").content.decode()
    assert "Board room 4" not in page.split('id="history"')[1]


def test_a_restricted_meeting_shows_no_history_to_members(call: Meeting, member: Person) -> None:
    services.update_meeting(
        meeting=call, by=None, expected_version=None,
        changes={"visibility": "restricted", "visibility_reason": "Legal"},
    )  # fmt: skip
    call.refresh_from_db()

    assert not visible_meeting_history(viewer=member.user, meeting=call).exists()


def test_a_restricted_material_on_a_public_meeting_stays_out_of_the_public_history(
    call: Meeting, staff: Person
) -> None:
    services.add_material(
        meeting=call, by=None, kind="other", title="Legal memo on the NDA",
        url="https://example.org/memo", visibility="restricted",
    )  # fmt: skip

    public = visible_meeting_history(viewer=AnonymousUser(), meeting=call)
    staff_view = visible_meeting_history(viewer=staff.user, meeting=call)

    assert not public.filter(action="meetings.material.added").exists()
    assert staff_view.filter(action="meetings.material.added").exists()
    assert "Legal memo" not in Client().get("/ssr2/meetings/111/").content.decode()
