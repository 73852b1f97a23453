"""An anonymous visitor reads the public record, searches it, subscribes to the calendar and
never sees a restricted or team-only record; with JavaScript on, then off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CANARY, NOTE_CANARY, TEAM_CANARY, Record, Visit

CANARIES = (CANARY, TEAM_CANARY, NOTE_CANARY)


def assert_no_canary(page: Any) -> None:
    html = page.content()
    for canary in CANARIES:
        assert canary not in html, f"{canary} shown to an anonymous visitor at {page.url}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_anonymous_visitor_reads_searches_and_subscribes_without_seeing_restricted_records(
    browser: Any, live_server: Any, axe_source: str, record: Record, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    page = context.new_page()
    visit = Visit(page, live_server.url, axe_source, axe=javascript)
    suffix = "" if javascript else "-no-js"
    slug = record.team.slug
    public = record.public_item.number

    visit.open("/", shot=f"home{suffix}")
    page.get_by_role("link", name=record.team.name).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{slug}/")
    visit.check(shot=f"team-home{suffix}")
    assert_no_canary(page)

    visit.open(f"/{slug}/actions/", shot=f"tracker{suffix}")
    assert page.get_by_role("link", name=f"#{public}", exact=True).count() >= 1
    assert_no_canary(page)
    # The withheld item is a placeholder with the staff's reason, never its text.
    assert "Names a person who asked not to be named." in page.content()

    page.get_by_role("link", name=f"#{public}", exact=True).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{slug}/actions/{public}/")
    visit.check(shot=f"item{suffix}")
    assert "Sent to the list on 6/7." in page.content()
    assert_no_canary(page)

    visit.open(f"/{slug}/meetings/", shot=f"meetings{suffix}")
    page.get_by_role("link", name="SSR2 Plenary Call", exact=True).first.click()
    page.wait_for_load_state()
    visit.check(shot=f"meeting{suffix}")
    assert "The review team adopted its terms of reference." in page.content()
    assert_no_canary(page)

    visit.open(f"/{slug}/decisions/", shot=f"decisions{suffix}")
    assert_no_canary(page)

    visit.open("/search/")
    page.get_by_label("Words or an item number").fill("terms of reference")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=terms*")
    visit.check(shot=f"search{suffix}")
    # The result links to the item, its matching words marked in the snippet.
    assert page.locator(f'a[href="/{slug}/actions/{public}/"]').count() >= 1
    assert "<mark>terms</mark>" in page.content()
    for canary in CANARIES:
        page.goto(f"{live_server.url}/search/?q={canary}")
        # The query is echoed back; what must not be there is a result.
        assert page.get_by_text("0 results").count() == 1, f"{canary} found by search"
        assert page.locator("ol.results").count() == 0

    # Subscribing: the team's page links the calendar and the feed; both hold no canary.
    visit.open(f"/{slug}/")
    calendar = page.get_by_role("link", name="Calendar (iCalendar)")
    assert calendar.count() == 1
    answer = page.request.get(live_server.url + calendar.get_attribute("href"))
    assert answer.ok
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in answer.text()
    feed = page.request.get(f"{live_server.url}/{slug}/feed.atom")
    assert feed.ok
    for canary in CANARIES:
        assert canary not in answer.text()
        assert canary not in feed.text()

    context.close()
    visit.assert_clean()
