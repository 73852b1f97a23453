"""Availability polls: a face-to-face meeting in Montreal, slots across time zones, answers
through personal signed links, the best slot scheduled as a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.history import history_for
from secretariat.meetings.models import Meeting
from secretariat.notify.models import MeetingInvitation
from secretariat.polls.models import Answer, Poll
from secretariat.polls.services import (
    ANSWER_SALT,
    Guest,
    answer_token,
    create_poll,
    parse_guests,
    parse_slots,
    record_answers,
    schedule_meeting,
)
from secretariat.teams.models import Person, Role, Team
from tests.conftest import client_for, user_of
from tests.factories import make_member

MONTREAL = "America/Toronto"


@pytest.fixture
def denise(team: Team) -> Person:
    return make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles")


def make_poll(team: Team, staff: Person, people: list[Person], **kwargs: object) -> Poll:
    slots = parse_slots(
        "2017-10-02 09:00 480\n2017-10-03 09:00 480\n2017-10-04", time_zone=MONTREAL
    )
    return create_poll(
        team=team,
        by=user_of(staff),
        title="Face-to-face meeting in Montreal",
        time_zone=MONTREAL,
        slots=slots,
        people=people,
        guests=[Guest(name="Kerry-Ann Barrett", email="kbarrett@example.org")],
        **kwargs,  # type: ignore[arg-type]
    )


def answer_link(poll: Poll, name: str) -> str:
    return f"/polls/answer/{answer_token(poll.invitees.get(name=name))}/"


def test_slots_are_read_in_the_proposers_zone_and_stored_in_utc() -> None:
    slots = parse_slots("2017-10-02 09:00 90\n\n2017-10-04", time_zone=MONTREAL)
    assert slots[0].starts_at == dt.datetime(2017, 10, 2, 13, 0, tzinfo=dt.UTC)
    assert slots[0].duration_minutes == 90
    assert slots[1].day == dt.date(2017, 10, 4)
    with pytest.raises(ValidationError) as err:
        parse_slots("2017-10-02 09:00 90\nnext Tuesday", time_zone=MONTREAL)
    assert "Line 2, next Tuesday" in err.value.message_dict["slots"][0]
    with pytest.raises(ValidationError) as err:
        parse_guests("KC Claffy <not an address>")
    assert "Line 1" in err.value.message_dict["guests"][0]


def test_a_member_answers_through_the_link_seeing_slots_in_her_own_zone(
    team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise])
    link = answer_link(poll, "Denise Michel")
    page = Client().get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mon 02 Oct 2017, 06:00\N{EN DASH}14:00 PDT" in text  # 09:00 in Montreal
    slots = list(poll.slots.all())
    data = {"time_zone": "America/Los_Angeles"}
    data |= {
        f"slot_{slots[0].pk}": "yes",
        f"slot_{slots[1].pk}": "maybe",
        f"slot_{slots[2].pk}": "no",
    }
    response = Client().post(link, data)
    assert response.status_code == 302
    assert sorted(
        Answer.objects.filter(invitee__person=denise).values_list("choice", flat=True)
    ) == [
        "maybe",
        "no",
        "yes",
    ]
    assert "polls.poll.answered" in [e.action for e in history_for(poll)]


def test_a_guest_picks_a_zone(team: Team, staff: Person, denise: Person) -> None:
    poll = make_poll(team, staff, [denise])
    page = Client().get(answer_link(poll, "Kerry-Ann Barrett") + "?tz=Europe/London")
    assert "Mon 02 Oct 2017, 14:00\N{EN DASH}22:00 BST" in page.content.decode()


def test_a_forged_or_other_polls_token_is_not_found(
    team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise])
    token = answer_token(poll.invitees.get(name="Denise Michel"))
    assert Client().get(f"/polls/answer/{token[:-3]}xyz/").status_code == 404
    other = make_poll(team, staff, [denise])
    others_invitee = other.invitees.get(name="Denise Michel")
    wrong_poll = signing.dumps({"p": poll.pk, "i": others_invitee.pk}, salt=ANSWER_SALT)
    assert Client().get(f"/polls/answer/{wrong_poll}/").status_code == 404
    other_salt = signing.dumps({"p": poll.pk, "i": others_invitee.pk - 1}, salt="elsewhere")
    assert Client().get(f"/polls/answer/{other_salt}/").status_code == 404


def test_after_the_closing_date_answers_are_refused_and_nothing_changes(
    team: Team, staff: Person, denise: Person
) -> None:
    closes = dt.datetime(2017, 6, 2, 17, 0, tzinfo=dt.UTC)
    poll = make_poll(team, staff, [denise], closes_at=closes)
    invitee = poll.invitees.get(name="Denise Michel")
    choices = {s.pk: "yes" for s in poll.slots.all()}
    with pytest.raises(ValidationError, match="closed on 2017-06-02 13:00"):
        record_answers(invitee=invitee, choices=choices, now=dt.datetime(2017, 6, 3, tzinfo=dt.UTC))
    slots = list(poll.slots.all())
    response = Client().post(
        answer_link(poll, "Denise Michel"),
        {"time_zone": "UTC"} | {f"slot_{s.pk}": "yes" for s in slots},
    )
    assert response.status_code == 409
    assert "This poll is closed" in response.content.decode()
    assert not Answer.objects.exists()


def test_staff_see_the_best_slot_and_schedule_it_as_a_meeting(
    team: Team, staff: Person, denise: Person, chair: Person
) -> None:
    poll = make_poll(team, staff, [denise, chair])
    first, second, third = poll.slots.all()
    record_answers(
        invitee=poll.invitees.get(person=denise),
        choices={first.pk: "maybe", second.pk: "yes", third.pk: "no"},
    )
    record_answers(
        invitee=poll.invitees.get(person=chair),
        choices={first.pk: "yes", second.pk: "yes", third.pk: "maybe"},
    )
    client = client_for(staff)
    page = client.get(f"/{team.slug}/polls/{poll.pk}/")
    text = page.content.decode()
    assert "Best slots" in text
    best_section = text.split("Best slots")[1].split("Answers")[0]
    assert "Tue 03 Oct 2017" in best_section
    assert "Mon 02 Oct" not in best_section
    assert "/polls/answer/" in text  # the personal links, for staff
    response = client.post(
        f"/{team.slug}/polls/{poll.pk}/schedule/",
        {"slot": second.pk, "version": poll.version, "place": "Montreal"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(team=team, title="Face-to-face meeting in Montreal")
    assert meeting.starts_at == dt.datetime(2017, 10, 3, 13, 0, tzinfo=dt.UTC)
    assert meeting.duration_minutes == 480
    poll.refresh_from_db()
    assert poll.meeting == meeting
    assert poll.chosen_slot == second
    assert "polls.poll.scheduled" in [e.action for e in history_for(poll)]
    again = client.post(
        f"/{team.slug}/polls/{poll.pk}/schedule/", {"slot": first.pk, "version": poll.version}
    )
    assert again.status_code == 400
    assert "already has its meeting" in again.content.decode()
    assert Meeting.objects.filter(team=team).count() == 1


def test_members_may_not_start_or_schedule_and_outsiders_do_not_see_team_polls(
    team: Team, staff: Person, denise: Person, outsider: Person
) -> None:
    with pytest.raises(PermissionDenied):
        make_poll(team, denise, [denise])
    poll = make_poll(team, staff, [denise])
    with pytest.raises(PermissionDenied):
        schedule_meeting(poll=poll, slot=poll.slots.first(), by=user_of(denise))  # type: ignore[arg-type]
    assert client_for(denise).get(f"/{team.slug}/polls/{poll.pk}/").status_code == 200
    assert client_for(outsider).get(f"/{team.slug}/polls/{poll.pk}/").status_code == 404
    assert Client().get(f"/{team.slug}/polls/").content.decode().count("Montreal") == 0


def test_staff_start_a_poll_from_the_form_and_bad_lines_are_named(
    team: Team, staff: Person, denise: Person
) -> None:
    client = client_for(staff)
    form = {
        "title": "Face-to-face meeting in Montreal",
        "time_zone": MONTREAL,
        "slots": "2017-10-02 09:00 480\n2 October",
        "people": [denise.pk],
        "guests": "KC Claffy <kc@example.org>",
        "visibility": "team",
    }
    bad = client.post(f"/{team.slug}/polls/new/", form)
    assert bad.status_code == 200
    assert "Line 2, 2 October" in bad.content.decode()
    assert not Poll.objects.exists()
    form["slots"] = "2017-10-02 09:00 480\n2017-10-03"
    form["closes_at"] = "2017-06-02 17:00"
    response = client.post(f"/{team.slug}/polls/new/", form)
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.closes_at == dt.datetime(2017, 6, 2, 21, 0, tzinfo=dt.UTC)
    assert sorted(poll.invitees.values_list("name", flat=True)) == ["Denise Michel", "KC Claffy"]


def test_the_results_page_costs_the_same_with_more_invitees_and_answers(
    team: Team, staff: Person, denise: Person, chair: Person, member: Person
) -> None:
    client = client_for(staff)

    def queries_for(people: list[Person]) -> int:
        poll = make_poll(team, staff, people)
        for invitee in poll.invitees.all():
            record_answers(invitee=invitee, choices={s.pk: "yes" for s in poll.slots.all()})
        client.get(f"/{team.slug}/polls/{poll.pk}/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/{team.slug}/polls/{poll.pk}/").status_code == 200
        return len(captured)

    assert queries_for([denise]) == queries_for([denise, chair, member])


def test_a_restricted_poll_is_seen_by_staff_and_its_invitees_only(
    team: Team, staff: Person, denise: Person, member: Person
) -> None:
    poll = make_poll(team, staff, [denise], visibility="restricted")
    assert client_for(denise).get(f"/{team.slug}/polls/{poll.pk}/").status_code == 200
    assert client_for(member).get(f"/{team.slug}/polls/{poll.pk}/").status_code == 404
    listing = client_for(member).get(f"/{team.slug}/polls/").content.decode()
    assert "Face-to-face meeting in Montreal" not in listing


def test_scheduling_can_send_the_meetings_invitation(
    team: Team, staff: Person, denise: Person
) -> None:
    poll = make_poll(team, staff, [denise])
    whole_day = poll.slots.get(day=dt.date(2017, 10, 4))
    meeting = schedule_meeting(poll=poll, slot=whole_day, by=user_of(staff), invite=True)
    assert meeting.starts_at == dt.datetime(2017, 10, 4, 13, 0, tzinfo=dt.UTC)  # 09:00 Montreal
    assert MeetingInvitation.objects.get(meeting=meeting).sequence == 0
