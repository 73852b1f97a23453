"""The team's Atom feed carries requests, questions and events under the feed's one rule: a
change is in it only if it was public when made and its record is public now. An answer
reaches it only once published, and leaves it when unpublished."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.events.services import add_session, create_event, recommend_session
from secretariat.requests.services import (
    add_request_note,
    answer_question,
    change_request_status,
    publish_answer,
    schedule_briefing,
    update_request,
)
from secretariat.teams.models import Person, Team
from tests.conftest import user_of
from tests.factories import make_call
from tests.requests.helpers import DNS_ABUSE, FRAMEWORK, GSE_QUESTION, make_question, make_request

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ANSWER = "GSE coordinates with OCTO on capacity building for ccTLD operators."


def _feed(client: Client) -> tuple[list[tuple[str, str, str]], str]:
    response = client.get("/ssr2/feed.atom")
    assert response.status_code == 200
    body = response.content.decode()
    root = ET.fromstring(body)  # noqa: S314 - our own output
    entries = [
        (
            e.findtext(f"{ATOM}title", ""),
            e.find(f"{ATOM}link").get("href", ""),  # type: ignore[union-attr]
            e.findtext(f"{ATOM}summary", "") or e.findtext(f"{ATOM}content", ""),
        )
        for e in root.findall(f"{ATOM}entry")
    ]
    return entries, body


def test_a_briefing_request_is_followed_from_request_to_scheduled(
    team: Team, staff: Person, client: Client
) -> None:
    request = make_request(team, addressed_to="OCTO")
    request = change_request_status(
        request=request,
        by=user_of(staff),
        expected_version=1,
        status="in_progress",
        note="OCTO confirms a presenter for the week of 12 June.",
    )
    add_request_note(request=request, by=user_of(staff), text="Dave Piscitello to present.")
    schedule_briefing(
        request=request,
        by=user_of(staff),
        expected_version=request.version,
        meeting=make_call(team, 42, "SSR2 Plenary Call"),
    )

    entries, _body = _feed(client)

    entries = [e for e in entries if not e[0].startswith("Meeting #")]
    titles = [title for title, _link, _text in entries]
    assert [t.split(" — ")[1] for t in titles] == [
        "Jennifer Bryce scheduled the briefing",
        "Jennifer Bryce added a note to the request",
        "Jennifer Bryce changed the request's status",
        "the system recorded the request",
    ]
    assert all(t.startswith("R1 — ") for t in titles)
    assert all(link.endswith("/ssr2/requests/1/") for _t, link, _x in entries)
    texts = "\n".join(text for _t, _l, text in entries)
    assert DNS_ABUSE in texts
    assert "OCTO confirms a presenter" in texts
    assert "Dave Piscitello to present." in texts


def test_restricted_requests_notes_and_meetings_stay_out(
    team: Team, staff: Person, client: Client
) -> None:
    make_request(team, "ZQXV-restricted-briefing", visibility=Visibility.RESTRICTED)
    public = make_request(team, FRAMEWORK)
    add_request_note(
        request=public,
        by=user_of(staff),
        text="ZQXV-restricted-note on the presenter's contract",
        visibility=Visibility.RESTRICTED,
    )
    closed = make_call(team, 43, "ZQXV-closed-call", visibility=Visibility.RESTRICTED)
    schedule_briefing(request=public, by=None, expected_version=None, meeting=closed)
    # Public once, restricted now: nothing of it, not even what was said while public.
    later = make_request(team, "ZQXV-was-public-briefing")
    update_request(
        request=later,
        by=user_of(staff),
        expected_version=1,
        changes={"visibility": Visibility.RESTRICTED, "visibility_reason": "Under legal review"},
    )

    entries, body = _feed(client)

    assert "ZQXV" not in body
    assert any(title.startswith("R2 — ") for title, _l, _t in entries)  # the public one
    assert any("scheduled the briefing" in title for title, _l, _t in entries)


def test_a_question_is_in_the_feed_when_asked_and_its_answer_only_once_published(
    team: Team, staff: Person, member: Person, client: Client
) -> None:
    question = make_question(team, asked_by=member, addressed_to="GSE")
    answered = answer_question(
        question=question, by=user_of(staff), expected_version=1, answer=ANSWER
    )

    entries, body = _feed(client)
    assert [t for t, _l, _x in entries] == ["Q1 — the system recorded the question"]
    assert GSE_QUESTION in body
    assert "ccTLD operators" not in body

    publish_answer(question=answered, by=user_of(staff), expected_version=2)
    entries, body = _feed(client)
    assert entries[0][0] == "Q1 — Jennifer Bryce published the answer"
    assert ANSWER in entries[0][2]
    assert entries[0][1].endswith("/ssr2/questions/1/")

    publish_answer(question=answered, by=user_of(staff), expected_version=3, published=False)
    entries, body = _feed(client)
    assert "ccTLD operators" not in body
    assert [t for t, _l, _x in entries] == ["Q1 — the system recorded the question"]


def test_an_answer_published_when_written_is_in_the_feed_as_it_reads_now(
    team: Team, staff: Person, client: Client
) -> None:
    question = make_question(team)
    answer_question(
        question=question, by=user_of(staff), expected_version=1, answer="First draft.",
        published=True,
    )  # fmt: skip
    # Revised while published: the feed shows the published answer as it reads now.
    answer_question(
        question=question, by=user_of(staff), expected_version=2, answer=ANSWER, published=True
    )

    entries, body = _feed(client)

    assert entries[0][0] == "Q1 — Jennifer Bryce published the answer"
    assert ANSWER in entries[0][2]
    assert "First draft." not in body


def test_restricted_questions_stay_out(team: Team, staff: Person, client: Client) -> None:
    hidden = make_question(team, "ZQXV-restricted-question", visibility=Visibility.RESTRICTED)
    answer_question(
        question=hidden, by=user_of(staff), expected_version=1, answer="ZQXV-answer",
        published=True,
    )  # fmt: skip

    entries, body = _feed(client)

    assert entries == []
    assert "ZQXV" not in body


def test_events_and_recommended_sessions_of_public_events_only(
    team: Team, staff: Person, client: Client
) -> None:
    icann59 = create_event(
        team=team,
        by=user_of(staff),
        name="ICANN59 Johannesburg",
        place="Sandton Convention Centre",
        starts_on=dt.date(2017, 6, 26),
        ends_on=dt.date(2017, 6, 29),
        time_zone="Africa/Johannesburg",
    )
    session = add_session(
        event=icann59,
        by=user_of(staff),
        title="DNS Abuse Reporting",
        starts_at=dt.datetime(2017, 6, 27, 8, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2017, 6, 27, 10, 0, tzinfo=dt.UTC),
    )
    recommend_session(session=session, by=user_of(staff), reason="Feeds the DNS abuse review.")
    create_event(
        team=team,
        by=None,
        name="ZQXV closed retreat",
        starts_on=dt.date(2017, 7, 3),
        ends_on=dt.date(2017, 7, 4),
        visibility=Visibility.RESTRICTED,
    )

    entries, body = _feed(client)

    titles = [t for t, _l, _x in entries]
    assert titles == [
        "Session DNS Abuse Reporting — Jennifer Bryce recommended a session",
        "Event icann59-johannesburg — Jennifer Bryce created the event",
    ]
    assert all(link.endswith("/ssr2/events/icann59-johannesburg/") for _t, link, _x in entries)
    assert "Feeds the DNS abuse review." in body
    assert "ZQXV" not in body
