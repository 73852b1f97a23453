"""The staff screens: new meeting, from the previous one, attendance, agenda, in-place records,
minutes; and who is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.meetings.models import AgendaItem, Attendance, Decision, Meeting, Minutes
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
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


def test_staff_create_a_meeting_typed_in_their_zone(team: Team, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/meetings/new/", {
        "title": "SSR2 Plenary Call", "kind": "plenary", "number": "112", "starts_at": "2017-06-15T07:00",
        "time_zone": "America/Los_Angeles", "duration_minutes": "90", "visibility": "public",
    })  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == "/ssr2/meetings/112/"
    meeting = Meeting.objects.get(number=112)
    assert meeting.starts_at == dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC)


def test_a_duplicate_number_is_shown_on_the_form(team: Team, call: Meeting, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/meetings/new/", {
        "title": "Again", "kind": "plenary", "number": "111", "starts_at": "2017-06-15T14:00",
        "time_zone": "UTC", "visibility": "public",
    })  # fmt: skip

    assert response.status_code == 400
    assert "Plenary #111 exists already" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_an_end_before_the_start_is_shown_on_the_form(team: Team, staff: Person) -> None:
    response = client_for(staff).post("/ssr2/meetings/new/", {
        "title": "SSR2 Plenary Call", "kind": "plenary", "starts_at": "2017-06-15T14:00",
        "ends_at": "2017-06-15T13:00", "time_zone": "UTC", "visibility": "public",
    })  # fmt: skip
    assert response.status_code == 400
    assert "before it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_next_meeting_from_the_previous_one_carries_standing_items(
    call: Meeting, staff: Person
) -> None:
    client = client_for(staff)
    page = client.get("/ssr2/meetings/new/?from=111").content.decode()
    unreached = AgendaItem.objects.get(title="Work plan and timeline")
    assert "Work plan and timeline" in page

    response = client.post("/ssr2/meetings/new/", {
        "from": "111", "starts_at": "2017-06-15T14:00", "carry_items": [str(unreached.pk)],
    })  # fmt: skip

    assert response.status_code == 302
    new = Meeting.objects.get(previous=call)
    assert list(new.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Welcome, roll call, SOI updates",
        "Work plan and timeline",
        "AOB",
    ]


def test_attendance_is_taken_from_the_roster_in_one_form(
    call: Meeting, staff: Person, member: Person, other_member: Person
) -> None:
    client = client_for(staff)
    page = client.get("/ssr2/meetings/111/attendance/").content.decode()
    assert "Boban Krsic" in page
    assert "Kerry-Ann Barrett" in page

    response = client.post("/ssr2/meetings/111/attendance/", {
        f"person_{member.pk}": "member", f"person_{other_member.pk}": "apologies", f"person_{staff.pk}": "staff",
    })  # fmt: skip

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person__name", "role")) == {
        "Boban Krsic": "member",
        "Kerry-Ann Barrett": "apologies",
        "Jennifer Bryce": "staff",
    }


def test_the_agenda_is_reordered_and_nested_without_javascript(
    call: Meeting, staff: Person
) -> None:
    client = client_for(staff)
    work = AgendaItem.objects.get(title="Work plan and timeline")

    client.post(f"/ssr2/meetings/111/agenda/{work.pk}/", {"op": "indent"})
    work.refresh_from_db()
    assert work.parent is not None
    assert work.parent.title == "Welcome, roll call, SOI updates"

    client.post(f"/ssr2/meetings/111/agenda/{work.pk}/", {"op": "outdent"})
    client.post(f"/ssr2/meetings/111/agenda/{work.pk}/", {"op": "up"})
    titles = list(
        call.agenda_items.filter(parent=None).order_by("position").values_list("title", flat=True)
    )
    assert titles == ["Work plan and timeline", "Welcome, roll call, SOI updates", "AOB"]


def test_htmx_agenda_changes_answer_with_the_tree_only(call: Meeting, staff: Person) -> None:
    aob = AgendaItem.objects.get(title="AOB")
    response = client_for(staff).post(
        f"/ssr2/meetings/111/agenda/{aob.pk}/", {"op": "up"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="agenda-tree">')
    assert "<html" not in body


def test_a_note_becomes_an_action_item_in_place(
    call: Meeting, staff: Person, co_chairs: Group
) -> None:
    work = AgendaItem.objects.get(title="Work plan and timeline")

    response = client_for(staff).post(
        f"/ssr2/meetings/111/agenda/{work.pk}/note/",
        {
            "text": "Draft SSR2 work plan with key dates.",
            "owners": "Co-Chairs",
            "due_on": "2017-06-14",
            "make": "action_item",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    item = ActionItem.objects.get()
    assert item.source_meeting == call
    assert item.due_on == dt.date(2017, 6, 14)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="record">')
    assert f'href="/ssr2/actions/{item.number}/"' in body


def test_a_note_becomes_a_decision_without_javascript(call: Meeting, chair: Person) -> None:
    aob = AgendaItem.objects.get(title="AOB")
    response = client_for(chair).post(
        f"/ssr2/meetings/111/agenda/{aob.pk}/note/",
        {"text": "Next call 15 June.", "make": "decision"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ssr2/meetings/111/#agenda"
    assert Decision.objects.get().meeting == call


def test_an_unknown_owner_is_reported_and_nothing_is_created(call: Meeting, staff: Person) -> None:
    response = client_for(staff).post(
        "/ssr2/meetings/111/actions/", {"text": "Send the recording.", "owners": "Nobody Known"}
    )
    assert response.status_code == 400
    assert "Nobody Known is not a person or group of this team" in response.content.decode()
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/ssr2/meetings/new/", {}),
        ("get", "/ssr2/meetings/111/attendance/", {}),
        ("get", "/ssr2/meetings/111/agenda/", {}),
        ("post", "/ssr2/meetings/111/decisions/", {"text": "Adopt."}),
        ("post", "/ssr2/meetings/111/actions/", {"text": "Do."}),
        ("post", "/ssr2/meetings/111/minutes/", {"text": "Minutes."}),
        ("post", "/ssr2/decisions/new/", {"text": "Adopt.", "source": "email"}),
    ],
)
def test_members_may_not_edit_and_anonymous_visitors_are_sent_to_sign_in(
    method: str, path: str, data: dict[str, str], call: Meeting, member: Person, client: Client
) -> None:
    assert getattr(client_for(member), method)(path, data).status_code == 403
    anonymous = getattr(client, method)(path, data)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert not Decision.objects.exists()
    assert not ActionItem.objects.exists()
    assert not Minutes.objects.exists()


def test_minutes_are_drafted_and_approved_at_the_next_meeting(
    team: Team, call: Meeting, staff: Person
) -> None:
    make_call(team, 112, starts_at=dt.datetime(2017, 6, 15, 14, 0, tzinfo=dt.UTC))
    client = client_for(staff)
    client.post("/ssr2/meetings/111/minutes/", {"text": "Attendance: 9 members."})

    response = client.post("/ssr2/meetings/111/minutes/approve/", {
        "at_meeting": "112", "text": "Attendance: 10 members.", "version": "1",
    })  # fmt: skip

    assert response.status_code == 302
    page = client.get("/ssr2/meetings/111/minutes/").content.decode()
    assert "<del>- Attendance: 9 members.</del>" in page
    assert 'href="/ssr2/meetings/112/"' in page
    assert "Minutes approved at this meeting" in client.get("/ssr2/meetings/112/").content.decode()
