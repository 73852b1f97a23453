"""GET /teams/{slug}/export: everything the caller may see, nothing more, in constant queries,
and the same bytes twice for an unchanged team."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.models import ActionItem
from tests.api.conftest import CANARY, RESTRICTED_NOTE, ApiClient, token_for
from tests.api.test_meetings_fixtures import READS, ROLES, World, build_world
from tests.factories import make_agenda, make_call, make_item


@pytest.fixture
def world(
    team: Team,
    staff: Person,
    chair: Person,
    member: Person,
    observer: Person,
    restricted_note_on_public_item: ActionItem,
    team_item: ActionItem,
    restricted_item: ActionItem,
) -> World:
    return build_world(team, staff=staff, chair=chair, member=member, observer=observer)


def _export(client: ApiClient) -> Any:
    answer = client.get("teams/ssr2/export")
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("application/json")
    return answer


@pytest.mark.parametrize("role", ROLES)
def test_each_role_exports_exactly_what_it_may_read(role: str, caller: Any, world: World) -> None:
    client = caller(role)
    document = _export(client).json()
    meetings = {m["number"] for m in document["meetings"]}
    assert meetings == {world.meeting(level).number for level in READS[role]}
    # The export holds the same records as the list endpoints, as this caller sees them.
    listed_items = client.get("teams/ssr2/actions", {"sort": "number"}).json()["items"]
    assert [i["number"] for i in document["action_items"]] == [i["number"] for i in listed_items]
    listed_decisions = client.get("teams/ssr2/decisions").json()["items"]
    assert sorted(d["number"] for d in document["decisions"]) == sorted(
        d["number"] for d in listed_decisions
    )
    for item in document["action_items"]:
        base = f"teams/ssr2/actions/{item['number']}"
        assert item["notes"] == client.get(f"{base}/notes").json()["items"]
        assert item["history"] == client.get(f"{base}/history").json()["items"]
    for meeting in document["meetings"]:
        base = f"teams/ssr2/meetings/{meeting['number']}"
        assert meeting["agenda"] == client.get(base).json()["agenda"]
        assert meeting["attendance"] == client.get(f"{base}/attendance").json()["items"]
        assert meeting["materials"] == client.get(f"{base}/materials").json()["items"]
        minutes = client.get(f"{base}/minutes")
        assert meeting["minutes"] == (minutes.json() if minutes.status_code == 200 else None)


@pytest.mark.parametrize("role", ["anonymous", "observer", "member"])
def test_the_export_holds_no_canary_for_those_who_may_not_read_it(
    role: str, caller: Any, world: World
) -> None:
    text = _export(caller(role)).content.decode()
    assert "CANARY" not in text
    assert CANARY not in text
    assert RESTRICTED_NOTE not in text


def test_staff_export_everything_with_contact_details(caller: Any, world: World) -> None:
    document = _export(caller("staff")).json()
    text = json.dumps(document)
    assert CANARY in text
    assert RESTRICTED_NOTE in text
    assert "CANARY-MEET" in text
    people = {p["name"]: p for p in document["people"]}
    assert people["Boban Krsic"]["time_zone"] == "Europe/Berlin"
    assert document["team"]["slug"] == "ssr2"
    assert document["format"] == "secretariat.team-export"
    public = next(m for m in document["meetings"] if m["number"] == 110)
    assert public["decisions"] == [world.public_decision.number]
    assert public["minutes"]["text"] == "The review team agreed the work plan dates."


def test_observers_and_the_public_get_no_contact_details(caller: Any, world: World) -> None:
    for role in ("anonymous", "observer"):
        people = _export(caller(role)).json()["people"]
        assert len(people) == 6
        assert all(p["email"] is None and p["time_zone"] is None for p in people)


def test_two_exports_of_an_unchanged_team_are_byte_identical(caller: Any, world: World) -> None:
    for role in ("anonymous", "staff"):
        client = caller(role)
        first, second = _export(client), _export(client)
        assert first.content == second.content
        assert first["ETag"] == second["ETag"]


def test_a_change_changes_the_export(caller: Any, world: World, team: Team) -> None:
    client = caller("anonymous")
    before = _export(client).content
    make_item(team, "Staff to send the ICANN59 schedule")
    assert _export(client).content != before


def test_an_unknown_team_is_a_404_problem(anonymous: ApiClient, db: None) -> None:
    answer = anonymous.get("teams/no-such-team/export")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"


def _grow(team: Team, people: list[Person], groups: list[Group], n: int, start: int) -> None:
    from secretariat.meetings import services
    from secretariat.tracker.services import add_progress_note

    for k in range(start, start + n):
        item = make_item(team, f"Review SSR1 recommendation {k}", owners=[people[k % len(people)]],
                         visibility=Visibility.TEAM if k % 3 == 0 else Visibility.PUBLIC)  # fmt: skip
        add_progress_note(item=item, by=None, text=f"Progress on recommendation {k}")
        call = make_call(
            team, 200 + k, starts_at=dt.datetime(2017, 7, 1, tzinfo=dt.UTC) + dt.timedelta(days=k)
        )
        make_agenda(call, ["Roll call", ("Recommendations", [f"Rec {k}"])])
        services.record_attendance(meeting=call, by=None, roles={people[0]: "member"})
        services.add_material(
            meeting=call, by=None, kind="slides", url=f"https://example.org/{k}.pdf"
        )
        services.save_minutes_draft(meeting=call, by=None, text=f"Minutes of call {k}")
        services.record_decision(team=team, by=None, text=f"Decision {k}", meeting=call)


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_the_export_runs_a_constant_number_of_queries(
    role: str, team: Team, staff: Person, member: Person, chair: Person
) -> None:
    from tests.factories import make_group

    group = make_group(team, "Co-Chairs", [chair])
    client = ApiClient(
        None if role == "anonymous" else token_for({"member": member, "staff": staff}[role])
    )
    _grow(team, [member, chair], [group], 2, 0)
    _export(client)  # warm up: content types, the token's first use
    with CaptureQueriesContext(connection) as small:
        _export(client)
    _grow(team, [member, chair, staff], [group], 15, 2)
    with CaptureQueriesContext(connection) as large:
        document = _export(client).json()
    assert len(document["meetings"]) == 17
    assert len(small.captured_queries) == len(large.captured_queries)
