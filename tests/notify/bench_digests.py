"""Benchmark: reminder digests built and handed to a real SMTP server, per second, for a team of
200 people and 10,000 action items (issue 8). Not collected by the suite (no test_ prefix); run:

    SECRETARIAT_DATA_DIR=/tmp/x-var DATABASE_URL=postgres://… \\
        .venv/bin/pytest tests/notify/bench_digests.py -q -s -p no:cacheprovider

The data is written with bulk_create (the services would take minutes): 200 people with
accounts (4 staff, 2 chairs, 194 members) in ten time zones, 10 groups of 20, 10,000 items
(public, team-only, a few restricted) owned by one or two people or a group, due from 60 days
ago to 60 days ahead, 15% closed. Every person is due a daily digest looking 7 days ahead.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.notify.models import ReminderPreference, ReminderSent, SentMail
from secretariat.notify.services import send_digest
from secretariat.teams.models import Group, Membership, Person, Role, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from tests.notify.conftest import SmtpServer

PEOPLE = 200
ITEMS = 10_000
NOW = dt.datetime(2017, 6, 6, 6, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
ZONES = [
    "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "UTC",
    "Africa/Johannesburg", "Asia/Kolkata", "Australia/Sydney", "Europe/London", "America/Sao_Paulo",
]  # fmt: skip


def _world() -> tuple[Team, list[Person]]:
    rng = random.Random(8)
    team = Team.objects.create(slug="ssr2", name="SSR2 Review Team")
    users = User.objects.bulk_create(
        [User(username=f"person{n}", email=f"person{n}@example.org") for n in range(PEOPLE)]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                name=f"Person {n:03d}",
                email=user.email,
                time_zone=ZONES[n % len(ZONES)],
            )
            for n, user in enumerate(users)
        ]
    )
    roles = [Role.STAFF] * 4 + [Role.CHAIR] * 2 + [Role.MEMBER] * (PEOPLE - 6)
    Membership.objects.bulk_create(
        [Membership(team=team, person=p, role=r) for p, r in zip(people, roles, strict=True)]
    )
    ReminderPreference.objects.bulk_create(
        [ReminderPreference(person=p, schedule="daily", days_ahead=7) for p in people]
    )
    groups = [Group.objects.create(team=team, name=f"Subgroup {g + 1}") for g in range(10)]
    for g, group in enumerate(groups):
        group.members.set(people[g * 20 : (g + 1) * 20])
    statuses = ["open"] * 60 + ["in_progress"] * 25 + ["completed"] * 15
    visibilities = [Visibility.PUBLIC] * 90 + [Visibility.TEAM] * 7 + [Visibility.RESTRICTED] * 3
    items = ActionItem.objects.bulk_create(
        [
            ActionItem(
                team=team,
                number=n + 1,
                text=f"Review SSR1 recommendation {n + 1} and report to the plenary.",
                due_on=TODAY + dt.timedelta(days=rng.randint(-60, 60)),
                status=(status := rng.choice(statuses)),
                completed_on=TODAY if status == "completed" else None,
                visibility=(vis := rng.choice(visibilities)),
                visibility_reason="Contract terms" if vis == Visibility.RESTRICTED else "",
            )
            for n in range(ITEMS)
        ],
        batch_size=2000,
    )
    owners = []
    for item in items:
        if rng.random() < 0.2:
            owners.append(ActionItemOwner(item=item, position=0, group=rng.choice(groups)))
        else:
            for position, person in enumerate(rng.sample(people, rng.choice([1, 1, 2]))):
                owners.append(ActionItemOwner(item=item, position=position, person=person))
    ActionItemOwner.objects.bulk_create(owners, batch_size=5000)
    return team, people


@pytest.mark.django_db
def test_digests_per_second_for_200_people_and_10000_items(smtp: SmtpServer) -> None:
    _team, people = _world()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        named = [send_digest(person=person, now=NOW) for person in people]
    elapsed = time.perf_counter() - started
    sent = SentMail.objects.filter(kind="digest").count()
    received = len(smtp.mailbox.received)
    print(
        f"\n{sent} digests ({sum(named)} item lines) for {PEOPLE} people and {ITEMS} items "
        f"built and handed to SMTP in {elapsed:.2f} s: {sent / elapsed:.1f} digests/s, "
        f"{len(queries.captured_queries) / len(people):.1f} SQL queries per person; "
        f"{received} received by the SMTP server."
    )
    assert sent == received == sum(1 for n in named if n)
    assert ReminderSent.objects.count() == sum(named)
    assert all(send_digest(person=p, now=NOW) == 0 for p in people[:10])  # never twice a day
