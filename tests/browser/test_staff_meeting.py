"""A staff member runs a call: signs in, creates the meeting from the last one, takes
attendance, records two action items and a decision in place, downloads the deck; no mail is
sent on the way. With JavaScript on (htmx adds the items in place), then off (plain
forms that post and come back to the meeting)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from tests.browser.conftest import Record, Visit, screenshot, sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_staff_run_a_call_from_the_last_meeting_to_the_deck(
    browser: Any,
    live_server: Any,
    axe_source: str,
    record: Record,
    tmp_path: Path,
    javascript: bool,
) -> None:
    from secretariat.meetings.models import Attendance, Decision, Meeting
    from secretariat.tracker.models import ActionItem

    context = browser.new_context(java_script_enabled=javascript, locale="en-GB")
    page = context.new_page()
    visit = Visit(page, live_server.url, axe_source, axe=javascript)
    suffix = "" if javascript else "-no-js"
    slug = record.team.slug
    sign_in(page, live_server.url, "jennifer.bryce")

    visit.open(f"/{slug}/actions/", shot=f"staff-tracker{suffix}")
    visit.open(f"/{slug}/meetings/{record.meeting.number}/", shot=f"staff-meeting-110{suffix}")
    page.get_by_role("link", name="Next meeting from this one").click()
    page.wait_for_url("**/meetings/new/?from=110")
    visit.check(shot=f"staff-meeting-from-previous{suffix}")
    page.get_by_label("Starts (UTC)").fill("2017-06-13T14:00")
    page.get_by_role("button", name="Create the meeting").click()
    page.wait_for_url("**/meetings/111/")
    meeting = Meeting.objects.get(team=record.team, number=111)
    assert meeting.previous_id == record.meeting.pk

    page.get_by_role("link", name="Take attendance").click()
    page.wait_for_url("**/meetings/111/attendance/")
    visit.check(shot=f"staff-attendance{suffix}")
    page.get_by_label("Jennifer Bryce").select_option("staff")
    page.get_by_label("Boban Krsic").select_option("member")
    page.get_by_label("Russ Housley").select_option("member")
    page.get_by_label("Kerry-Ann Barrett").select_option("apologies")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url("**/meetings/111/#attendance")
    roles = dict(Attendance.objects.filter(meeting=meeting).values_list("person__name", "role"))
    assert roles == {
        "Jennifer Bryce": "staff",
        "Boban Krsic": "member",
        "Russ Housley": "member",
        "Kerry-Ann Barrett": "apologies",
    }

    raised = [
        ("Send the revised terms of reference to the list.", "Jennifer Bryce"),
        ("Propose dates for the Johannesburg face-to-face meeting.", "Co-Chairs"),
    ]
    for text, owner in raised:
        page.locator("#action-text").fill(text)
        page.locator("#action-owners").fill(owner)
        page.locator("#action-due_on").fill("2017-06-20")
        page.get_by_role("button", name="Add the action item").click()
        page.locator("#action-items").get_by_text(text).wait_for()
    page.locator("#decision-text").fill("The review team will meet in Johannesburg at ICANN59.")
    page.locator("#decision-decided_on").fill("2017-06-13")
    page.get_by_role("button", name="Record the decision").click()
    page.locator("#decisions").get_by_text("meet in Johannesburg").wait_for()
    visit.check(shot=f"staff-meeting-111{suffix}")

    items = ActionItem.objects.filter(source_meeting=meeting).order_by("number")
    assert [i.text for i in items] == [text for text, _ in raised]
    assert [str(i.owners.get().owner) for i in items] == ["Jennifer Bryce", "Co-Chairs"]
    assert Decision.objects.filter(meeting=meeting).count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Deck (PowerPoint)").click()
    download = download_info.value
    assert download.suggested_filename == f"{slug}-111-deck.pptx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as deck:
        assert "ppt/presentation.xml" in deck.namelist()
        slides = "".join(
            deck.read(name).decode() for name in deck.namelist() if name.startswith("ppt/slides/")
        )
    assert "Johannesburg" in slides

    screenshot(page, f"staff-done{suffix}")
    assert mail.outbox == []
    context.close()
    visit.assert_clean()
