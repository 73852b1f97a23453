"""Answers by mail: a signed reply adds a note or completes the item; anything else is refused."""

from __future__ import annotations

import io
import sys
from email.message import EmailMessage
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from secretariat.notify.mail import reply_address, reply_token
from secretariat.notify.models import InboundMail
from secretariat.notify.services import receive_mail
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem, ProgressNote
from tests.factories import make_item

LIMIT = 1_000_000


@pytest.fixture
def item(team: Team, member: Person) -> ActionItem:
    return make_item(team, "Circulate the SSR1 implementation review.", owners=[member])


def reply(
    person: Person, text: str, *, to: str, message_id: str = "<answer-1@mail.example.org>"
) -> bytes:
    message = EmailMessage()
    message["From"] = f"{person.name} <{person.email}>"
    message["To"] = to
    message["Subject"] = "Re: [ssr2] #1 is yours"
    message["Message-ID"] = message_id
    message.set_content(
        f"{text}\n\nOn Tue, 6 Jun 2017 at 08:00, SSR2 secretariat wrote:\n> Reply to this mail\n> to add a note.\n\n-- \nBoban\n"
    )
    return message.as_bytes()


def _to(item: ActionItem, person: Person) -> str:
    return reply_address(reply_token(item_id=item.pk, person_id=person.pk))


def test_a_signed_reply_adds_its_own_words_as_a_note(item: ActionItem, member: Person) -> None:
    result = receive_mail(
        reply(member, "Sent to Jennifer for review.", to=_to(item, member)), max_bytes=LIMIT
    )
    assert result.outcome == InboundMail.Outcome.NOTE_ADDED
    note = ProgressNote.objects.get(item=item)
    assert note.text == "Sent to Jennifer for review."
    assert note.author == member


def test_a_reply_starting_with_done_completes_the_item(item: ActionItem, member: Person) -> None:
    result = receive_mail(
        reply(member, "Done: circulated on the list.", to=_to(item, member)), max_bytes=LIMIT
    )
    assert result.outcome == InboundMail.Outcome.COMPLETED
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.completed_response == "circulated on the list."


def test_the_same_message_is_applied_once(item: ActionItem, member: Person) -> None:
    raw = reply(member, "Sent to Jennifer for review.", to=_to(item, member))
    receive_mail(raw, max_bytes=LIMIT)
    assert receive_mail(raw, max_bytes=LIMIT).outcome == "duplicate"
    assert ProgressNote.objects.filter(item=item).count() == 1


def test_a_forged_token_is_rejected_logged_and_changes_nothing(
    item: ActionItem, member: Person, caplog: pytest.LogCaptureFixture
) -> None:
    token = reply_token(item_id=item.pk, person_id=member.pk)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with caplog.at_level("WARNING", logger="secretariat.security"):
        result = receive_mail(reply(member, "done", to=reply_address(forged)), max_bytes=LIMIT)
    assert result.outcome == InboundMail.Outcome.REJECTED
    assert "Forged" in result.reason
    assert "Inbound mail rejected" in caplog.text
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert item.version == 1
    assert not ProgressNote.objects.exists()


def test_an_unsigned_reply_and_another_sender_are_rejected(
    item: ActionItem, member: Person, other_member: Person
) -> None:
    assert (
        receive_mail(
            reply(member, "done", to="secretariat@ssr2.example.org"), max_bytes=LIMIT
        ).outcome
        == "rejected"
    )
    result = receive_mail(reply(other_member, "done", to=_to(item, member)), max_bytes=LIMIT)
    assert result.outcome == "rejected"
    assert "sender" in result.reason
    assert ActionItem.objects.get(pk=item.pk).status == ActionItem.Status.OPEN


def test_a_reply_to_a_merged_item_is_rejected(team: Team, item: ActionItem, member: Person) -> None:
    from secretariat.tracker.services import merge_action_item

    target = make_item(team, "The combined item.", owners=[member])
    merge_action_item(item=item, into=target, by=None, expected_version=None)
    result = receive_mail(reply(member, "Progress made.", to=_to(item, member)), max_bytes=LIMIT)
    assert result.outcome == "rejected"
    assert "merged" in result.reason
    assert not ProgressNote.objects.exists()


def test_a_huge_reply_is_rejected_unread(item: ActionItem, member: Person) -> None:
    raw = reply(member, "x" * 2000, to=_to(item, member))
    assert receive_mail(raw, max_bytes=1000).outcome == "rejected"
    assert not ProgressNote.objects.exists()


def test_the_http_endpoint_needs_the_shared_secret(
    item: ActionItem, member: Person, settings: Any
) -> None:
    settings.INBOUND_MAIL_SECRET = "s3cret-shared-with-the-mta"
    raw = reply(member, "Sent to Jennifer for review.", to=_to(item, member))
    client = Client()
    refused = client.post(
        "/inbound/mail/", raw, content_type="message/rfc822", headers={"X-Inbound-Secret": "guess"}
    )
    assert refused.status_code == 403
    assert not ProgressNote.objects.exists()
    accepted = client.post(
        "/inbound/mail/",
        raw,
        content_type="message/rfc822",
        headers={"X-Inbound-Secret": "s3cret-shared-with-the-mta"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["outcome"] == "note_added"
    assert ProgressNote.objects.filter(item=item).count() == 1


def test_the_command_reads_the_message_from_standard_input(
    item: ActionItem, member: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = reply(member, "done", to=_to(item, member))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("inbound_mail", stdout=io.StringIO())
    assert ActionItem.objects.get(pk=item.pk).status == ActionItem.Status.DONE
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"From: x@example.org\n\nhello\n"))
    )
    with pytest.raises(CommandError, match="Rejected"):
        call_command("inbound_mail")
