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
from django.test import Client

from secretariat.archive.export import export_archive
from secretariat.teams.models import Person, Team
from tests.archive.crawl import fill, links, readable, url_patterns
from tests.archive.seed import CANARY, REASON, Seeded, seed_record
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
    return seed_record(team, staff=staff, named=other_member)


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
    assert REASON in everything  # withheld records say why
    # The sweep really read the documents and feeds, not only error pages.
    assert {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/pdf",
        "application/atom+xml",
        "text/calendar",
    } <= sweep.content_types
    assert len(sweep.seen) > 100


def test_the_static_export_holds_no_canary(seeded: Seeded, tmp_path: Path) -> None:
    export_archive(tmp_path / "site")

    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    leaks = [str(p) for p in files if CANARY.encode() in p.read_bytes()]
    assert leaks == []
    everything = b"".join(p.read_bytes() for p in files)
    for marker in seeded.public_markers:
        assert marker.encode() in everything, marker


@pytest.mark.xfail(
    strict=True,
    reason=(
        "meetings leak: previous_of_kind() and minutes_approved_at() read without the viewer, so "
        "a public meeting's page names a restricted meeting before it (reported to the lead)"
    ),
)
def test_a_restricted_meeting_is_not_named_on_the_public_meeting_after_it(
    team: Team, client: Client
) -> None:
    from secretariat.meetings.services import approve_minutes, save_minutes_draft
    from tests.factories import make_call

    closed = make_call(
        team,
        110,
        "ZQXV-previous-meeting",
        starts_at=dt.datetime(2017, 5, 30, 14, 0, tzinfo=dt.UTC),
        visibility="restricted",
    )
    public = make_call(team, 111, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    minutes = save_minutes_draft(meeting=closed, by=None, text="ZQXV-previous-minutes")
    approve_minutes(minutes=minutes, by=None, at_meeting=public)

    body = client.get("/ssr2/meetings/111/").content.decode()

    assert CANARY not in body
