"""The polls API: list the team's polls and read one with its slots and results (never the
invitees' links), only as the poll pages allow; close one early with If-Match."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.core.history import history_for
from secretariat.polls.models import Poll
from secretariat.polls.services import Guest, answer_token, create_poll, parse_slots, record_answers
from secretariat.teams.models import Person, Role, Team
from tests.api.conftest import ApiClient
from tests.conftest import user_of
from tests.factories import make_member

MONTREAL = "America/Toronto"
CREATED = dt.datetime(2017, 5, 26, 14, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2017, 6, 2, 21, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def may_29_2017() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2017, 5, 29, 15, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def denise(team: Team) -> Person:
    return make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles")


def start(team: Team, staff: Person, people: list[Person], **kw: Any) -> Poll:
    return create_poll(
        team=team,
        by=user_of(staff),
        title=kw.pop("title", "Face-to-face meeting in Montreal"),
        time_zone=MONTREAL,
        slots=parse_slots(
            "2017-10-02 09:00 480\n2017-10-03 09:00 480\n2017-10-04", time_zone=MONTREAL
        ),
        people=people,
        guests=[Guest(name="Kerry-Ann Barrett", email="kbarrett@example.org")],
        closes_at=CLOSES,
        **kw,
    )


@pytest.fixture
def poll(team: Team, staff: Person, denise: Person, chair: Person) -> Poll:
    poll = start(team, staff, [denise, chair])
    first, second, third = poll.slots.all()
    record_answers(
        invitee=poll.invitees.get(person=denise),
        choices={first.pk: "maybe", second.pk: "yes", third.pk: "no"},
    )
    record_answers(
        invitee=poll.invitees.get(person=chair),
        choices={first.pk: "yes", second.pk: "yes", third.pk: "maybe"},
    )
    return poll


def test_a_member_reads_a_poll_with_counts_per_slot_and_the_best_one(
    poll: Poll, api_for: Any, member: Person
) -> None:
    response = api_for(member).get(f"teams/ssr2/polls/{poll.pk}")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    body = response.json()
    assert body["title"] == "Face-to-face meeting in Montreal"
    assert body["status"] == "open"
    assert body["closes_at"] == "2017-06-02T21:00:00Z"
    assert (body["invited"], body["answered"]) == (3, 2)
    first, second, third = poll.slots.all()
    assert body["slots"][0] == {
        "id": first.pk,
        "starts_at": "2017-10-02T13:00:00Z",
        "ends_at": "2017-10-02T21:00:00Z",
        "duration_minutes": 480,
        "day": None,
    }
    assert body["slots"][2]["day"] == "2017-10-04"
    assert body["results"] == [
        {"slot": first.pk, "yes": 1, "if_need_be": 1, "no": 0, "best": False},
        {"slot": second.pk, "yes": 2, "if_need_be": 0, "no": 0, "best": True},
        {"slot": third.pk, "yes": 0, "if_need_be": 1, "no": 1, "best": False},
    ]
    assert [i["name"] for i in body["invitees"]] == [
        "Denise Michel",
        "Kerry-Ann Barrett",
        "Russ Housley",
    ]
    assert body["invitees"][1]["person"] is None  # the guest
    text = response.content.decode()
    for invitee in poll.invitees.all():
        assert answer_token(invitee) not in text
        assert answer_token(invitee).split(":")[0] not in text
    assert "kbarrett@example.org" not in text


def test_team_polls_are_hidden_from_the_public_and_other_teams(
    poll: Poll, anonymous: ApiClient, api_for: Any, outsider: Person
) -> None:
    assert anonymous.get(f"teams/ssr2/polls/{poll.pk}").status_code == 404
    assert anonymous.get("teams/ssr2/polls").json()["items"] == []
    assert api_for(outsider).get(f"teams/ssr2/polls/{poll.pk}").status_code == 404


def test_a_restricted_poll_is_listed_for_staff_and_its_invitees_only(
    team: Team, staff: Person, denise: Person, member: Person, api_for: Any
) -> None:
    secret = start(team, staff, [denise], title="Call with Mr. Matogoro", visibility="restricted")
    start(team, staff, [member], title="Who will be in Montreal when?")

    def titles(person: Person) -> list[str]:
        response = api_for(person).get("teams/ssr2/polls")
        assert response.status_code == 200
        return [p["title"] for p in response.json()["items"]]

    assert titles(staff) == ["Who will be in Montreal when?", "Call with Mr. Matogoro"]
    assert titles(denise) == ["Who will be in Montreal when?", "Call with Mr. Matogoro"]
    assert titles(member) == ["Who will be in Montreal when?"]
    assert api_for(member).get(f"teams/ssr2/polls/{secret.pk}").status_code == 404


def test_listing_costs_the_same_for_two_polls_as_for_six(
    team: Team, staff: Person, denise: Person, api_for: Any
) -> None:
    client = api_for(staff)

    def count() -> int:
        client.get("teams/ssr2/polls")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("teams/ssr2/polls").status_code == 200
        return len(captured)

    start(team, staff, [denise])
    start(team, staff, [denise])
    two = count()
    for _ in range(4):
        start(team, staff, [denise])
    assert count() == two


def test_staff_close_a_poll_through_the_api(poll: Poll, staff: Person, api_for: Any) -> None:
    client = api_for(staff)
    missing = client.post(f"teams/ssr2/polls/{poll.pk}/close")
    assert missing.status_code == 428
    stale = client.post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"7"'})
    assert stale.status_code == 412
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES
    response = client.post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"1"'})
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    body = response.json()
    assert body["status"] == "closed"
    assert body["closes_at"] == "2017-05-29T15:00:00Z"
    assert body["results"][1]["best"] is True  # the result is kept
    assert "polls.poll.closed" in [e.action for e in history_for(poll)]
    again = client.post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"2"'})
    assert again.status_code == 422
    assert "This poll closed on 2017-05-29 11:00 EDT." in again.content.decode()
    assert Poll.objects.get(pk=poll.pk).version == 2


def test_invitees_and_read_only_tokens_may_not_close_a_poll(
    poll: Poll, denise: Person, staff: Person, api_for: Any, anonymous: ApiClient
) -> None:
    assert (
        api_for(denise).post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"1"'}).status_code
        == 403
    )
    read_only = api_for(staff, scope="read")
    assert (
        read_only.post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"1"'}).status_code
        == 403
    )
    assert (
        anonymous.post(f"teams/ssr2/polls/{poll.pk}/close", **{"If-Match": '"1"'}).status_code
        == 401
    )
    assert Poll.objects.get(pk=poll.pk).closes_at == CLOSES
