"""Staff close a poll early or move its closing date while it is open; after closing, the
answer page says so and refuses answers, the result stays on the staff page and the poll can
still become a meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.meetings.models import Meeting
from secretariat.polls.models import Answer, Poll
from secretariat.polls.services import (
    answer_token,
    change_closing_date,
    close_poll,
    record_answers,
)
from secretariat.teams.models import Person, Team
from tests.conftest import client_for, user_of
from tests.polls.conftest import CLOSES, CREATED, make_poll

MONDAY = dt.datetime(2017, 5, 29, 15, 0, tzinfo=dt.UTC)  # 11:00 in Montreal


@pytest.fixture(autouse=True)
def monday_29_may_2017() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def poll(team: Team, staff: Person, denise: Person, chair: Person) -> Poll:
    with time_machine.travel(CREATED, tick=False):
        poll = make_poll(team, staff, [denise, chair], closes_at=CLOSES)
    first, second, third = poll.slots.all()
    record_answers(
        invitee=poll.invitees.get(person=chair),
        choices={first.pk: "maybe", second.pk: "yes", third.pk: "no"},
    )
    return poll


def answer_url(poll: Poll, person: Person) -> str:
    return f"/polls/answer/{answer_token(poll.invitees.get(person=person))}/"


def test_staff_close_a_poll_early_and_the_answer_page_then_refuses_answers(
    poll: Poll, staff: Person, denise: Person
) -> None:
    client = client_for(staff)
    response = client.post(f"/ssr2/polls/{poll.pk}/close/", {"version": poll.version})
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.closes_at == MONDAY
    assert poll.version == 2
    (entry,) = [e for e in history_for(poll) if e.action == "polls.poll.closed"]
    assert entry.changes["closes_at"] == [CLOSES.isoformat(), MONDAY.isoformat()]
    page = client.get(f"/ssr2/polls/{poll.pk}/").content.decode()
    assert "Closed" in page
    assert "Mon 29 May 2017, 11:00 EDT" in page
    assert "Close the poll now" not in page
    # Denise opens her link: the poll is closed, and what she sends is refused.
    link = answer_url(poll, denise)
    shown = Client().get(link).content.decode()
    assert "This poll is closed (since Mon 29 May 2017, 08:00 PDT)" in shown
    assert "Save my answers" not in shown
    slots = list(poll.slots.all())
    refused = Client().post(
        link, {"time_zone": "America/Los_Angeles"} | {f"slot_{s.pk}": "yes" for s in slots}
    )
    assert refused.status_code == 409
    assert "This poll is closed" in refused.content.decode()
    assert not Answer.objects.filter(invitee__person=denise).exists()


def test_the_result_of_a_closed_poll_is_kept_and_it_can_still_become_a_meeting(
    poll: Poll, staff: Person
) -> None:
    close_poll(poll=poll, by=user_of(staff), expected_version=poll.version)
    client = client_for(staff)
    page = client.get(f"/ssr2/polls/{poll.pk}/").content.decode()
    best = page.split('id="best"')[1].split("<h2>")[0]
    assert "Tue 03 Oct 2017, 09:00" in best
    assert "1 yes, 0 if need be, 0 no" in best
    second = poll.slots.all()[1]
    response = client.post(
        f"/ssr2/polls/{poll.pk}/schedule/",
        {"slot": second.pk, "version": Poll.objects.get(pk=poll.pk).version},
    )
    assert response.status_code == 302
    assert Meeting.objects.get(team=poll.team).starts_at == dt.datetime(
        2017, 10, 3, 13, 0, tzinfo=dt.UTC
    )


def test_closing_a_closed_poll_says_so_and_changes_nothing(poll: Poll, staff: Person) -> None:
    close_poll(poll=poll, by=user_of(staff), expected_version=poll.version)
    poll.refresh_from_db()
    entries = history_for(poll).count()
    with time_machine.travel(MONDAY + dt.timedelta(hours=2), tick=False):
        response = client_for(staff).post(
            f"/ssr2/polls/{poll.pk}/close/", {"version": poll.version}
        )
    assert response.status_code == 400
    assert "This poll closed on 2017-05-29 11:00 EDT." in response.content.decode()
    after = Poll.objects.get(pk=poll.pk)
    assert (after.closes_at, after.version) == (MONDAY, poll.version)
    assert history_for(poll).count() == entries


def test_a_stale_close_is_refused(poll: Poll, staff: Person, chair: Person) -> None:
    change_closing_date(
        poll=poll, by=user_of(chair), closes_at=CLOSES + dt.timedelta(days=7), expected_version=1
    )
    with pytest.raises(StaleVersion):
        close_poll(poll=poll, by=user_of(staff), expected_version=1)
    response = client_for(staff).post(f"/ssr2/polls/{poll.pk}/close/", {"version": 1})
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES + dt.timedelta(days=7)


def test_staff_extend_an_open_poll_in_its_own_time_zone(poll: Poll, staff: Person) -> None:
    response = client_for(staff).post(
        f"/ssr2/polls/{poll.pk}/closing/",
        {"version": poll.version, "closes_at": "2017-06-09 17:00"},
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.closes_at == dt.datetime(2017, 6, 9, 21, 0, tzinfo=dt.UTC)  # 17:00 in Montreal
    (entry,) = [e for e in history_for(poll) if e.action == "polls.poll.closing_changed"]
    assert entry.changes["closes_at"] == [CLOSES.isoformat(), "2017-06-09T21:00:00+00:00"]


def test_a_closing_date_in_the_past_or_of_a_closed_poll_is_refused(
    poll: Poll, staff: Person
) -> None:
    client = client_for(staff)
    past = client.post(
        f"/ssr2/polls/{poll.pk}/closing/",
        {"version": poll.version, "closes_at": "2017-05-28 17:00"},
    )
    assert past.status_code == 400
    assert "2017-05-28 17:00 EDT has passed; to stop answers now, close the poll instead." in (
        past.content.decode()
    )
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES
    with (
        time_machine.travel(CLOSES + dt.timedelta(minutes=1), tick=False),
        pytest.raises(ValidationError, match="This poll closed on 2017-06-02 17:00 EDT"),
    ):
        change_closing_date(
            poll=poll,
            by=user_of(staff),
            closes_at=CLOSES + dt.timedelta(days=3),
            expected_version=poll.version,
        )
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES


def test_invited_members_may_not_close_or_extend_or_see_others_links(
    poll: Poll, denise: Person
) -> None:
    with pytest.raises(PermissionDenied):
        close_poll(poll=poll, by=user_of(denise), expected_version=poll.version)
    client = client_for(denise)
    assert client.post(f"/ssr2/polls/{poll.pk}/close/", {"version": 1}).status_code == 403
    closing = {"version": 1, "closes_at": "2017-06-30 17:00"}
    assert client.post(f"/ssr2/polls/{poll.pk}/closing/", closing).status_code == 403
    page = client.get(f"/ssr2/polls/{poll.pk}/").content.decode()
    assert "/polls/answer/" not in page  # nobody else's personal link
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES
