"""Nothing restricted leaks anywhere: a sweep of the whole site for canary strings.

One restricted record of every kind (tests/archive/seed.py) carries a unique canary in each text
field; then an anonymous visitor and a member the records do not name fetch every address the
URL patterns allow (filled with the seeded numbers and keys), every link the pages show, every
GET endpoint of the API, search for each canary, the Atom feed, the calendar, the document
downloads of meetings (PPTX and DOCX unzipped, PDF text extracted), and the static export.
No canary may appear in any of it; the public markers must.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import deque
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from secretariat.archive.export import export_archive
from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Person, Team
from tests.archive.crawl import fill, links, readable, url_patterns
from tests.archive.seed import CANARY, REASON, Seeded, canary, seed_public_extra, seed_record
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Not part of anyone's view of the record: Django's admin (superusers only, its own checks),
# sign-in and password screens, static files. The API is swept through its OpenAPI document.
SKIPPED = ("/admin/", "/accounts/", "/static/", "/api/")
MAX_FETCHES = 4000
API_PARAM = re.compile(r"\{(\w+)\}")
SEARCH_WORDS = (
    "item", "note", "text", "title", "meeting", "agenda", "decision", "material", "minutes",
    "request", "question", "milestone", "event", "session", "place", "response",
)  # fmt: skip


@pytest.fixture
def seeded(
    team: Team, staff: Person, other_member: Person, member: Person, settings: object
) -> Seeded:
    # The sweep asks the API far more often than any person would.
    settings.API_RATE_LIMIT_ANONYMOUS = 100_000  # type: ignore[attr-defined]
    settings.API_RATE_LIMIT_AUTHENTICATED = 100_000  # type: ignore[attr-defined]
    seeded = seed_record(team, staff=staff, named=other_member)
    # A public record of every kind the newer apps define (requests, questions, events, work
    # plan) beside the restricted ones: their pages must show it, and nothing closed.
    seed_public_extra(seeded, staff=staff, meeting=Meeting.objects.get(team=team, number=111))
    if apps.is_installed("secretariat.requests"):
        from secretariat.requests.models import Question

        # A public question answered, the answer not yet published: only staff and chairs read it.
        Question.objects.filter(team=team, visibility=Visibility.PUBLIC).update(
            status=Question.Status.ANSWERED, answer=canary("unpublished-answer"), published=False
        )
        _seed_request_history(team, staff=staff)
    return seeded


def _seed_request_history(team: Team, *, staff: Person) -> None:
    """Requests and questions changed through their services, so their history (and the Atom
    feed built from it) holds every kind of change that must stay closed: a restricted request
    noted, moved and scheduled; a restricted note and a restricted meeting on a public request;
    a restricted question answered and published; public questions whose answers are a draft,
    or were published and then unpublished."""
    from secretariat.requests import services
    from tests.factories import make_call

    by = staff.user
    closed_call = make_call(team, 150, canary("briefing-call"), visibility=Visibility.RESTRICTED)
    hidden = services.create_request(
        team=team,
        by=by,
        kind="briefing",
        title=canary("request-title"),
        description=canary("request-description"),
        addressed_to="Legal",
        visibility=Visibility.RESTRICTED,
        visibility_reason=REASON,
    )
    services.change_request_status(
        request=hidden, by=by, expected_version=1, status="in_progress", note=canary("status-note")
    )
    services.add_request_note(request=hidden, by=by, text=canary("request-note"))
    services.schedule_briefing(
        request=hidden, by=by, expected_version=hidden.version, meeting=closed_call
    )
    public = services.create_request(
        team=team, by=by, kind="briefing", title="Briefing on the SSR1 implementation report"
    )
    services.add_request_note(
        request=public, by=by, text=canary("restricted-note"), visibility=Visibility.RESTRICTED
    )
    services.schedule_briefing(
        request=public, by=by, expected_version=public.version, meeting=closed_call
    )
    secret = services.create_question(
        team=team, by=by, text=canary("question-text"), visibility=Visibility.RESTRICTED
    )
    services.answer_question(
        question=secret, by=by, expected_version=1, answer=canary("answer"), published=True
    )
    draft = services.create_question(team=team, by=by, text="Who reviews the SSR1 report?")
    services.answer_question(
        question=draft, by=by, expected_version=1, answer=canary("draft-answer")
    )
    withdrawn = services.create_question(team=team, by=by, text="When is the report due?")
    services.answer_question(
        question=withdrawn, by=by, expected_version=1, answer=canary("retracted"), published=True
    )
    services.publish_answer(question=withdrawn, by=by, expected_version=2, published=False)


def _values(seeded: Seeded) -> dict[str, list[str]]:
    numbers = sorted(str(n) for n in seeded.numbers)
    keys = sorted(str(k) for k in seeded.pks)
    return {
        "team": [seeded.team.slug],
        "slug": [seeded.team.slug, *sorted(seeded.slugs)],
        "number": numbers,
        "item": keys,
        "pk": keys,
        "*": sorted({*numbers, *keys, *seeded.slugs}),
    }


def _start_urls(seeded: Seeded) -> list[str]:
    values = _values(seeded)
    urls: list[str] = []
    for pattern in url_patterns():
        if pattern.route.startswith(SKIPPED) or "uidb64" in pattern.route:
            continue
        urls.extend(fill(pattern, values))
    for number in seeded.public_meetings:
        base = f"/{seeded.team.slug}/meetings/{number}"
        urls += [f"{base}/deck/?format={fmt}" for fmt in ("pptx", "pdf", "md")]
        urls += [f"{base}/agenda-document/?format={fmt}" for fmt in ("md", "html")]
    # Search echoes its query, so it looks for the canaries' endings: a hit would show the
    # whole canary, prefix included.
    urls += [f"/search/?q={word}" for word in SEARCH_WORDS]
    urls.append("/search/?q=PUBLICMARK")
    return urls


class Sweep:
    def __init__(self, client: Client, who: str) -> None:
        self.client = client
        self.who = who
        self.leaks: list[str] = []
        self.seen: set[str] = set()
        self.texts: list[str] = []
        self.content_types: set[str] = set()

    def check(self, url: str) -> str:
        response = self.client.get(url)
        text = readable(response)
        self.content_types.add(response.get("Content-Type", "").split(";")[0])
        for match in re.finditer(CANARY + r"[\w-]*", text):
            start = max(match.start() - 60, 0)
            self.leaks.append(
                f"{self.who} {url} ({response.status_code}): …{text[start : match.end() + 20]}…"
            )
        self.texts.append(text)
        return text

    def crawl(self, start: list[str]) -> None:
        queue = deque(u for u in start if not (u in self.seen or self.seen.add(u)))  # type: ignore[func-returns-value]
        while queue and len(self.seen) <= MAX_FETCHES:
            url = queue.popleft()
            text = self.check(url)
            for link in links(text):
                if link.startswith(SKIPPED) or link in self.seen:
                    continue
                self.seen.add(link)
                queue.append(link)

    def api(self, seeded: Seeded) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        # In the API, {slug} is always the team's.
        values = {**_values(seeded), "slug": [seeded.team.slug]}
        for path, operations in schema["paths"].items():
            if "get" not in operations:
                continue
            names = API_PARAM.findall(path)
            choices = [values.get(n, values["*"]) for n in names]
            for combination in itertools.product(*choices):
                chosen = iter(combination)
                self.check(API_PARAM.sub(lambda _m, c=chosen: next(c), path))


@pytest.mark.parametrize("who", ["anonymous", "member not named"])
def test_no_canary_reaches_a_reader_who_may_not_read_it(
    seeded: Seeded, member: Person, who: str
) -> None:
    client = Client() if who == "anonymous" else client_for(member)
    sweep = Sweep(client, who)

    sweep.crawl(_start_urls(seeded))
    sweep.api(seeded)

    assert sweep.leaks == [], "\n".join(sweep.leaks)
    everything = "\n".join(sweep.texts)
    for marker in seeded.public_markers:
        assert marker in everything, marker
    for label, texts in seeded.public_texts.items():
        assert any(text in everything for text in texts), f"no public {label} shown: {texts}"
    assert REASON in everything  # withheld records say why
    # The sweep really read the documents and feeds, not only error pages.
    assert {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/pdf",
        "application/atom+xml",
        "text/calendar",
    } <= sweep.content_types
    assert len(sweep.seen) > 100


def test_the_static_export_holds_no_canary_and_every_public_page(
    seeded: Seeded, tmp_path: Path
) -> None:
    export_archive(tmp_path / "site")

    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    leaks = [str(p) for p in files if CANARY.encode() in p.read_bytes()]
    assert leaks == []
    everything = b"".join(p.read_bytes() for p in files)
    for marker in seeded.public_markers:
        assert marker.encode() in everything, marker
    for label, texts in seeded.public_texts.items():
        assert any(t.encode() in everything for t in texts), f"no public {label}: {texts}"
    root = tmp_path / "site"
    # Every public path of the issue is in the copy, and every link in it resolves.
    slug = seeded.team.slug
    for page in (
        "",
        f"{slug}/",
        f"{slug}/actions/",
        f"{slug}/meetings/",
        f"{slug}/meetings/111/",
        f"{slug}/decisions/",
        f"{slug}/requests/",
        f"{slug}/questions/",
        f"{slug}/events/",
        f"{slug}/workplan/",
    ):
        assert (root / page / "index.html").is_file(), page
    assert (root / slug / "feed.atom").is_file()
    # Documents asked for with a query are kept beside their page, named after the query.
    assert (root / slug / "meetings/111/deck/index-format-pptx.pptx").is_file()
    assert (root / slug / "archive.json").is_file()
    assert (root / slug / "calendar.ics").is_file()
    broken = []
    for page in files:
        if page.suffix != ".html":
            continue
        for link in re.findall(r'(?:href|src)="(/[^"#?]*)', page.read_text()):
            target = root / link.lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(root)} -> {link}")
    assert broken == []


def test_a_restricted_meeting_is_not_named_on_the_public_meetings_around_it(
    team: Team, client: Client, staff: Person, settings: object
) -> None:
    settings.API_RATE_LIMIT_ANONYMOUS = 100_000  # type: ignore[attr-defined]
    from secretariat.meetings.services import approve_minutes, save_minutes_draft
    from tests.factories import make_call

    opening = make_call(team, 109, starts_at=dt.datetime(2017, 5, 23, 14, 0, tzinfo=dt.UTC))
    closed = make_call(
        team,
        110,
        "ZQXV-previous-meeting",
        starts_at=dt.datetime(2017, 5, 30, 14, 0, tzinfo=dt.UTC),
        visibility="restricted",
    )
    public = make_call(team, 111, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    # The closed call's minutes approved at the public one, the opening call's at the closed one.
    minutes = save_minutes_draft(meeting=closed, by=None, text="ZQXV-previous-minutes")
    approve_minutes(minutes=minutes, by=None, at_meeting=public)
    opening_minutes = save_minutes_draft(meeting=opening, by=None, text="Attendance: 9 members.")
    approve_minutes(minutes=opening_minutes, by=None, at_meeting=closed)

    pages = {
        url: client.get(url).content.decode()
        for url in (
            "/ssr2/meetings/111/",
            "/ssr2/meetings/109/minutes/",
            "/ssr2/meetings/111/minutes/",
        )
    }

    for url, body in pages.items():
        assert CANARY not in body, url
        assert "/ssr2/meetings/110/" not in body, url
    # The public call's "previous meeting" is the last one the visitor may read.
    assert "/ssr2/meetings/109/minutes/" in pages["/ssr2/meetings/111/"]
    # Nor does the API give the closed call's number to an anonymous caller.
    api = client.get("/api/v1/teams/ssr2/meetings/109/minutes").json()
    assert api["status"] == "approved"
    assert api["approved_at"] is None
    # Staff still see the closed call where it is named.
    staff_view = client_for(staff).get("/ssr2/meetings/111/").content.decode()
    assert "ZQXV-previous-meeting" in staff_view
    assert "/ssr2/meetings/110/minutes/" in staff_view
