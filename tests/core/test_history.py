"""core.history: the diff, the JSON values and the entries the services write."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.contrib.auth.models import AnonymousUser, User

import secretariat
from secretariat.core.history import (
    ACTION_LABELS,
    actor_name,
    diff,
    history_for,
    record_change,
    to_json,
)
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_item, make_meeting


def test_diff_lists_only_the_fields_that_changed_as_before_and_after() -> None:
    before = {"text": "Draft SSR2 work plan", "due_on": None, "owners": ["Co-Chairs"]}
    after = {
        "text": "Draft SSR2 work plan",
        "due_on": "2017-08-04",
        "owners": ["ICANN Org", "Co-Chairs"],
    }

    assert diff(before, after) == {
        "due_on": [None, "2017-08-04"],
        "owners": [["Co-Chairs"], ["ICANN Org", "Co-Chairs"]],
    }


def test_diff_of_identical_snapshots_is_empty() -> None:
    snapshot = {"text": "Draft SSR2 work plan", "status": "open"}

    assert diff(snapshot, dict(snapshot)) == {}


def test_diff_treats_a_reordering_of_owners_as_a_change() -> None:
    assert diff({"owners": ["Co-Chairs", "ICANN Org"]}, {"owners": ["ICANN Org", "Co-Chairs"]}) == {
        "owners": [["Co-Chairs", "ICANN Org"], ["ICANN Org", "Co-Chairs"]]
    }


def test_to_json_turns_dates_records_and_lists_into_json_values(team: Team) -> None:
    meeting = make_meeting(team, 111, "SSR2 Plenary Call")

    assert to_json(dt.date(2017, 8, 4)) == "2017-08-04"
    assert to_json(dt.datetime(2017, 8, 4, 14, 0, tzinfo=dt.UTC)) == "2017-08-04T14:00:00+00:00"
    assert to_json(meeting) == "SSR2 Plenary Call #111"
    assert to_json((dt.date(2017, 8, 4), None, 3, True)) == ["2017-08-04", None, 3, True]


def test_the_actor_name_is_the_persons_name_else_the_username(
    member: Person, django_user_model: type[User]
) -> None:
    admin = django_user_model.objects.create_user(username="ssr2-admin", password="x" * 20)

    assert actor_name(user_of(member)) == "Boban Krsic"
    assert actor_name(admin) == "ssr2-admin"
    assert actor_name(AnonymousUser()) == ""
    assert actor_name(None) == ""


def test_record_change_stores_who_what_and_the_visibility_at_the_time(
    team: Team, staff: Person
) -> None:
    item = make_item(team, visibility=Visibility.TEAM)

    entry = record_change(
        obj=item,
        action="tracker.item.updated",
        by=user_of(staff),
        changes={"due_text": ["", "TBD"]},
        team_id=team.pk,
        version=2,
        visibility=item.visibility,
    )

    stored = HistoryEntry.objects.get(pk=entry.pk)
    assert stored.actor == user_of(staff)
    assert stored.actor_name == "Jennifer Bryce"
    assert stored.object_repr == f"#{item.number}"
    assert stored.changes == {"due_text": ["", "TBD"]}
    assert stored.visibility == Visibility.TEAM
    assert stored.version == 2


def test_an_anonymous_change_is_stored_without_an_actor(team: Team) -> None:
    item = make_item(team)

    entry = record_change(obj=item, action="tracker.item.updated", by=AnonymousUser())

    assert entry.actor is None
    assert entry.actor_name == ""


def test_history_for_lists_one_records_entries_oldest_first(team: Team) -> None:
    first = make_item(team, "Draft SSR2 Review Team work plan with key dates")
    second = make_item(team, "Circulate the ICANN59 Johannesburg schedule")
    record_change(obj=first, action="tracker.item.updated", by=None, changes={"x": [1, 2]})

    actions = [e.action for e in history_for(first)]

    assert actions == ["tracker.item.created", "tracker.item.updated"]
    assert [e.action for e in history_for(second)] == ["tracker.item.created"]


def test_every_kind_of_change_the_services_record_has_words_for_the_timeline() -> None:
    """A new action code without a label would show as "requests.question.withdrawn"."""
    source = Path(secretariat.__file__).parent
    written = {
        code
        for path in source.rglob("*.py")
        for code in re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', path.read_text())
    }
    assert len(written) > 40  # the search itself finds the codes
    assert sorted(written - set(ACTION_LABELS)) == []
