"""tracker.queries: what each viewer sees, the tracker's filters, counts and query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from secretariat.core.history import history_for
from secretariat.core.models import Visibility
from secretariat.core.visibility import Viewer, access_for, forget_access
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem, ActionItemOwner
from secretariat.tracker.queries import (
    TrackerFilters,
    filter_action_items,
    filter_choices,
    get_action_item,
    overdue_count,
    status_counts,
    visible_action_items,
    visible_history,
    visible_notes,
)
from secretariat.tracker.services import add_progress_note, complete_action_item, update_action_item
from tests.conftest import user_of
from tests.factories import make_item, make_superuser

TODAY = dt.date(2017, 8, 3)


@pytest.fixture(autouse=True)
def _on_the_day_of_the_call() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2017, 8, 3, 14, 0, tzinfo=dt.UTC), tick=False):
        yield


def _viewer(who: str, request: pytest.FixtureRequest) -> Viewer:
    if who == "anonymous":
        return AnonymousUser()
    if who == "superuser":
        return make_superuser()
    person: Person = request.getfixturevalue(who)
    return user_of(person)


# --- visibility -------------------------------------------------------------------------------


@pytest.fixture
def by_visibility(
    team: Team,
    co_chairs: Group,
    icann_org: Group,
    review_team_group: Group,
    other_member: Person,
    observer: Person,
) -> dict[str, ActionItem]:
    """Five items: public, team-only, and restricted ones naming different people."""
    return {
        "public": make_item(
            team, "Draft SSR2 Review Team work plan with key dates", owners=[co_chairs]
        ),
        "team": make_item(
            team,
            "Circulate the ICANN59 Johannesburg schedule",
            owners=[icann_org],
            visibility="team",
        ),
        "restricted, Kerry-Ann": make_item(
            team,
            "Brief Kerry-Ann on the vendor assessment under NDA",
            owners=[other_member],
            visibility="restricted",
        ),
        "restricted, SSR2-RT": make_item(
            team,
            "Share the confidential penetration-test summary with the SSR2-RT",
            owners=[review_team_group],
            visibility="restricted",
        ),
        "restricted, observer": make_item(
            team,
            "Confirm the observer's travel support for ICANN60",
            owners=[observer],
            visibility="restricted",
        ),
    }


EVERYTHING = {
    "public",
    "team",
    "restricted, Kerry-Ann",
    "restricted, SSR2-RT",
    "restricted, observer",
}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", {"public"}),
        ("outsider", {"public"}),
        ("observer", {"public", "restricted, observer"}),
        ("technical_writer", {"public", "team"}),
        ("member", {"public", "team", "restricted, SSR2-RT"}),
        ("other_member", {"public", "team", "restricted, Kerry-Ann"}),
        ("chair", EVERYTHING),
        ("staff", EVERYTHING),
        ("superuser", EVERYTHING),
    ],
)
def test_each_viewer_sees_exactly_the_items_they_may_read(
    who: str,
    sees: set[str],
    team: Team,
    by_visibility: dict[str, ActionItem],
    request: pytest.FixtureRequest,
) -> None:
    viewer = _viewer(who, request)

    items = list(visible_action_items(viewer=viewer, team=team))

    expected = {by_visibility[key].pk for key in sees}
    assert {item.pk for item in items} == expected
    hidden_texts = {by_visibility[key].text for key in EVERYTHING - sees}
    assert not hidden_texts & {item.text for item in items}


def test_items_of_another_team_never_appear(
    team: Team, other_team: Team, staff: Person, by_visibility: dict[str, ActionItem]
) -> None:
    make_item(other_team, "Publish the RDS-WHOIS2 terms of reference")

    assert visible_action_items(viewer=user_of(staff), team=team).count() == len(EVERYTHING)


def test_get_action_item_hides_a_restricted_item_as_if_it_did_not_exist(
    team: Team, member: Person, by_visibility: dict[str, ActionItem]
) -> None:
    restricted = by_visibility["restricted, Kerry-Ann"]

    with pytest.raises(Http404):
        get_action_item(viewer=user_of(member), team=team, number=restricted.number)
    with pytest.raises(Http404):
        get_action_item(viewer=AnonymousUser(), team=team, number=restricted.number)
    with pytest.raises(Http404):
        get_action_item(viewer=user_of(member), team=team, number=999)
    public = get_action_item(
        viewer=AnonymousUser(), team=team, number=by_visibility["public"].number
    )
    assert public.text == "Draft SSR2 Review Team work plan with key dates"


# --- notes -------------------------------------------------------------------------------------


@pytest.fixture
def noted_item(team: Team, staff: Person, james_gannon: Person) -> ActionItem:
    """A public item owned by James Gannon with a public, a team-only and a restricted note."""
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates", owners=[james_gannon])
    by = user_of(staff)
    add_progress_note(
        item=item, by=by, text="Draft circulated to the RT list", noted_on=dt.date(2017, 7, 25)
    )
    add_progress_note(
        item=item,
        by=by,
        text="Co-chairs discussed dates",
        noted_on=dt.date(2017, 7, 27),
        visibility="team",
    )
    add_progress_note(
        item=item,
        by=by,
        text="Vendor quote: USD 40,000",
        noted_on=dt.date(2017, 7, 28),
        visibility="restricted",
    )
    return item


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", ["Draft circulated to the RT list"]),
        ("observer", ["Draft circulated to the RT list"]),
        ("outsider", ["Draft circulated to the RT list"]),
        ("member", ["Draft circulated to the RT list", "Co-chairs discussed dates"]),
        (
            "james_gannon",
            [
                "Draft circulated to the RT list",
                "Co-chairs discussed dates",
                "Vendor quote: USD 40,000",
            ],
        ),
        (
            "chair",
            [
                "Draft circulated to the RT list",
                "Co-chairs discussed dates",
                "Vendor quote: USD 40,000",
            ],
        ),
    ],
)
def test_visible_notes_hides_closed_notes_of_a_public_item(
    who: str, sees: list[str], noted_item: ActionItem, request: pytest.FixtureRequest
) -> None:
    notes = visible_notes(viewer=_viewer(who, request), item=noted_item)

    assert [note.text for note in notes] == sees


def test_notes_of_a_restricted_item_stay_hidden_whatever_their_own_level(
    noted_item: ActionItem, staff: Person, member: Person
) -> None:
    update_action_item(
        item=noted_item,
        by=user_of(staff),
        expected_version=noted_item.version,
        changes={"visibility": Visibility.RESTRICTED},
    )
    noted_item.refresh_from_db()

    assert list(visible_notes(viewer=AnonymousUser(), item=noted_item)) == []
    assert list(visible_notes(viewer=user_of(member), item=noted_item)) == []


# --- history -----------------------------------------------------------------------------------


@pytest.fixture
def reopened_item(team: Team, chair: Person, james_gannon: Person) -> ActionItem:
    """Created public, restricted, edited while restricted, then made public again."""
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates", owners=[james_gannon])
    by = user_of(chair)
    update_action_item(item=item, by=by, expected_version=1, changes={"visibility": "restricted"})
    update_action_item(
        item=item,
        by=by,
        expected_version=2,
        changes={"text": "Negotiate the vendor contract (USD 40,000)"},
    )
    update_action_item(
        item=item,
        by=by,
        expected_version=3,
        changes={"visibility": "public", "text": "Draft SSR2 Review Team work plan with key dates"},
    )
    item.refresh_from_db()
    return item


def test_visible_history_hides_the_changes_made_while_restricted(
    reopened_item: ActionItem, member: Person
) -> None:
    for viewer in (AnonymousUser(), user_of(member)):
        entries = list(visible_history(viewer=viewer, item=reopened_item))

        assert [e.version for e in entries] == [1]
        assert "USD 40,000" not in repr([e.changes for e in entries])


def test_the_edit_that_opens_an_item_stays_as_closed_as_the_item_was(
    reopened_item: ActionItem,
) -> None:
    opening = reopened_item.version

    entry = history_for(reopened_item).get(version=opening)

    assert entry.changes["text"][0] == "Negotiate the vendor contract (USD 40,000)"
    assert entry.visibility == Visibility.RESTRICTED


def test_the_people_named_and_the_chairs_see_the_whole_history(
    reopened_item: ActionItem, james_gannon: Person, chair: Person
) -> None:
    for viewer in (user_of(james_gannon), user_of(chair)):
        assert [e.version for e in visible_history(viewer=viewer, item=reopened_item)] == [
            1,
            2,
            3,
            4,
        ]


def test_history_of_an_item_restricted_now_is_hidden_from_the_public(
    team: Team, chair: Person, member: Person
) -> None:
    item = make_item(team, "Review the vendor's SSR assessment")
    update_action_item(
        item=item, by=user_of(chair), expected_version=1, changes={"visibility": "restricted"}
    )
    item.refresh_from_db()

    assert list(visible_history(viewer=AnonymousUser(), item=item)) == []
    assert list(visible_history(viewer=user_of(member), item=item)) == []
    assert len(visible_history(viewer=user_of(chair), item=item)) == 2


# --- filters -----------------------------------------------------------------------------------


@pytest.fixture
def tracker(
    team: Team,
    co_chairs: Group,
    icann_org: Group,
    review_team_group: Group,
    james_gannon: Person,
    member: Person,
) -> dict[int, ActionItem]:
    """Six items of the SSR2 tracker, by number, as they stand on 2017-08-03."""
    items = [
        make_item(
            team,
            "Draft SSR2 Review Team work plan with key dates",
            owners=[co_chairs],
            category="Workplan",
            requested_on=dt.date(2017, 7, 20),
            due_on=dt.date(2017, 8, 4),
        ),
        make_item(
            team,
            "Circulate the ICANN59 Johannesburg schedule",
            owners=[icann_org],
            category="Outreach",
            requested_on=dt.date(2017, 6, 1),
            due_on=dt.date(2017, 7, 28),
            status="in_progress",
        ),
        make_item(
            team,
            "Send the DNS SSR briefing questions to ICANN Org",
            owners=[james_gannon, icann_org],
            category="General",
            topic="DNS SSR",
            requested_on=dt.date(2017, 7, 13),
            due_text="TBD",
        ),
        make_item(
            team,
            "Review the SSR1 implementation report",
            owners=[review_team_group],
            category="Workplan",
            topic="SSR1 implementation",
            requested_on=dt.date(2017, 6, 15),
            due_on=dt.date(2017, 7, 1),
        ),
        make_item(
            team,
            "Publish the RT's terms of reference",
            owners=[member],
            category="General",
            requested_on=dt.date(2017, 5, 4),
            due_on=dt.date(2017, 7, 15),
            status="dropped",
        ),
        make_item(
            team,
            "Follow up on the ICANN Org briefing on abuse reporting",
            owners=[co_chairs],
            category="Outreach",
            requested_on=dt.date(2017, 7, 27),
            due_on=dt.date(2017, 9, 1),
            number=365,
        ),
    ]
    complete_action_item(
        item=items[3],
        by=None,
        expected_version=1,
        response="Report reviewed; questions follow in #365.",
        completed_on=dt.date(2017, 7, 3),
    )
    return {item.number: item for item in items}


def _numbers(team: Team, viewer: Viewer, today: dt.date = TODAY, **filters: object) -> list[int]:
    access = access_for(viewer, team)
    items = visible_action_items(viewer=viewer, team=team)
    matching = filter_action_items(
        items,
        filters=TrackerFilters(**filters),  # type: ignore[arg-type]
        access=access,
        today=today,
    )
    return [item.number for item in matching]


def _ids(team: Team, kind: str, name: str) -> str:
    """The owner filter's value for a person or group, as the filter menu sends it."""
    record: Person | Group = (
        Person.objects.get(name=name)
        if kind == "person"
        else Group.objects.get(team=team, name=name)
    )
    return f"{kind}:{record.pk}"


def test_no_filter_lists_every_item_newest_first(
    team: Team, tracker: dict[int, ActionItem]
) -> None:
    assert _numbers(team, AnonymousUser()) == [365, 5, 4, 3, 2, 1]


@pytest.mark.parametrize(
    ("statuses", "numbers"),
    [
        (["open"], [365, 3, 1]),
        (["open", "in_progress"], [365, 3, 2, 1]),
        (["done"], [4]),
        (["dropped", "merged"], [5]),
    ],
)
def test_status_filter(
    team: Team, tracker: dict[int, ActionItem], statuses: list[str], numbers: list[int]
) -> None:
    assert _numbers(team, AnonymousUser(), statuses=statuses) == numbers


@pytest.mark.parametrize(
    ("kind", "name", "numbers"),
    [
        ("person", "James Gannon", [3]),
        ("person", "Boban Krsic", [5]),
        ("group", "ICANN Org", [3, 2]),
        ("group", "Co-Chairs", [365, 1]),
        ("group", "SSR2-RT", [4]),
    ],
)
def test_owner_filter_matches_one_person_or_group(
    team: Team, tracker: dict[int, ActionItem], kind: str, name: str, numbers: list[int]
) -> None:
    assert _numbers(team, AnonymousUser(), owner=_ids(team, kind, name)) == numbers


@pytest.mark.parametrize("owner", ["person:abc", "team:1", "group:", "James Gannon"])
def test_a_malformed_owner_filter_matches_nothing(
    team: Team, tracker: dict[int, ActionItem], owner: str
) -> None:
    assert _numbers(team, AnonymousUser(), owner=owner) == []


def test_mine_includes_what_my_groups_own(
    team: Team, tracker: dict[int, ActionItem], member: Person, chair: Person, james_gannon: Person
) -> None:
    assert _numbers(team, user_of(member), mine=True) == [5, 4]  # directly, and through SSR2-RT
    assert _numbers(team, user_of(chair), mine=True) == [365, 1]  # through Co-Chairs
    assert _numbers(team, user_of(james_gannon), mine=True) == [3]
    assert _numbers(team, AnonymousUser(), mine=True) == []


def test_category_and_topic_filters_ignore_case(team: Team, tracker: dict[int, ActionItem]) -> None:
    assert _numbers(team, AnonymousUser(), category="workplan") == [4, 1]
    assert _numbers(team, AnonymousUser(), category="Outreach") == [365, 2]
    assert _numbers(team, AnonymousUser(), topic="dns ssr") == [3]
    assert _numbers(team, AnonymousUser(), topic="DNS") == []


def test_overdue_means_still_active_and_due_before_today(
    team: Team, tracker: dict[int, ActionItem]
) -> None:
    assert _numbers(team, AnonymousUser(), overdue=True) == [2]
    assert _numbers(team, AnonymousUser(), overdue=True, today=dt.date(2017, 8, 5)) == [2, 1]


def test_due_before_is_strictly_before_the_date(team: Team, tracker: dict[int, ActionItem]) -> None:
    assert _numbers(team, AnonymousUser(), due_before=dt.date(2017, 7, 28)) == [5, 4]
    assert _numbers(team, AnonymousUser(), due_before=dt.date(2017, 7, 29)) == [5, 4, 2]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("johannesburg", [2]),
        ("DNS SSR", [3]),
        ("SSR1 implementation", [4]),
        ("#365", [365, 4]),  # the number, and a completed response that mentions it
        ("365", [365, 4]),
        ("#2", [2]),
        ("questions follow", [4]),
        ("  ", [365, 5, 4, 3, 2, 1]),
        ("work plan for ICANN61", []),
    ],
)
def test_text_search(
    team: Team, tracker: dict[int, ActionItem], text: str, numbers: list[int]
) -> None:
    assert _numbers(team, AnonymousUser(), text=text) == numbers


@pytest.mark.parametrize(
    ("sort", "numbers"),
    [
        ("number", [1, 2, 3, 4, 5, 365]),
        ("-number", [365, 5, 4, 3, 2, 1]),
        ("due", [4, 5, 2, 1, 365, 3]),  # TBD last
        ("-due", [365, 1, 2, 5, 4, 3]),  # TBD last
        ("requested", [5, 2, 4, 3, 1, 365]),
        ("-requested", [365, 1, 3, 4, 2, 5]),
        ("status", [4, 5, 2, 365, 3, 1]),
        ("category", [5, 3, 365, 2, 4, 1]),
        ("'; DROP TABLE tracker_actionitem; --", [365, 5, 4, 3, 2, 1]),
    ],
)
def test_sorts(team: Team, tracker: dict[int, ActionItem], sort: str, numbers: list[int]) -> None:
    assert _numbers(team, AnonymousUser(), sort=sort) == numbers


def test_filters_combine(team: Team, tracker: dict[int, ActionItem]) -> None:
    co_chairs = _ids(team, "group", "Co-Chairs")

    assert _numbers(team, AnonymousUser(), statuses=["open"], owner=co_chairs, sort="due") == [
        1,
        365,
    ]
    assert _numbers(team, AnonymousUser(), category="Workplan", statuses=["open"]) == [1]


def test_filters_never_widen_what_the_viewer_may_see(
    team: Team, tracker: dict[int, ActionItem], icann_org: Group, staff: Person
) -> None:
    make_item(
        team,
        "Share the vendor's invoice with ICANN Org finance",
        owners=[icann_org],
        visibility="restricted",
    )

    assert _numbers(team, AnonymousUser(), owner=_ids(team, "group", "ICANN Org")) == [3, 2]
    assert _numbers(team, user_of(staff), owner=_ids(team, "group", "ICANN Org")) == [366, 3, 2]


def test_status_and_overdue_counts(team: Team, tracker: dict[int, ActionItem]) -> None:
    items = visible_action_items(viewer=AnonymousUser(), team=team)

    assert status_counts(items) == {
        "open": 3,
        "in_progress": 1,
        "done": 1,
        "dropped": 1,
        "merged": 0,
    }
    assert status_counts(items.filter(category="Workplan")) == {
        "open": 1,
        "in_progress": 0,
        "done": 1,
        "dropped": 0,
        "merged": 0,
    }
    assert overdue_count(items) == 1
    assert overdue_count(items, today=dt.date(2017, 9, 2)) == 3


def test_filter_choices_list_only_what_the_viewer_can_see(
    team: Team, tracker: dict[int, ActionItem], staff: Person
) -> None:
    make_item(
        team,
        "Vendor assessment",
        category="Vendor",
        topic="Penetration test",
        visibility="restricted",
    )

    assert filter_choices(viewer=AnonymousUser(), team=team) == {
        "categories": ["General", "Outreach", "Workplan"],
        "topics": ["DNS SSR", "SSR1 implementation"],
    }
    assert filter_choices(viewer=user_of(staff), team=team) == {
        "categories": ["General", "Outreach", "Vendor", "Workplan"],
        "topics": ["DNS SSR", "Penetration test", "SSR1 implementation"],
    }


# --- query counts ------------------------------------------------------------------------------


def _add_items(team: Team, count: int, owners: list[Person | Group]) -> None:
    """Add `count` items (each with every owner) straight to the tables: a fixture, not a service."""
    start = (
        ActionItem.objects.filter(team=team)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    items = ActionItem.objects.bulk_create(
        ActionItem(
            team=team,
            number=number,
            text=f"Draft SSR2 Review Team work plan section {number}",
            category="Workplan",
            requested_on=dt.date(2017, 7, 20),
            due_on=dt.date(2017, 8, 4),
            visibility=Visibility.PUBLIC if number % 3 else Visibility.TEAM,
        )
        for number in range(start, start + count)
    )
    ActionItemOwner.objects.bulk_create(
        ActionItemOwner(
            item=item,
            position=position,
            person=owner if isinstance(owner, Person) else None,
            group=owner if isinstance(owner, Group) else None,
        )
        for item in items
        for position, owner in enumerate(owners)
    )


def _queries_for_a_page(team: Team, user: User) -> tuple[int, int]:
    """Queries run to list one page with owners, as the tracker screen does; and the rows shown."""
    forget_access(user)
    with CaptureQueriesContext(connection) as captured:
        access = access_for(user, team)
        items = filter_action_items(
            visible_action_items(viewer=user, team=team),
            filters=TrackerFilters(statuses=["open"], category="Workplan", mine=True, sort="due"),
            access=access,
        )
        page = Paginator(items, 100).get_page(1)
        rows = [
            (
                item.number,
                [str(owner.owner) for owner in item.owners.all()],
                item.source_meeting,
                item.merged_into,
            )
            for item in page
        ]
    return len(captured.captured_queries), len(rows)


def test_listing_a_page_runs_the_same_queries_for_10_and_1000_items(
    team: Team, member: Person, review_team_group: Group, co_chairs: Group
) -> None:
    _add_items(team, 10, [review_team_group, member, co_chairs])
    small, shown_small = _queries_for_a_page(team, user_of(member))

    _add_items(team, 990, [review_team_group, member, co_chairs])
    large, shown_large = _queries_for_a_page(team, user_of(member))

    assert (shown_small, shown_large) == (10, 100)
    assert small == large
    # membership, groups, page count, page rows, owners with their people and groups
    assert large == 5
