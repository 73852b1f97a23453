"""`secretariat import`: dry run, JSON contract, writing, idempotence, refusal of bad files."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secretariat.core.models import HistoryEntry
from secretariat.meetings.models import AgendaItem, Attendance, Decision, Meeting
from secretariat.teams.models import Group, Membership, Person, Team
from secretariat.tracker.models import ActionItem, ProgressNote
from tests.factories import make_group, make_member, make_team
from tests.imports.helpers import fixture_path

SEED = str(fixture_path("seed-coordination-deck.txt"))
CONTRACT_KEYS = {"format", "meetings", "action_items", "decisions", "requests", "warnings"}
# Keys added to the contract since (DESIGN.md allows extra keys): events named in the file.
ADDED_KEYS = {"events"}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    models: list[Any] = [
        Team, Person, Group, Membership, Meeting, AgendaItem, Attendance, Decision,
        ActionItem, ProgressNote, HistoryEntry,
    ]  # fmt: skip
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_the_json_report_has_exactly_the_contract_shape() -> None:
    payload = json.loads(
        run(SEED, "--team", "ssr2", "--reference-date", "2017-06-06", "--dry-run", "--json")
    )
    assert set(payload) == CONTRACT_KEYS | ADDED_KEYS | {"owner_resolution"}
    assert payload["format"] == "slides"
    (meeting,) = payload["meetings"]
    assert set(meeting) == {"title", "number", "date", "agenda_items", "attendees", "materials"}
    assert set(meeting["attendees"]) == {"members", "observers", "staff", "guests", "apologies"}
    assert set(meeting["agenda_items"][0]) == {"title", "children"}
    item = payload["action_items"][0]
    assert set(item) == {
        "number", "text", "owners", "due", "due_text", "status", "category",
        "requested_on", "notes", "questions",
    }  # fmt: skip
    assert all(
        a["status"] in {"open", "in_progress", "done", "dropped", "merged"}
        for a in payload["action_items"]
    )
    questions = next(a["questions"] for a in payload["action_items"] if a["questions"])
    assert set(questions[0]) == {"text", "asked_by"}
    notes = next(a["notes"] for a in payload["action_items"] if a["notes"])
    assert set(notes[0]) == {"date", "text"}
    assert payload["warnings"] == [
        "seed-coordination-deck.txt, line 84: the same action is written twice in the deck; read as one item"
    ]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing_and_reports_resolutions_beside_the_owners() -> None:
    team = make_team()
    james = make_member(team, "James Gannon")
    make_group(team, "ICANN Org", [])
    make_member(team, "Denise Michel")
    before = counts()
    payload = json.loads(
        run(SEED, "--team", "ssr2", "--reference-date", "2017-06-06", "--dry-run", "--json")
    )
    assert counts() == before
    resolution = {r["name"]: r for r in payload["owner_resolution"]}
    assert resolution["James Gannon"] == {
        "name": "James Gannon",
        "kind": "person",
        "match": james.name,
        "how": "name",
    }
    assert resolution["ICANN Org"]["kind"] == "group"
    assert resolution["Staff"]["kind"] == "new-group"
    assert resolution["Cathy Handley"]["kind"] == "new-person"
    # The owners stay as the document writes them.
    plan = next(
        a
        for a in payload["action_items"]
        if a["text"].startswith("Draft SSR2 Review Team work plan")
    )
    assert plan["owners"] == ["Co-Chairs", "James Gannon", "Boban Krsic"]


@pytest.mark.django_db
def test_a_dry_run_of_a_missing_team_says_it_would_be_created_and_writes_nothing() -> None:
    out = run(SEED, "--team", "atrt3", "--dry-run", "--reference-date", "2017-06-06")
    assert "team atrt3 does not exist yet: it would be created" in out
    assert not Team.objects.filter(slug="atrt3").exists()


@pytest.mark.django_db
def test_importing_the_seed_creates_the_team_and_its_record() -> None:
    out = run(SEED, "--team", "ssr2", "--reference-date", "2017-06-06")
    assert "Created the team ssr2." in out
    team = Team.objects.get(slug="ssr2")
    assert ActionItem.objects.filter(team=team).count() == 20
    tool = ActionItem.objects.get(team=team, text__startswith="Research collaborative tools")
    assert [str(o) for o in tool.owners.all()] == ["ICANN Org"]
    assert tool.due_text == "TBD"
    assert tool.status == "in_progress"
    plan = ActionItem.objects.get(team=team, text__startswith="Draft SSR2 Review Team work plan")
    assert [str(o) for o in plan.owners.all()] == ["Co-Chairs", "James Gannon", "Boban Krsic"]
    matogoro = ActionItem.objects.get(team=team, text__contains="Matogoro")
    assert [(n.noted_on.isoformat(), n.text[:22]) for n in matogoro.notes.all()] == [
        ("2017-06-02", "Troubleshooting steps ")
    ]
    consolidate = ActionItem.objects.get(team=team, text__startswith="Consolidate")
    assert consolidate.due_on.isoformat() == "2017-05-30"
    meeting = Meeting.objects.get(team=team)
    assert meeting.kind == "leadership"
    top = AgendaItem.objects.filter(meeting=meeting, parent=None).order_by("position")
    assert [a.title for a in top] == [
        "ICANN59 Johannesburg share thoughts on agenda",
        "Update on requested tools",
        "Review open action items/requests",
        "AOB",
    ]
    assert AgendaItem.objects.filter(meeting=meeting).count() == 6
    assert "created requests 8" in out
    assert "created questions 7" in out
    assert "not stored" not in out


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time() -> None:
    run(SEED, "--team", "ssr2", "--reference-date", "2017-06-06")
    before = counts()
    out = run(SEED, "--team", "ssr2", "--reference-date", "2017-06-06")
    assert counts() == before
    assert "unchanged action items 20" in out


@pytest.mark.django_db
def test_importing_a_meeting_page_twice_changes_nothing_and_matches_the_roster() -> None:
    team = make_team()
    russ = make_member(team, "Russ Housley")
    page = str(fixture_path("ssr2-plenary-98.txt"))
    run(page, "--team", "ssr2")
    meeting = Meeting.objects.get(team=team, number=98)
    assert meeting.starts_at is not None
    assert meeting.starts_at.isoformat() == "2020-01-15T15:00:00+00:00"
    assert Attendance.objects.get(meeting=meeting, person=russ).role == "member"
    assert Attendance.objects.filter(meeting=meeting, role="apologies").count() == 2
    assert Decision.objects.get(team=team).meeting == meeting
    before = counts()
    run(page, "--team", "ssr2")
    assert counts() == before


@pytest.mark.django_db
def test_a_tracker_reimport_with_a_completion_updates_the_matching_number() -> None:
    team = make_team()
    csv_path = str(fixture_path("ssr2-tracker-export.csv"))
    run(csv_path, "--team", "ssr2", "--reference-date", "2019-10-15")
    done = ActionItem.objects.get(team=team, number=365)
    assert (done.status, done.completed_response) == ("done", "Shared via email.")
    assert ActionItem.objects.get(team=team, number=371).visibility == "restricted"
    notes = ProgressNote.objects.filter(item__number=370).order_by("noted_on")
    assert [n.text for n in notes] == [
        "first draft circulated",
        "comments from Kerry-Ann incorporated",
    ]


@pytest.mark.django_db
def test_a_broken_file_changes_nothing_and_names_row_and_column() -> None:
    make_team()
    before = counts()
    with pytest.raises(CommandError) as caught:
        run(str(fixture_path("broken-row.csv")), "--team", "ssr2")
    message = str(caught.value)
    assert "broken-row.csv, row 4, column D: expected a due date" in message
    assert "Nothing was written" in message
    assert counts() == before


@pytest.mark.django_db
def test_skip_bad_writes_the_good_rows_only() -> None:
    make_team()
    run(
        str(fixture_path("broken-row.csv")),
        "--team",
        "ssr2",
        "--skip-bad",
        "--reference-date",
        "2017-12-01",
    )
    assert list(ActionItem.objects.values_list("number", "text")) == [
        (1, "Circulate the draft report outline.")
    ]


@pytest.mark.django_db
def test_an_empty_file_is_refused_with_its_name(tmp_path: Any) -> None:
    empty = tmp_path / "tracker.csv"
    empty.write_text("")
    with pytest.raises(CommandError, match=r"tracker\.csv is empty"):
        run(str(empty), "--team", "ssr2")
    assert not Team.objects.exists()


def test_a_bad_reference_date_is_refused() -> None:
    with pytest.raises(CommandError, match="is not a YYYY-MM-DD date"):
        run(SEED, "--team", "ssr2", "--reference-date", "6/6/2017", "--dry-run")
