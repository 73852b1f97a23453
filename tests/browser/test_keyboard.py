"""Keyboard only: the first Tab reaches "Skip to content", which moves the reader to the main
content; a member signs in and adds a progress note without touching the mouse."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import Record, Visit


def _focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), text: (el.textContent || "").trim(),
                    name: el.getAttribute("name") || "", id: el.id || ""};
        }"""
    )


def _tab_to(page: Any, wanted: Any, *, limit: int = 40) -> dict[str, str]:
    """Press Tab until `wanted(focused)` holds; fail if it takes more than `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if wanted(focused):
            return focused
        seen.append(focused)
    raise AssertionError(f"Tab never reached the element; focused on the way: {seen}")


def test_a_member_uses_the_site_with_the_keyboard_only(visit: Visit, record: Record) -> None:
    from secretariat.tracker.models import ProgressNote

    page = visit.page
    slug = record.team.slug
    visit.open(f"/{slug}/actions/")

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    # Sign in: Tab to the link, then the form, typing and pressing Enter.
    _tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Sign in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    _tab_to(page, lambda f: f["name"] == "username")
    page.keyboard.type("boban.krsic")
    page.keyboard.press("Tab")
    assert _focused(page)["name"] == "password"
    from tests.factories import PASSWORD

    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # (A glob would match the sign-in page's own ?next= address.)
    page.wait_for_url(lambda url: urlsplit(url).path == f"/{slug}/actions/")
    assert page.get_by_role("button", name="Sign out").count() == 1

    visit.open(f"/{slug}/actions/{record.member_item.number}/")
    text = "Draft list of gaps shared with the sub-team for comment."
    _tab_to(page, lambda f: f["tag"] == "textarea")
    page.keyboard.type(text)
    # (A date field takes several Tabs: day, month, year and its picker.)
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Add note", limit=12)
    page.keyboard.press("Enter")
    page.locator("#notes").get_by_text(text).wait_for()
    assert ProgressNote.objects.get(item=record.member_item).text == text
    visit.check(shot="keyboard-item-noted")
    visit.assert_clean()
