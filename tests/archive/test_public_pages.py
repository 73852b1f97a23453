"""Every public page is light and plainly accessible, as an anonymous visitor gets it.

The pages of every public path of the archive (teams, a team's home, the tracker and an item,
meetings and a meeting, decisions, requests and a request, questions and a question, events and
an event, the work plan) are read with a full record behind them, and each must: load one small
stylesheet and nothing from another site, carry no inline style or script (the CSP forbids
them), have a language, one h1 and headings that never skip a level, a label for every field,
header cells in every table, and stay under 50 KB gzipped. An anonymous visitor is never sent
to sign in for any of them.
"""

from __future__ import annotations

import gzip
from html.parser import HTMLParser

import pytest
from django.test import Client

from secretariat.meetings.models import Meeting
from secretariat.teams.models import Person, Team
from tests.archive.seed import Seeded, seed_public_extra, seed_record

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024
FIELDS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """What the checks need from one page, collected in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.stylesheets: list[str] = []
        self.resources: list[str] = []  # addresses the browser fetches by itself
        self.inline: list[str] = []  # inline styles and scripts
        self.headings: list[int] = []
        self.fields: list[dict[str, str]] = []
        self.labels: set[str] = set()
        self.tables = 0
        self.header_cells = 0
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if "style" in a:
            self.inline.append(f"<{tag} style>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.stylesheets.append(a.get("href", ""))
        if tag == "link" and a.get("rel") in {"stylesheet", "preload", "icon", "prefetch"}:
            self.resources.append(a.get("href", ""))
        if tag in {"script", "img", "iframe", "audio", "video", "source"} and a.get("src"):
            self.resources.append(a["src"])
        if tag == "script" and not a.get("src"):
            self.in_script = True
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        if tag in FIELDS and a.get("type", "") not in UNLABELLED_INPUTS:
            self.fields.append(a)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.header_cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.inline.append("<script> with code")


@pytest.fixture
def seeded(team: Team, staff: Person, other_member: Person) -> Seeded:
    seeded = seed_record(team, staff=staff, named=other_member)
    seed_public_extra(seeded, staff=staff, meeting=Meeting.objects.get(team=team, number=111))
    return seeded


def _public_pages(seeded: Seeded) -> list[str]:
    from secretariat.events.models import Event
    from secretariat.requests.models import Question, Request

    slug = seeded.team.slug
    request = Request.objects.filter(team=seeded.team, visibility="public").first()
    question = Question.objects.filter(team=seeded.team, visibility="public").first()
    event = Event.objects.filter(team=seeded.team, visibility="public").first()
    assert request is not None
    assert question is not None
    assert event is not None
    return [
        "/",
        f"/{slug}/",
        f"/{slug}/actions/",
        f"/{slug}/actions/1/",
        f"/{slug}/meetings/",
        f"/{slug}/meetings/111/",
        f"/{slug}/meetings/111/minutes/",
        f"/{slug}/decisions/",
        f"/{slug}/requests/",
        f"/{slug}/requests/{request.number}/",
        f"/{slug}/questions/",
        f"/{slug}/questions/{question.number}/",
        f"/{slug}/events/",
        f"/{slug}/events/{event.slug}/",
        f"/{slug}/workplan/",
        "/search/?q=public",
    ]


def _problems(url: str, body: bytes) -> list[str]:
    page = Page()
    page.feed(body.decode())
    found = []
    if not page.lang:
        found.append("no lang on <html>")
    if len(page.stylesheets) != 1 or not page.stylesheets[0].startswith("/static/"):
        found.append(f"stylesheets {page.stylesheets}")
    found += [f"fetches {r} from elsewhere" for r in page.resources if not r.startswith("/")]
    found += page.inline
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} h1")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            found.append(f"heading h{before} then h{after}")
    for f in page.fields:
        if not (f.get("id") in page.labels or f.get("aria-label") or f.get("aria-labelledby")):
            found.append(f"field {f.get('name')} without a label")
    if page.tables and page.header_cells == 0:
        found.append("tables without header cells")
    size = len(gzip.compress(body))
    if size >= LIMIT:
        found.append(f"{size} bytes gzipped")
    return [f"{url}: {p}" for p in found]


def test_every_public_page_is_light_and_accessible(seeded: Seeded, client: Client) -> None:
    problems = []
    for url in _public_pages(seeded):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        problems += _problems(url, response.content)

    assert problems == [], "\n".join(problems)


def test_the_stylesheet_is_small_and_loads_no_fonts(client: Client) -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("secretariat/site.css")
    assert path is not None
    css = open(path, "rb").read()  # noqa: SIM115

    assert len(gzip.compress(css)) < 10 * 1024
    assert b"@font-face" not in css
    assert b"@import" not in css
    assert b"url(http" not in css
