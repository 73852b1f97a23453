"""tracker.services.add_progress_note: dated progress lines on an item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.history import history_for
from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ProgressNote
from secretariat.tracker.services import add_progress_note, update_action_item
from tests.conftest import user_of
from tests.factories import make_item

WORK_PLAN = "Draft SSR2 Review Team work plan with key dates"
TODAY = dt.date(2017, 8, 3)


@pytest.fixture(autouse=True)
def _on_the_day_of_the_call() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2017, 8, 3, 14, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def item(team: Team, co_chairs: Group) -> ActionItem:
    return make_item(team, WORK_PLAN, owners=[co_chairs], requested_on=dt.date(2017, 7, 20))


def test_it_adds_a_dated_note_by_its_author_and_records_it(item: ActionItem, staff: Person) -> None:
    note = add_progress_note(
        item=item,
        by=user_of(staff),
        text="  Followed up with the co-chairs 6/2 ",
        noted_on=dt.date(2017, 8, 2),
    )

    note.refresh_from_db()
    assert (note.noted_on, note.text) == (dt.date(2017, 8, 2), "Followed up with the co-chairs 6/2")
    assert note.author == staff
    assert note.created_by == user_of(staff)
    assert item.version == 2  # the caller's copy follows
    item.refresh_from_db()
    assert item.version == 2
    entry = history_for(item).last()
    assert entry is not None
    assert entry.action == "tracker.note.added"
    assert entry.actor == user_of(staff)
    assert entry.version == 2
    assert entry.changes == {"note": [None, "2017-08-02: Followed up with the co-chairs 6/2"]}


def test_the_note_is_dated_today_by_default(item: ActionItem, staff: Person) -> None:
    note = add_progress_note(item=item, by=user_of(staff), text="Circulated to the RT list")

    assert note.noted_on == TODAY


def test_an_importer_may_name_the_author(item: ActionItem, james_gannon: Person) -> None:
    note = add_progress_note(
        item=item, by=None, text="Sent comments", author=james_gannon, noted_on=TODAY
    )

    assert note.author == james_gannon
    assert note.created_by is None


def test_it_refuses_a_note_dated_in_the_future(item: ActionItem, staff: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add_progress_note(
            item=item, by=user_of(staff), text="Will circulate", noted_on=dt.date(2017, 8, 10)
        )

    assert "2017-08-10" in excinfo.value.message_dict["noted_on"][0]
    assert not ProgressNote.objects.exists()
    item.refresh_from_db()
    assert item.version == 1


def test_a_note_dated_tomorrow_is_accepted_for_people_ahead_of_utc(
    item: ActionItem, staff: Person
) -> None:
    note = add_progress_note(
        item=item, by=user_of(staff), text="Sent from Auckland", noted_on=dt.date(2017, 8, 4)
    )

    assert note.noted_on == dt.date(2017, 8, 4)


@pytest.mark.parametrize("text", ["", "  \n "])
def test_it_refuses_an_empty_note(item: ActionItem, staff: Person, text: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add_progress_note(item=item, by=user_of(staff), text=text)

    assert "text" in excinfo.value.message_dict
    assert not ProgressNote.objects.exists()
    assert history_for(item).count() == 1


def test_it_refuses_an_unknown_visibility(item: ActionItem, staff: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        add_progress_note(item=item, by=user_of(staff), text="Circulated", visibility="secret")

    assert "visibility" in excinfo.value.message_dict
    assert not ProgressNote.objects.exists()


def test_the_history_entry_is_as_closed_as_the_note_or_the_item(
    team: Team, item: ActionItem, staff: Person
) -> None:
    restricted_item = make_item(
        team, "Brief the RT on the vendor assessment", visibility=Visibility.RESTRICTED
    )

    add_progress_note(
        item=item, by=user_of(staff), text="Vendor named: Acme", visibility=Visibility.TEAM
    )
    add_progress_note(item=restricted_item, by=user_of(staff), text="Briefing held")

    assert history_for(item).last().visibility == Visibility.TEAM  # type: ignore[union-attr]
    assert history_for(restricted_item).last().visibility == Visibility.RESTRICTED  # type: ignore[union-attr]


def test_a_member_may_add_a_note_to_an_item_they_do_not_own(
    item: ActionItem, member: Person
) -> None:
    note = add_progress_note(item=item, by=user_of(member), text="Boban to send comments by Friday")

    assert note.author == member


@pytest.mark.parametrize("who", ["observer", "outsider"])
def test_readers_may_not_add_notes(
    item: ActionItem, who: str, request: pytest.FixtureRequest
) -> None:
    person: Person = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        add_progress_note(item=item, by=user_of(person), text="Please publish the draft")

    assert not ProgressNote.objects.exists()
    item.refresh_from_db()
    assert item.version == 1


def test_an_observer_named_on_an_item_may_not_add_a_note(team: Team, observer: Person) -> None:
    item = make_item(team, WORK_PLAN, owners=[observer])

    with pytest.raises(PermissionDenied):
        add_progress_note(item=item, by=user_of(observer), text="Done on my side")

    assert not ProgressNote.objects.exists()


def test_a_member_may_not_add_a_note_to_a_restricted_item_they_are_not_named_on(
    team: Team, member: Person
) -> None:
    item = make_item(
        team, "Brief the RT on the vendor assessment", visibility=Visibility.RESTRICTED
    )

    with pytest.raises(PermissionDenied):
        add_progress_note(item=item, by=user_of(member), text="What vendor?")

    assert not ProgressNote.objects.exists()


def test_permission_is_checked_on_the_item_as_it_is_now(
    item: ActionItem, member: Person, chair: Person
) -> None:
    seen_by_member = ActionItem.objects.get(pk=item.pk)  # read while public
    update_action_item(
        item=item,
        by=user_of(chair),
        expected_version=1,
        changes={"visibility": Visibility.RESTRICTED},
    )

    with pytest.raises(PermissionDenied):
        add_progress_note(item=seen_by_member, by=user_of(member), text="Sent my comments")

    assert not ProgressNote.objects.exists()


def test_members_cannot_add_a_note_they_would_not_see_again(team: Team, member: Person) -> None:
    item = make_item(team, "Share thoughts on list regarding Johannesburg agenda topics.")

    with pytest.raises(ValidationError) as error:
        add_progress_note(
            item=item, by=member.user, text="Private remark", visibility=Visibility.RESTRICTED
        )

    assert "visibility" in error.value.message_dict
    assert not ProgressNote.objects.filter(item=item).exists()
