"""The lists of requests, questions, events, sessions and milestones run the same number of
queries for a few rows as for hundreds (rows made in bulk, as an import would)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.events.models import Event, Session
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Milestone, MilestoneLink, MilestoneOwner
from tests.api.conftest import ApiClient, token_for
from tests.factories import make_call, make_group, make_item

LISTS = (
    "requests",
    "requests/1/notes",
    "questions",
    "events",
    "events/icann59/sessions",
    "sessions/recommended",
    "milestones",
)


def _fill(team: Team, count: int, people: list[Person], group: Group) -> None:
    """`count` more of each record, every one with its related records set."""
    start = Request.objects.filter(team=team).count()
    meeting = make_call(team, 900 + start, f"SSR2 Plenary Call #{900 + start}")
    item = make_item(team, f"Review SSR1 recommendation {start}")
    requests = Request.objects.bulk_create(
        Request(
            team=team,
            number=start + n,
            title=f"Briefing {start + n} on abuse reporting",
            asked_by_group=group if n % 2 else None,
            asked_by_person=None if n % 2 else people[n % len(people)],
            responsible=people[0],
            scheduled_meeting=meeting,
            status=Request.Status.SCHEDULED,
            visibility=Visibility.TEAM if n % 5 == 0 else Visibility.PUBLIC,
        )
        for n in range(1, count + 1)
    )
    first = Request.objects.get(team=team, number=1)
    RequestNote.objects.bulk_create(
        RequestNote(request=first, text=f"Note {start + n}", author=people[0]) for n in range(count)
    )
    Question.objects.bulk_create(
        Question(
            team=team,
            number=start + n,
            text=f"Question {start + n} for GSE",
            asked_by=people[n % len(people)],
            asked_at=meeting,
            action_item=item if n % 2 else None,
            request=None if n % 2 else requests[n - 1],
            status=Question.Status.ANSWERED,
            answer="An answer",
            answered_by=people[0],
            published=bool(n % 3),
        )
        for n in range(1, count + 1)
    )
    events = Event.objects.bulk_create(
        Event(
            team=team,
            slug=f"meeting-{start + n}",
            name=f"Meeting {start + n}",
            starts_on=dt.date(2016, 1, 1) + dt.timedelta(days=start + n),
            ends_on=dt.date(2016, 1, 1) + dt.timedelta(days=start + n),
        )
        for n in range(1, count + 1)
    )
    icann59 = Event.objects.get(team=team, slug="icann59")
    moment = dt.datetime(2017, 6, 27, 8, tzinfo=dt.UTC)
    Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {n}",
            starts_at=moment + dt.timedelta(minutes=n),
            ends_at=moment + dt.timedelta(minutes=n + 30),
            meeting=meeting,
            recommended=True,
            recommended_by=people[0],
        )
        for n, event in enumerate([icann59] * count + events)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(
            team=team,
            title=f"Milestone {start + n}",
            workstream=f"Stream {n % 4}",
            end_on=dt.date(2017, 9, 30),
        )
        for n in range(1, count + 1)
    )
    MilestoneOwner.objects.bulk_create(
        MilestoneOwner(milestone=m, position=p, person=person, group=None)
        for m in milestones
        for p, person in enumerate(people)
    )
    MilestoneLink.objects.bulk_create(
        link
        for m in milestones
        for link in (
            MilestoneLink(milestone=m, meeting=meeting),
            MilestoneLink(milestone=m, action_item=item),
        )
    )
    Milestone.depends_on.through.objects.bulk_create(
        Milestone.depends_on.through(from_milestone=later, to_milestone=earlier)
        for earlier, later in itertools.pairwise(milestones)
    )


def _counts(client: ApiClient) -> list[tuple[int, int]]:
    counts = []
    for path in LISTS:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(
                f"teams/ssr2/{path}",
                {} if "sessions" in path and "events" in path else {"limit": 500},
            )
        assert answer.status_code == 200, (path, answer.content)
        counts.append((len(captured.captured_queries), len(answer.json()["items"])))
    return counts


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_the_lists_are_constant_in_queries(
    who: str, team: Team, member: Person, staff: Person, other_member: Person
) -> None:
    from tests.events.helpers import make_icann59

    make_icann59(team, slug="icann59")
    group = make_group(team, "SSR2-RT", [member])
    people = [staff, member, other_member]
    person = {"member": member, "staff": staff}.get(who)
    client = ApiClient(token_for(person) if person else None)
    _fill(team, 5, people, group)
    client.get("teams/ssr2/requests")  # warm up: the token's first use is noted once

    small = _counts(client)
    _fill(team, 300, people, group)
    large = _counts(client)

    assert [count for count, _rows in small] == [count for count, _rows in large]
    assert all(
        rows_large > rows_small
        for (_c, rows_small), (_d, rows_large) in zip(small, large, strict=True)
    )
