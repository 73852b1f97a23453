"""axe-core on every public page and on the main staff pages: no serious or critical violation.

The pages are found the way a person finds them: from the team's home, every section its
navigation links to, then the first record and the first "new" form each section links to. A
section an anonymous visitor may not read (sign-in asked, or refused) is not a public page and
is left to the staff's pass.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import Record, Visit, screenshot, sign_in


def _section_paths(page: Any) -> list[str]:
    hrefs = page.locator("nav.team-sections a").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs]


def _first_link(page: Any, section: str, *, new: bool) -> str | None:
    """The first link below `section` to a record (or to its "new" form when `new`)."""
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path
        if parts.query or not path.startswith(section) or path == section:
            continue
        if path.endswith(".ics") or path.endswith(".csv") or path.endswith(".xlsx"):
            continue
        is_new = path.endswith("/new/")
        if new == is_new and (new or re.fullmatch(r"[^/]+/", path[len(section) :])):
            return path
    return None


def _crawl(visit: Visit, slug: str, *, staff: bool) -> tuple[list[str], list[str]]:
    """Open the team's home, its sections, and a record and a form of each; return the pages
    checked and the sections left out as not public."""
    page = visit.page
    checked: list[str] = []
    not_public: list[str] = []
    visit.open(f"/{slug}/")
    checked.append(f"/{slug}/")
    for section in _section_paths(page):
        response = page.goto(visit.base_url + section)
        assert response is not None
        if not staff and (response.status == 403 or "/accounts/login/" in page.url):
            not_public.append(section)
            continue
        assert response.status == 200, f"{section} answered {response.status}"
        visit.check(shot=f"{'staff' if staff else 'public'}-{section.strip('/').replace('/', '-')}")
        checked.append(section)
        for new in (False, True) if staff else (False,):
            found = _first_link(page, section, new=new)
            if found and found not in checked:
                visit.open(found)
                checked.append(found)
                page.goto(visit.base_url + section)
    return checked, not_public


def test_every_public_page_passes_axe(visit: Visit, record: Record) -> None:
    slug = record.team.slug
    visit.open("/")
    checked, not_public = _crawl(visit, slug, staff=False)
    for path in (
        f"/{slug}/actions/{record.public_item.number}/",
        f"/{slug}/meetings/{record.meeting.number}/",
        "/search/?q=terms+of+reference",
        "/accounts/login/",
        record.poll_answer_path,  # an invitee's personal link: no account
    ):
        visit.open(path)
    screenshot(visit.page, "public-login")
    # The public record's core is public: the tracker, the meetings and the decisions.
    for section in ("actions", "meetings", "decisions", "requests", "questions", "events"):
        assert f"/{slug}/{section}/" in checked, f"{section} is not public: {not_public}"
    visit.assert_clean()


def test_the_main_staff_pages_pass_axe(visit: Visit, live_server: Any, record: Record) -> None:
    slug = record.team.slug
    sign_in(visit.page, live_server.url, "jennifer.bryce")
    checked, _ = _crawl(visit, slug, staff=True)
    number = record.public_item.number
    meeting = record.meeting.number
    for path in (
        f"/{slug}/actions/{number}/",
        f"/{slug}/actions/{number}/edit/",
        f"/{slug}/actions/new/",
        f"/{slug}/meetings/{meeting}/",
        f"/{slug}/meetings/{meeting}/edit/",
        f"/{slug}/meetings/{meeting}/attendance/",
        f"/{slug}/meetings/new/?from={meeting}",
        f"/{slug}/import/",
        "/account/",
        "/account/tokens/",
    ):
        if path not in checked:
            visit.open(path, shot="staff-" + path.strip("/").replace("/", "-").replace("?", "-"))
    visit.assert_clean()
