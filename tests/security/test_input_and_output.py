"""Hostile input, end to end: session expiry, mail and calendar header injection, output
encoding on every kind of page, uploads judged by content, and XML entity bombs in imports.

Each test feeds the site what an attacker would and checks what a user (or their mail client,
calendar or browser) would then see.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from icalendar import Calendar

from secretariat.imports import tabular
from secretariat.meetings.models import Material
from secretariat.meetings.services import add_material
from secretariat.notify.services import send_invitation, send_meeting_invitation
from secretariat.requests.services import create_request
from secretariat.teams.models import Person, Role, Team
from tests.conftest import client_for, user_of
from tests.factories import PASSWORD, make_call, make_item, make_member
from tests.notify.conftest import SmtpServer, smtp  # noqa: F401 (the fixture)

UTC = dt.UTC
SCRIPT = '<script>alert("ssr2")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;ssr2&quot;)&lt;/script&gt;"


# --- sessions ---------------------------------------------------------------------------------


def _signed_in_after(member: Person, elapsed: dt.timedelta) -> bool:
    assert member.user is not None
    with time_machine.travel(dt.datetime(2017, 6, 6, 9, 0, tzinfo=UTC), tick=False) as clock:
        client = Client()
        assert client.login(username=member.user.username, password=PASSWORD)
        clock.shift(elapsed)
        response = client.get("/account/")
    return response.status_code == 200


def _signed_in_after_working(member: Person, elapsed: dt.timedelta) -> bool:
    """Signed in, then a page every hour of the working day (and none at night), for `elapsed`."""
    assert member.user is not None
    with time_machine.travel(dt.datetime(2017, 6, 6, 9, 0, tzinfo=UTC), tick=False) as clock:
        client = Client()
        assert client.login(username=member.user.username, password=PASSWORD)
        client.get("/account/")
        spent = dt.timedelta()
        while spent + dt.timedelta(hours=1) < elapsed:
            clock.shift(dt.timedelta(hours=1))
            spent += dt.timedelta(hours=1)
            assert client.get("/account/").status_code == 200
        clock.shift(elapsed - spent)
        response = client.get("/account/")
    return response.status_code == 200


def test_a_session_ends_a_week_after_sign_in_however_busy(member: Person) -> None:
    assert _signed_in_after_working(member, dt.timedelta(days=6, hours=23))
    assert not _signed_in_after_working(member, dt.timedelta(days=7, minutes=1))


def test_a_session_left_idle_for_four_hours_ends_and_says_why(member: Person) -> None:
    assert _signed_in_after(member, dt.timedelta(hours=3, minutes=59))
    assert not _signed_in_after(member, dt.timedelta(hours=4, minutes=1))

    assert member.user is not None
    with time_machine.travel(dt.datetime(2017, 6, 6, 9, 0, tzinfo=UTC), tick=False) as clock:
        client = Client()
        client.login(username=member.user.username, password=PASSWORD)
        client.get("/account/")
        clock.shift(dt.timedelta(hours=5))
        page = client.get("/", follow=True)
    assert "signed out after 4\xa0hours without activity" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_idle_limit_follows_the_setting(member: Person, settings: Any) -> None:
    settings.SESSION_IDLE_TIMEOUT = 15 * 60
    assert _signed_in_after(member, dt.timedelta(minutes=14))
    assert not _signed_in_after(member, dt.timedelta(minutes=16))


# --- mail and calendar headers ----------------------------------------------------------------


def test_a_meeting_title_and_a_name_with_line_breaks_add_no_recipient_header_or_event_field(
    smtp: SmtpServer,  # noqa: F811 (the imported fixture)
    team: Team,
    staff: Person,
) -> None:
    denise = make_member(team, "Denise Michel", Role.MEMBER, time_zone="Europe/Paris")
    denise.name = "Denise Michel\r\nBcc: kc.claffy@evil.example"
    denise.save()
    call = make_call(
        team,
        41,
        "SSR2 Plenary Call\r\nBcc: attacker@evil.example\r\nORGANIZER:mailto:attacker@evil.example",
        starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=UTC),
    )

    invitation = send_meeting_invitation(meeting=call, by=user_of(staff))
    send_invitation(meeting_id=call.pk, sequence=invitation.sequence)

    recipients = sorted(address for r in smtp.mailbox.received for address in r.rcpt_tos)
    assert "attacker@evil.example" not in recipients
    assert "kc.claffy@evil.example" not in recipients
    assert denise.email in recipients
    for received in smtp.mailbox.received:
        message = received.message
        assert message["Bcc"] is None
        assert "\n" not in str(message["Subject"])
        assert "\n" not in str(message["To"])
        for part in message.iter_attachments():
            if part.get_content_type() == "text/calendar":
                [event] = Calendar.from_ical(part.get_content()).walk("VEVENT")
                assert "attacker" not in str(event.get("ORGANIZER", ""))
                assert str(event["SUMMARY"]).startswith("SSR2 Plenary Call")


# --- output encoding --------------------------------------------------------------------------


@pytest.fixture
def hostile(team: Team, staff: Person) -> dict[str, Any]:
    """An item, a person, a meeting and a request, each with a script in its text."""
    owner = make_member(team, "Denise Michel", Role.MEMBER)
    owner.name = f"Denise {SCRIPT} Michel"
    owner.save()
    item = make_item(team, f"Circulate the work plan {SCRIPT}", owners=[owner])
    meeting = make_call(
        team, 41, f"SSR2 Plenary {SCRIPT}", starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=UTC)
    )
    request = create_request(
        team=team, by=None, kind="briefing", title=f"Briefing on DNSSEC {SCRIPT}"
    )
    return {"item": item, "meeting": meeting, "request": request, "owner": owner}


@pytest.mark.parametrize(
    "path",
    [
        "/ssr2/",
        "/ssr2/actions/",
        "/ssr2/actions/{item}/",
        "/ssr2/meetings/",
        "/ssr2/meetings/{meeting}/",
        "/ssr2/requests/",
        "/ssr2/requests/{request}/",
        "/search/?q=Circulate",
        "/search/?q=Briefing",
    ],
)
@pytest.mark.parametrize("as_staff", [False, True], ids=["anonymous", "staff"])
def test_a_script_in_any_text_shows_as_text_on_every_page(
    hostile: dict[str, Any], staff: Person, path: str, as_staff: bool
) -> None:
    client = client_for(staff) if as_staff else Client()
    url = path.format(
        item=hostile["item"].number,
        meeting=hostile["meeting"].number,
        request=hostile["request"].number,
    )

    response = client.get(url)

    assert response.status_code == 200, url
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert SCRIPT not in body
    assert "<script>alert" not in body
    assert ESCAPED in body or "&lt;script&gt;" in body


def test_the_feed_and_the_calendar_carry_scripts_as_text(
    hostile: dict[str, Any], client: Client
) -> None:
    feed = client.get("/ssr2/feed.atom")
    root = ET.fromstring(feed.content)  # noqa: S314 (our own feed)
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "script"]
    assert "<script>" not in feed.content.decode()
    assert any(SCRIPT in (e.text or "") for e in root.iter())  # the text itself survives

    calendar = client.get("/ssr2/calendar.ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert calendar["X-Content-Type-Options"] == "nosniff"
    [event] = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"SSR2 Plenary {SCRIPT} #41"


# --- uploads ----------------------------------------------------------------------------------


def test_an_upload_whose_content_contradicts_its_name_is_refused(team: Team) -> None:
    call = make_call(team, 111)
    disguised = SimpleUploadedFile(
        "SSR2-slides.pdf", b"<html><script>alert(document.cookie)</script>", "application/pdf"
    )

    with pytest.raises(ValidationError) as error:
        add_material(meeting=call, by=None, kind="slides", file=disguised)

    assert error.value.message_dict["file"] == [
        "SSR2-slides.pdf is not a application/pdf file: its content does not match its name."
    ]
    assert not call.materials.exists()


def test_a_binary_file_named_as_text_is_refused(team: Team) -> None:
    call = make_call(team, 113)
    binary = SimpleUploadedFile("transcript.txt", b"MZ\x90\x00\x03\x00\x00\x00", "text/plain")

    with pytest.raises(ValidationError):
        add_material(meeting=call, by=None, kind="transcript", file=binary)


def test_only_a_file_whose_content_agrees_with_a_safe_type_is_shown_in_place(
    team: Team, staff: Person
) -> None:
    call = make_call(team, 112)
    pdf = add_material(
        meeting=call,
        by=None,
        kind="slides",
        file=SimpleUploadedFile("slides.pdf", b"%PDF-1.7\n%\xe2\xe3\n", "application/pdf"),
    )
    # stored before uploads were checked: a page of script named as an image
    old = Material.objects.create(
        meeting=call,
        kind="other",
        file=ContentFile(b"<svg onload=alert(1)>", name="photo.png"),
    )
    client = client_for(staff)

    shown = client.get(f"/ssr2/meetings/112/materials/{pdf.pk}/")
    disguised = client.get(f"/ssr2/meetings/112/materials/{old.pk}/")

    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Type"] == "application/pdf"
    assert disguised["Content-Disposition"].startswith("attachment")
    assert disguised["Content-Type"] == "application/octet-stream"


# --- imports ----------------------------------------------------------------------------------

ENTITIES = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [
 <!ENTITY a "ssr2ssr2ssr2ssr2ssr2ssr2ssr2ssr2ssr2ssr2">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
"""


def _workbook_with_entity_bomb() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["#", "Action item", "Owner", "Due", "Status"])
    sheet.append([1, "Draft the work plan", "Denise Michel", "2017-06-30", "open"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            if entry.filename == "xl/worksheets/sheet1.xml":
                # a billion laughs: the cell's text would expand to 400 MB if parsed naively
                xml = source.read(entry.filename).replace(b"Draft the work plan", b"&h;")
                target.writestr(entry.filename, ENTITIES + xml.split(b"?>", 1)[-1])
            else:
                target.writestr(entry, source.read(entry.filename))
    return out.getvalue()


def test_an_xlsx_with_an_entity_bomb_is_refused_without_expanding_it() -> None:
    result = tabular.parse_xlsx(
        _workbook_with_entity_bomb(), file="tracker.xlsx", reference=dt.date(2017, 6, 6)
    )

    assert result.has_blocking
    assert result.action_items == ()
    assert not any("ssr2ssr2" in warning for warning in result.warnings)
    assert result.warnings[0].startswith("tracker.xlsx")
