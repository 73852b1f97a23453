"""A member updates their own item from a phone (375x667), with JavaScript (htmx swaps the
notes in place) and without it (a plain form post and redirect)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Record, Visit, screenshot, sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_member_adds_a_note_to_their_item_from_a_phone(
    browser: Any, live_server: Any, axe_source: str, record: Record, javascript: bool
) -> None:
    from secretariat.tracker.models import ProgressNote

    context = browser.new_context(
        viewport={"width": 375, "height": 667},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        locale="en-GB",
    )
    page = context.new_page()
    visit = Visit(page, live_server.url, axe_source, axe=javascript)
    suffix = "" if javascript else "-no-js"
    sign_in(page, live_server.url, "boban.krsic")
    number = record.member_item.number
    text = "Gaps listed in the sub-team's working document; two need ICANN Org's input."

    visit.open(f"/{record.team.slug}/actions/{number}/", shot=f"phone-item{suffix}")
    # Nothing on the page is wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.get_by_role("textbox", name="Progress note").fill(text)
    page.get_by_role("button", name="Add note").click()
    page.locator("#notes").get_by_text(text).wait_for()
    visit.check()
    screenshot(page, f"phone-item-noted{suffix}")

    note = ProgressNote.objects.get(item=record.member_item)
    assert note.text == text
    assert note.author == record.member
    record.member_item.refresh_from_db()
    assert record.member_item.version == 2
    context.close()
    visit.assert_clean()
