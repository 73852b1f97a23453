"""The personal answer page: every slot in the invitee's own time zone, a plain form that
works without JavaScript and on a phone, and bad input (another poll's slot, a damaged link)
refused with a clear message and nothing changed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from secretariat.polls.models import Answer, Poll
from secretariat.polls.services import answer_token, record_answers
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.polls.conftest import CLOSES, CREATED, make_poll


@pytest.fixture(autouse=True)
def may_26_2017() -> Iterator[None]:
    with time_machine.travel(CREATED, tick=False):
        yield


@pytest.fixture
def poll(team: Team, staff: Person, denise: Person, noorul: Person) -> Poll:
    return make_poll(team, staff, [denise, noorul], closes_at=CLOSES)


def link(poll: Poll, person: Person) -> str:
    return f"/polls/answer/{answer_token(poll.invitees.get(person=person))}/"


def test_each_invitee_sees_every_slot_and_the_closing_date_in_their_own_zone(
    poll: Poll, denise: Person, noorul: Person
) -> None:
    for_denise = Client().get(link(poll, denise)).content.decode()
    assert "Mon 02 Oct 2017, 06:00\N{EN DASH}14:00 PDT" in for_denise
    assert "Tue 03 Oct 2017, 06:00\N{EN DASH}14:00 PDT" in for_denise
    assert "Wed 04 Oct 2017 (whole day)" in for_denise
    assert "The poll closes Fri 02 Jun 2017, 14:00 PDT." in for_denise
    for_noorul = Client().get(link(poll, noorul)).content.decode()
    assert "Mon 02 Oct 2017, 18:30\N{EN DASH}Tue 03 Oct 2017, 02:30 IST" in for_noorul.replace(
        " \N{EN DASH} ", "\N{EN DASH}"
    )


def test_the_page_works_without_javascript_and_on_a_small_screen(
    poll: Poll, denise: Person
) -> None:
    page = Client().get(link(poll, denise)).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<script>" not in page
    assert "style=" not in page
    # A plain POST form of radio buttons, one labelled group per slot, and a submit button.
    assert '<form method="post" class="stacked">' in page
    assert page.count("<fieldset") == 3
    assert page.count('type="radio"') == 9
    assert '<button type="submit">Save my answers</button>' in page
    # Changing the zone is a GET form too.
    assert '<form method="get" class="inline">' in page


def test_answers_for_a_slot_of_another_poll_are_refused_and_nothing_is_saved(
    team: Team, staff: Person, poll: Poll, denise: Person
) -> None:
    other = make_poll(team, staff, [denise], closes_at=CLOSES)
    foreign = other.slots.first()
    assert foreign is not None
    data = {"time_zone": "America/Los_Angeles"}
    data |= {f"slot_{s.pk}": "yes" for s in poll.slots.all()}
    data[f"slot_{foreign.pk}"] = "no"
    response = Client().post(link(poll, denise), data)
    assert response.status_code == 400
    assert f"slot_{foreign.pk}: not a slot of this poll; nothing was saved." in (
        response.content.decode()
    )
    assert not Answer.objects.exists()
    invitee = poll.invitees.get(person=denise)
    with pytest.raises(ValidationError, match=f"Slot {foreign.pk} is not one of the slots"):
        record_answers(
            invitee=invitee,
            choices={**{s.pk: "yes" for s in poll.slots.all()}, foreign.pk: "no"},
        )
    assert not Answer.objects.exists()
    assert poll.invitees.get(person=denise).answered_at is None


def test_a_damaged_link_says_it_is_not_valid(poll: Poll, denise: Person) -> None:
    token = answer_token(poll.invitees.get(person=denise))
    for bad in (token[:-4], token[:-4] + "AAAA", "not-a-link"):
        response = Client().get(f"/polls/answer/{bad}/")
        assert response.status_code == 404
        assert "This poll link is not valid" in response.content.decode()
    slots = {f"slot_{s.pk}": "yes" for s in poll.slots.all()}
    response = Client().post(f"/polls/answer/{token[:-4]}AAAA/", {"time_zone": "UTC", **slots})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_the_staff_page_shows_the_best_slots_first_and_who_answered(
    poll: Poll, staff: Person, denise: Person, noorul: Person
) -> None:
    first, second, third = poll.slots.all()
    record_answers(
        invitee=poll.invitees.get(person=denise),
        choices={first.pk: "maybe", second.pk: "yes", third.pk: "no"},
    )
    record_answers(
        invitee=poll.invitees.get(person=noorul),
        choices={first.pk: "yes", second.pk: "yes", third.pk: "no"},
    )
    page = client_for(staff).get(f"/ssr2/polls/{poll.pk}/").content.decode()
    assert "2 of 3 answered." in page
    best = page.split('id="best"')[1].split("<h2>")[0]
    assert re.search(
        r"Tue 03 Oct 2017, 09:00.{1,3}17:00 EDT</strong> — 2 yes, 0 if need be, 0 no", best
    )
    assert "Mon 02 Oct" not in best
    assert page.index('id="best"') < page.index("Who can come when")
    assert '<div class="table-wrap">' in page  # the grid scrolls sideways on a phone
    assert "1 / 1 / 0" in page  # yes / if need be / no, per slot
    assert "0 / 0 / 2" in page
