"""Outgoing mail: plain text, stable Message-ID, one-click unsubscribe, no header injection."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.mail import EmailMultiAlternatives

from secretariat.notify.mail import (
    Outgoing,
    deliver,
    read_reply_token,
    read_unsubscribe_token,
    reply_token,
    unsubscribe_token,
)
from secretariat.notify.models import SentMail
from secretariat.notify.services import digest_message
from secretariat.teams.models import Person, Role, Team
from tests.factories import make_item, make_member
from tests.notify.conftest import SmtpServer, text_of

INJECTED = "Denise Michel\r\nBcc: attacker@evil.example\r\n"


def _outgoing(person: Person, subject: str = "SSR2 Plenary Call #41") -> Outgoing:
    return Outgoing(
        kind="test",
        key=f"test.{person.pk}",
        person=person,
        subject=subject,
        text="Agenda attached.",
        html="<p>Agenda attached.</p>",
        reply_token=reply_token(item_id=7, person_id=person.pk),
    )


def test_a_name_or_subject_with_line_breaks_adds_no_header_or_recipient(
    smtp: SmtpServer, team: Team
) -> None:
    person = make_member(team, "Denise Michel", Role.CHAIR, time_zone="Europe/Paris")
    person.name = INJECTED
    deliver([_outgoing(person, subject="Call #41\r\nBcc: attacker@evil.example")])
    [received] = smtp.mailbox.received
    assert received.rcpt_tos == [person.email]
    message = received.message
    assert message["Bcc"] is None
    assert "\n" not in str(message["Subject"])
    assert "Bcc: attacker" in str(message["Subject"])
    assert "Bcc" not in [key for key in message if key != "Subject"]
    assert str(message["To"]).endswith(f"<{person.email}>")


def test_every_mail_has_plain_text_html_message_id_and_one_click_unsubscribe(
    smtp: SmtpServer, member: Person
) -> None:
    deliver([_outgoing(member)])
    message = smtp.mailbox.to(member.email)[0]
    assert text_of(message).strip() == "Agenda attached."
    assert message.get_body(preferencelist=("html",)) is not None
    assert message["Message-ID"] == f"<test.{member.pk}@ssr2.example.org>"
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://secretariat.example.org/notify/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.rstrip("/>").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == member.pk


def test_a_message_delivered_once_is_not_delivered_again(smtp: SmtpServer, member: Person) -> None:
    assert deliver([_outgoing(member)]) == 1
    assert deliver([_outgoing(member)]) == 0
    assert len(smtp.mailbox.received) == 1
    assert SentMail.objects.get().message_id == f"<test.{member.pk}@ssr2.example.org>"


def test_a_person_with_a_bad_address_is_skipped(smtp: SmtpServer, member: Person) -> None:
    member.email = "boban.krsic at example.org"
    assert deliver([_outgoing(member)]) == 0
    assert smtp.mailbox.received == []


def test_the_digest_message_id_is_the_same_when_built_again(
    team: Team, member: Person, settings: object
) -> None:
    make_item(team, "Circulate the work plan.", owners=[member], due_on=dt.date(2017, 6, 7))
    from secretariat.notify.queries import digest_for

    local = dt.datetime(2017, 6, 6, 8, 0, tzinfo=dt.UTC)
    digests = digest_for(person=member, today=local.date(), days_ahead=7)
    first = digest_message(person=member, local=local, digests=digests)
    second = digest_message(person=member, local=local, digests=digests)
    assert first.message_id == second.message_id
    built = first.build()
    assert isinstance(built, EmailMultiAlternatives)


def test_a_reply_token_reads_back_and_a_changed_one_does_not() -> None:
    token = reply_token(item_id=365, person_id=12)
    assert read_reply_token(token) == (365, 12)
    forged = token.replace("r365-12", "r366-12")
    with pytest.raises(signing.BadSignature):
        read_reply_token(forged)
    with pytest.raises(signing.BadSignature):
        read_unsubscribe_token(unsubscribe_token(Person(pk=1)) + "x")
