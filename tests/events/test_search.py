"""Events and sessions in site search: a session takes its event's team and visibility (and
follows it when the event's visibility changes), so a restricted event's session never reaches
an anonymous search, and a hit leads to the event's page."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client

from secretariat.archive.models import SearchDocument
from secretariat.archive.search import search
from secretariat.events.services import update_event
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.events.helpers import make_icann59, make_session

CANARY = "KSK rollover vendor shortlist"


def _titles(viewer: object, query: str = "shortlist") -> list[str]:
    return [hit.title for hit in search(viewer=viewer, query=query)]  # type: ignore[arg-type]


def test_events_and_sessions_are_indexed_with_the_events_visibility(team: Team) -> None:
    event = make_icann59(team, visibility="restricted")
    session = make_session(event, "Closed session", 28, 9, description=CANARY)

    rows = {
        (d.kind, d.object_id): (d.team_id, d.visibility)
        for d in SearchDocument.objects.filter(kind__in=("event", "session"))
    }

    assert rows[("event", event.pk)] == (team.pk, "restricted")
    assert rows[("session", session.pk)] == (team.pk, "restricted")


def test_a_public_session_is_found_and_leads_to_its_event(team: Team) -> None:
    event = make_icann59(team)
    make_session(event, "DNS Abuse Reporting", 28, 9, description=CANARY)

    (hit,) = search(viewer=None, query="shortlist")

    assert (hit.kind, hit.title, hit.url) == (
        "session",
        "ICANN59 Johannesburg · DNS Abuse Reporting",
        "/ssr2/events/icann59-johannesburg/",
    )
    page = Client().get("/search/", {"q": "shortlist"}).content.decode()
    assert "Session ICANN59 Johannesburg · DNS Abuse Reporting" in page
    assert "/ssr2/events/icann59-johannesburg/" in page


def test_a_restricted_events_session_never_shows_up_for_an_anonymous_search(
    team: Team, staff: Person
) -> None:
    event = make_icann59(team, visibility="restricted")
    make_session(event, "Closed session", 28, 9, description=CANARY)

    assert _titles(None) == []
    assert _titles(user_of(staff)) == ["ICANN59 Johannesburg · Closed session"]
    page = Client().get("/search/", {"q": "shortlist"}).content.decode()
    assert "Closed session" not in page
    assert "vendor" not in page


def test_a_session_follows_its_event_when_the_event_is_opened_or_closed(team: Team) -> None:
    event = make_icann59(team)
    session = make_session(event, "Public Forum", 29, 15, description=CANARY)
    assert _titles(None) == ["ICANN59 Johannesburg · Public Forum"]

    update_event(event=event, by=None, expected_version=1, changes={"visibility": "team"})

    document = SearchDocument.objects.get(kind="session", object_id=session.pk)
    assert document.visibility == "team"
    assert _titles(None) == []


def test_rebuilding_the_index_keeps_sessions_at_their_events_visibility(team: Team) -> None:
    event = make_icann59(team, visibility="restricted")
    session = make_session(event, "Closed session", 28, 9, description=CANARY)

    call_command("rebuild-search-index", verbosity=0)

    document = SearchDocument.objects.get(kind="session", object_id=session.pk)
    assert (document.visibility, document.team_id) == ("restricted", team.pk)
    assert _titles(None) == []
