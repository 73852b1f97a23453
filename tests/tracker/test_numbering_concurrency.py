"""Per-team numbers under concurrent creation, on a real database shared by threads.

Each thread has its own connection (closed at the end), so on PostgreSQL the counter row lock
and on SQLite the IMMEDIATE transactions are what keep the numbers unique.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection

from secretariat.teams.models import Role, Team, TeamCounter
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import create_action_item
from tests.factories import make_member, make_team

THREADS = 8
ITEMS_PER_THREAD = 5


def _run_at_once(workers: list[Callable[[], None]]) -> list[str]:
    """Start the workers together; return the errors they raised (as text)."""
    start = threading.Barrier(len(workers))
    errors: list[str] = []

    def run(work: Callable[[], None]) -> None:
        try:
            start.wait(timeout=30)
            work()
        except Exception as exc:  # reported by the caller's assertion
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a creator is stuck"
    return errors


def _creator(team: Team, user_id: int, label: str) -> Callable[[], None]:
    def work() -> None:
        user = User.objects.get(pk=user_id)  # each thread its own user object and connection
        for n in range(ITEMS_PER_THREAD):
            create_action_item(
                team=team,
                by=user,
                text=f"Draft SSR2 Review Team work plan with key dates ({label}, {n + 1})",
                category="Workplan",
            )

    return work


@pytest.mark.django_db(transaction=True)
def test_concurrent_creators_get_numbers_1_to_n_with_no_gap_or_duplicate() -> None:
    team = make_team()
    staff = make_member(team, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles")
    assert staff.user_id is not None

    errors = _run_at_once([_creator(team, staff.user_id, f"creator {i}") for i in range(THREADS)])

    assert errors == []
    numbers = sorted(ActionItem.objects.filter(team=team).values_list("number", flat=True))
    total = THREADS * ITEMS_PER_THREAD
    assert numbers == list(range(1, total + 1))
    assert TeamCounter.objects.get(team=team, key="action_item").last == total


@pytest.mark.django_db(transaction=True)
def test_concurrent_creators_in_two_teams_each_count_from_one() -> None:
    ssr2 = make_team()
    rds = make_team("rds-whois2", "RDS-WHOIS2 Review Team")
    ssr2_staff = make_member(ssr2, "Jennifer Bryce", Role.STAFF, time_zone="America/Los_Angeles")
    rds_staff = make_member(rds, "Lisa Phifer", Role.STAFF, time_zone="America/New_York")
    assert ssr2_staff.user_id is not None
    assert rds_staff.user_id is not None
    half = THREADS // 2

    errors = _run_at_once(
        [_creator(ssr2, ssr2_staff.user_id, f"ssr2 {i}") for i in range(half)]
        + [_creator(rds, rds_staff.user_id, f"rds {i}") for i in range(half)]
    )

    assert errors == []
    for team in (ssr2, rds):
        numbers = sorted(ActionItem.objects.filter(team=team).values_list("number", flat=True))
        assert numbers == list(range(1, half * ITEMS_PER_THREAD + 1))


@pytest.mark.django_db(transaction=True)
def test_two_importers_giving_the_same_number_at_once_get_one_item_and_one_clear_refusal() -> None:
    team = make_team()
    outcomes: list[str] = []

    def importer() -> None:
        try:
            create_action_item(
                team=team,
                by=None,
                text="Follow up on the ICANN Org briefing on abuse reporting",
                number=365,
            )
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(f"refused on {', '.join(exc.message_dict)}")

    errors = _run_at_once([importer, importer])

    assert errors == []
    assert sorted(outcomes) == ["created", "refused on number"]
    assert list(ActionItem.objects.filter(team=team).values_list("number", flat=True)) == [365]
