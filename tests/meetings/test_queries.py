"""meetings.queries: who sees which meetings, decisions and materials; attendance figures; zones;
and constant query counts at two sizes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import Http404

from secretariat.core.models import Visibility
from secretariat.meetings.models import Decision, Material, Meeting
from secretariat.meetings.queries import (
    agenda_tree,
    attendance_record,
    get_meeting,
    start_in_member_zones,
    visible_decisions,
    visible_materials,
    visible_meetings,
)
from secretariat.meetings.services import add_material, record_attendance, record_decision
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import end_membership, make_agenda, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(team: Team) -> dict[str, Meeting]:
    return {
        "public": make_call(team, 111, "SSR2 Plenary Call"),
        "team": make_call(
            team, 112, "SSR2 Plenary Call (closed session)", visibility=Visibility.TEAM
        ),
        "restricted": make_call(
            team,
            113,
            "Co-chairs and ICANN Legal",
            kind=Meeting.Kind.LEADERSHIP,
            visibility=Visibility.RESTRICTED,
            visibility_reason="Personnel matter",
        ),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {111}),
        ("observer", {111}),
        ("member", {111, 112}),
        ("chair", {111, 112, 113}),
        ("staff", {111, 112, 113}),
    ],
)
def test_each_viewer_sees_the_meetings_their_role_allows(
    who: str, expected: set[int], meetings: dict[str, Meeting], request: pytest.FixtureRequest
) -> None:
    viewer = AnonymousUser() if who == "anonymous" else user_of(request.getfixturevalue(who))
    team = meetings["public"].team

    assert {m.number for m in visible_meetings(viewer=viewer, team=team)} == expected


def test_a_meeting_the_viewer_may_not_read_is_not_found(
    meetings: dict[str, Meeting], member: Person
) -> None:
    team = meetings["public"].team
    with pytest.raises(Http404):
        get_meeting(viewer=user_of(member), team=team, number=113)
    with pytest.raises(Http404):
        get_meeting(viewer=AnonymousUser(), team=team, number=999)
    assert get_meeting(viewer=user_of(member), team=team, number=112).number == 112


def test_decisions_of_a_closed_meeting_stay_closed_with_it(
    team: Team, meetings: dict[str, Meeting], member: Person
) -> None:
    record_decision(
        team=team, by=None, text="Adopt the terms of reference.", meeting=meetings["public"]
    )
    record_decision(
        team=team, by=None, text="CANARY restricted decision", meeting=meetings["restricted"]
    )
    record_decision(team=team, by=None, text="Team decision by e-mail", source=Decision.Source.EMAIL,
                    source_text="list", visibility=Visibility.TEAM)  # fmt: skip

    public = [d.text for d in visible_decisions(viewer=AnonymousUser(), team=team)]
    members = [d.text for d in visible_decisions(viewer=user_of(member), team=team)]

    assert public == ["Adopt the terms of reference."]
    assert "Team decision by e-mail" in members
    assert "CANARY restricted decision" not in members


def test_a_team_only_chat_transcript_of_a_public_call_is_hidden_from_the_public(
    meetings: dict[str, Meeting], member: Person, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    meeting = meetings["public"]
    add_material(
        meeting=meeting, by=None, kind=Material.Kind.RECORDING, url="https://example.org/rec.mp3"
    )
    add_material(meeting=meeting, by=None, kind=Material.Kind.CHAT, visibility=Visibility.TEAM,
                 file=ContentFile(b"chat", name="chat.txt"))  # fmt: skip

    assert [m.kind for m in visible_materials(viewer=AnonymousUser(), meeting=meeting)] == [
        "recording"
    ]
    assert len(visible_materials(viewer=user_of(member), meeting=meeting)) == 2


def test_the_attendance_record_counts_attended_apologies_and_missed(
    team: Team, staff: Person, member: Person, other_member: Person
) -> None:
    calls = [
        make_call(
            team,
            n,
            starts_at=dt.datetime(2017, 6, day, 14, 0, tzinfo=dt.UTC),
            status=Meeting.Status.HELD,
        )
        for n, day in ((111, 1), (112, 8), (113, 15))
    ]
    make_call(
        team, 114, starts_at=dt.datetime(2017, 6, 22, 14, 0, tzinfo=dt.UTC)
    )  # planned: not counted
    record_attendance(
        meeting=calls[0], by=None, roles={member: "member", other_member: "apologies"}
    )
    record_attendance(meeting=calls[1], by=None, roles={member: "member"})
    record_attendance(
        meeting=calls[2], by=None, roles={member: "apologies", other_member: "member"}
    )

    record = {
        r.person.name: (r.attended, r.apologies, r.missed)
        for r in attendance_record(viewer=None, team=team)
    }

    assert record["Boban Krsic"] == (2, 1, 0)
    assert record["Kerry-Ann Barrett"] == (1, 1, 1)
    assert record["Jennifer Bryce"] == (0, 0, 3)


def test_meetings_after_a_membership_ended_are_not_counted_as_missed(
    team: Team, member: Person
) -> None:
    make_call(
        team,
        111,
        starts_at=dt.datetime(2017, 6, 1, 14, 0, tzinfo=dt.UTC),
        status=Meeting.Status.HELD,
    )
    make_call(
        team,
        112,
        starts_at=dt.datetime(2017, 9, 1, 14, 0, tzinfo=dt.UTC),
        status=Meeting.Status.HELD,
    )
    end_membership(team, member, on=dt.date(2017, 7, 1))

    [record] = attendance_record(viewer=None, team=team)
    assert record.missed == 1


def test_the_start_is_shown_in_each_members_zone(
    team: Team, staff: Person, member: Person, other_member: Person, observer: Person
) -> None:
    meeting = make_call(team, 111, starts_at=dt.datetime(2017, 6, 8, 14, 0, tzinfo=dt.UTC))

    rows = {z.zone: (z.local.strftime("%H:%M"), z.people) for z in start_in_member_zones(meeting)}

    assert rows["America/Los_Angeles"] == ("07:00", ["Jennifer Bryce"])
    assert rows["America/New_York"] == ("10:00", ["Kerry-Ann Barrett"])
    assert rows["Europe/Berlin"] == ("16:00", ["Boban Krsic"])
    assert rows["Asia/Karachi"] == ("19:00", ["Naveed Bin Rais"])
    assert next(z.zone for z in start_in_member_zones(meeting)) == "America/Los_Angeles"


def _fill(team: Team, count: int, roster: list[Person]) -> None:
    for n in range(count):
        meeting = make_call(team, 100 + n, starts_at=dt.datetime(2017, 5, 1 + n, 14, 0, tzinfo=dt.UTC),
                            status=Meeting.Status.HELD)  # fmt: skip
        make_agenda(
            meeting, [("Welcome, roll call, SOI updates", ["Approval of last minutes"]), "AOB"]
        )
        record_attendance(meeting=meeting, by=None, roles=dict.fromkeys(roster, "member"))
        record_decision(team=team, by=None, text=f"Decision at call {n}", meeting=meeting)


@pytest.mark.parametrize("count", [2, 12])
def test_lists_run_a_constant_number_of_queries(
    count: int, team: Team, staff: Person, member: Person, other_member: Person,
    django_assert_num_queries: object,
) -> None:  # fmt: skip
    _fill(team, count, [member, other_member])
    viewer = user_of(member)
    visible_meetings(viewer=viewer, team=team).exists()  # the viewer's access, once per request

    with django_assert_num_queries(1):  # type: ignore[operator]
        rows = [
            (m.number, m.n_member, m.n_apologies)
            for m in visible_meetings(viewer=viewer, team=team)
        ]
    assert len(rows) == count
    assert rows[0][1] == 2
    with django_assert_num_queries(1):  # type: ignore[operator]
        sources = [str(d.meeting) for d in visible_decisions(viewer=viewer, team=team)]
    assert len(sources) == count
    with django_assert_num_queries(3):  # type: ignore[operator]
        records = attendance_record(viewer=viewer, team=team)
    assert {r.person.name: r.attended for r in records}["Boban Krsic"] == count
    meeting = visible_meetings(viewer=viewer, team=team).first()
    assert meeting is not None
    with django_assert_num_queries(1):  # type: ignore[operator]
        tree = agenda_tree(meeting)
    assert [len(n.children) for n in tree] == [1, 0]
