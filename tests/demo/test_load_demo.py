"""`secretariat load_demo`: the seed's record as the team `ssr2`, and a staff sign-in.

The roster and dated meetings come from demo_ssr2.json; the items, the coordination call and its
agenda from importing the copy of the seed's deck (core/demo/seed-coordination-deck.txt).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.teams.models import Group, Membership, Person, Role, Team
from secretariat.tracker.models import ActionItem, ProgressNote
from secretariat.tracker.queries import visible_action_items

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"Password: (\S+)")


def fixture_data() -> dict[str, Any]:
    source = resources.files("secretariat.core").joinpath("demo", "demo_ssr2.json")
    return json.loads(source.read_text(encoding="utf-8"))


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def item_with(text: str, **filters: Any) -> ActionItem:
    return ActionItem.objects.get(team__slug="ssr2", text__startswith=text, **filters)


def owner_names(item: ActionItem) -> list[str]:
    return [str(link.owner) for link in item.owners.order_by("position")]


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Team,
            Person,
            Membership,
            Group,
            Meeting,
            ActionItem,
            ProgressNote,
            HistoryEntry,
            User,
        )
    }


def test_it_creates_the_team_with_every_item_of_the_fixture() -> None:
    output = load_demo()

    team = Team.objects.get(slug="ssr2")
    assert team.name == "SSR2 Review Team"
    expected = fixture_data()["action_items"]
    items = list(ActionItem.objects.filter(team=team).order_by("number"))
    # 21 records, but the deck names the collaborative-tools request twice and the importer
    # reads both as one item: 20 items, none of them merged.
    assert len(expected) == 21
    assert len(items) == 20
    assert [item.number for item in items] == list(range(1, 21))
    assert {item.text for item in items} == {
        record["text"] for record in expected if "merged_into" not in record
    }
    assert "20 action items (3 done, 0 merged, 2 not public)" in output
    assert "Imported seed-coordination-deck.txt (reference date 2017-06-06)" in output
    assert "http://127.0.0.1:8000/ssr2/actions/" in output


def test_the_demo_imports_an_exact_copy_of_the_seed() -> None:
    copy = resources.files("secretariat.core").joinpath("demo", "seed-coordination-deck.txt")
    fixture = Path(__file__).resolve().parent.parent / "fixtures/imports/seed-coordination-deck.txt"

    assert copy.read_bytes() == fixture.read_bytes()
    assert fixture_data()["seed"] == {
        "file": "seed-coordination-deck.txt",
        "reference_date": "2017-06-06",
        "meeting": "coordination-2017-06-06",
    }


def test_the_meetings_are_numbered_dated_and_the_call_has_the_decks_agenda() -> None:
    load_demo()

    meetings = list(Meeting.objects.filter(team__slug="ssr2").order_by("number"))
    assert [(m.number, m.kind, m.starts_at.date(), m.status) for m in meetings] == [
        (1, "plenary", dt.date(2017, 5, 18), "held"),
        (2, "plenary", dt.date(2017, 5, 25), "held"),
        (3, "leadership", dt.date(2017, 6, 6), "held"),
    ]
    call = meetings[2]
    assert call.title == "SSR2 Staff, Co-Chairs Coordination \u2013 6 June 2017"
    top = AgendaItem.objects.filter(meeting=call, parent=None).order_by("position")
    assert [item.title for item in top] == [
        "ICANN59 Johannesburg share thoughts on agenda",
        "Update on requested tools",
        "Review open action items/requests",
        "AOB",
    ]
    assert top[0].children.count() == 2
    assert Client().get("/ssr2/meetings/3/").status_code == 200
    gse = item_with("Send written responses to RT questions")
    assert (gse.source_meeting, gse.category, gse.topic) == (meetings[0], "General", "Briefings")


def test_it_keeps_the_owners_in_the_order_of_the_seed() -> None:
    load_demo()

    assert owner_names(item_with("Draft SSR2 Review Team work plan")) == [
        "Co-Chairs",
        "James Gannon",
        "Boban Krsic",
    ]
    assert owner_names(item_with("Review non-disclosure form")) == [
        "James Gannon",
        "Emily Taylor",
        "Kerry-Ann Barrett",
    ]
    assert owner_names(item_with("Draft a Statement of Work")) == [
        "James Gannon",
        "Cathy Handley",
        "Denise Michel",
    ]
    groups = set(Group.objects.filter(team__slug="ssr2").values_list("name", flat=True))
    assert groups == {"ICANN Org", "Co-Chairs", "SSR2-RT", "Staff"}
    co_chairs = Group.objects.get(team__slug="ssr2", name="Co-Chairs")
    assert set(co_chairs.members.values_list("memberships__role", flat=True)) == {Role.CHAIR}


def test_it_keeps_tbd_as_written_and_dates_in_2017() -> None:
    load_demo()

    tbd = item_with("Provide the SSR2 RT a timeline of the ITHI project")
    assert tbd.due_on is None
    assert tbd.due_text == "TBD"
    dated = item_with("Share links to relevant articles regarding threat mitigation")
    assert (dated.due_on, dated.due_text) == (dt.date(2017, 6, 22), "")
    requested = ActionItem.objects.filter(team__slug="ssr2").values_list("requested_on", flat=True)
    assert all(dt.date(2017, 5, 1) <= day <= dt.date(2017, 6, 30) for day in requested)


def test_it_dates_the_status_lines_as_progress_notes() -> None:
    load_demo()

    [note] = item_with("Schedule a call with Mr. Matogoro").notes.all()
    assert note.noted_on == dt.date(2017, 6, 2)
    assert note.text.startswith("Troubleshooting steps provided to Matogoro")
    # Imported: the deck does not say who wrote the status line.
    assert note.author is None
    assert item_with("Draft SSR2 progress report").status == ActionItem.Status.IN_PROGRESS


def test_it_withholds_the_non_disclosure_item_from_the_public() -> None:
    load_demo()
    team = Team.objects.get(slug="ssr2")

    restricted = item_with("Review non-disclosure form with ICANN Legal")
    assert restricted.visibility == Visibility.RESTRICTED
    assert restricted.visibility_reason
    assert restricted.topic == ""
    team_only = item_with("Send Co-Chairs table of outstanding briefing requests")
    assert team_only.visibility == Visibility.TEAM
    assert team_only.visibility_reason
    assert owner_names(team_only) == ["Staff"]
    public = visible_action_items(viewer=AnonymousUser(), team=team)
    assert public.count() == 18
    assert not public.filter(pk__in=[restricted.pk, team_only.pk]).exists()


def test_the_withheld_items_were_never_public_not_even_in_their_history() -> None:
    load_demo()
    withheld = ActionItem.objects.filter(team__slug="ssr2").exclude(visibility=Visibility.PUBLIC)

    entries = HistoryEntry.objects.filter(
        object_id__in=[item.pk for item in withheld], content_type__model="actionitem"
    )
    assert entries.count() >= 2
    assert not entries.filter(visibility=Visibility.PUBLIC).exists()
    feed = Client().get("/ssr2/feed.atom").content.decode()
    assert "non-disclosure" not in feed
    assert "outstanding briefing requests" not in feed


def test_the_duplicate_collaborative_tools_item_ends_up_as_one() -> None:
    output = load_demo()

    [item] = ActionItem.objects.filter(
        team__slug="ssr2", text__startswith="Research collaborative tools"
    )
    assert item.status == ActionItem.Status.IN_PROGRESS
    assert item.merged_into is None
    assert owner_names(item) == ["ICANN Org"]
    assert "collaborative-tools-duplicate: the importer already read it" in output


def test_it_completes_a_few_items_with_a_response() -> None:
    load_demo()

    done = ActionItem.objects.filter(team__slug="ssr2", status=ActionItem.Status.DONE)
    assert done.count() == 3
    for item in done:
        assert item.completed_response
        assert item.completed_on is not None
        assert item.requested_on is not None
        assert item.completed_on >= item.requested_on


def test_the_staff_sign_in_works_with_the_printed_password() -> None:
    output = load_demo()

    match = PASSWORD_LINE.search(output)
    assert match is not None
    assert "Username: staff" in output
    user = User.objects.get(username="staff")
    assert not user.is_superuser
    assert user.person.name == "Jennifer Bryce"
    assert Membership.objects.get(team__slug="ssr2", person=user.person).role == Role.STAFF
    assert Client().login(username="staff", password=match.group(1))
    assert not Client().login(username="staff", password="not-the-password")


def test_admin_and_password_options_make_a_superuser_with_that_password() -> None:
    output = load_demo("--admin", "--password", "correct-horse-battery-41")

    assert "Password: correct-horse-battery-41" in output
    user = User.objects.get(username="staff")
    assert user.is_superuser
    assert user.is_staff
    assert Client().login(username="staff", password="correct-horse-battery-41")


def test_it_refuses_a_weak_password_and_changes_nothing() -> None:
    with pytest.raises(CommandError, match="--password"):
        load_demo("--password", "123")

    assert not Team.objects.exists()
    assert not User.objects.exists()


def test_running_it_twice_changes_nothing_and_says_so() -> None:
    load_demo()
    before = counts()

    output = load_demo()

    assert "exists already" in output
    assert "Password" not in output
    assert counts() == before


def test_it_refuses_when_the_staff_username_is_taken_and_changes_nothing() -> None:
    User.objects.create_user(username="staff", password="an-older-password-17")

    with pytest.raises(CommandError, match="staff"):
        load_demo()

    assert not Team.objects.exists()
    assert not Person.objects.exists()


def test_it_loads_under_another_short_name() -> None:
    load_demo("--team-slug", "ssr2-demo")

    team = Team.objects.get(slug="ssr2-demo")
    assert team.action_items.count() == 20
    assert not Team.objects.filter(slug="ssr2").exists()


def test_a_mistake_in_the_data_names_the_item_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = fixture_data()
    [record] = [r for r in data["action_items"] if r["key"] == "briefing-requests-table"]
    record["owners"] = ["Staff", "Rodney"]
    monkeypatch.setattr("secretariat.core.management.commands.load_demo.read_fixture", lambda: data)

    with pytest.raises(
        CommandError, match=r"action item briefing-requests-table: owners: .*Rodney"
    ):
        load_demo()

    assert counts() == dict.fromkeys(counts(), 0)


def test_each_question_is_attributed_to_the_member_whose_initials_follow_it() -> None:
    from secretariat.requests.models import Question

    load_demo()

    gse = item_with("Send written responses to RT questions")
    askers = [
        q.asked_by.name if q.asked_by else q.asked_by_text
        for q in Question.objects.filter(action_item=gse).order_by("pk")
    ]
    assert askers == [
        "Alain Aina",
        "Geoff Huston",
        "Geoff Huston",
        "Geoff Huston",
        "Jabhera Matogoro",
        "Denise Michel",
        "Geoff Huston",
    ]


def test_the_calls_deck_has_the_seeds_slides_in_the_seeds_order() -> None:
    from secretariat.documents.build import deck_content, operator_viewer
    from secretariat.documents.slides import plan_deck

    load_demo()
    call = Meeting.objects.get(team__slug="ssr2", number=3)

    content = deck_content(viewer=operator_viewer(), team=call.team, meeting=call)
    titles = [slide.title for slide in plan_deck(content)]

    # The seed's slides: its title, "Proposed Agenda", a slide per section with something on it
    # (no empty "AOB"), the open items with their status lines, then the review tables.
    seed = [
        "Proposed Agenda",
        "ICANN59 Johannesburg share thoughts on agenda",
        "Update on requested tools",
        "Open Action Items/Requests",
        "Additional Information",
    ]
    assert titles[0].startswith("SSR2 Staff, Co-Chairs Coordination")
    assert [t for t in titles if t in seed] == seed
    assert "AOB" not in titles
    review = [t for t in titles if t.startswith("Review Open Action Items (")]
    assert review == [
        f"Review Open Action Items ({k} of {len(review)})" for k in range(1, len(review) + 1)
    ]
    assert titles[-len(review) :] == review
    tools = next(s for s in plan_deck(content) if s.title == "Update on requested tools")
    assert [b.text for b in tools.bullets] == [
        "Action item: Research collaborative tools the RT may use that can be publicly archived.",
        "Working with IT for approval on requested tools, potential briefing in Johannesburg.",
    ]


def test_the_coordination_calls_standing_items_are_marked_for_the_next_call() -> None:
    load_demo()

    top = AgendaItem.objects.filter(meeting__team__slug="ssr2", meeting__number=3, parent=None)
    assert [t.title for t in top.filter(standing=True).order_by("position")] == [
        "Review open action items/requests",
        "AOB",
    ]
