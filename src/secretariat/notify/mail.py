"""Building and handing over mail: safe headers, stable Message-IDs, signed tokens.

Every message goes to one person, has a plain-text part (HTML where given), a Message-ID made
from a deterministic key (so a resend is recognisable and `SentMail` can skip what was already
delivered), and List-Unsubscribe with RFC 8058 one-click. No header is built from a string
that still holds CR, LF or another control character.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.mime.base import MIMEBase
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.urls import reverse

from secretariat.documents.text import one_line
from secretariat.notify.models import SentMail
from secretariat.teams.models import Person

logger = logging.getLogger("secretariat.notify")

REPLY_SALT = "secretariat.notify.reply"
UNSUBSCRIBE_SALT = "secretariat.notify.unsubscribe"
# A reply token: "r<item id>-<person id>.<signature>"; the signature is URL-safe base64.
TOKEN_PATTERN = r"r\d+-\d+\.[A-Za-z0-9_-]{20,}"  # noqa: S105  (a pattern, not a secret)


def header_text(value: object) -> str:
    """A value fit for a mail header: one line, no CR/LF or other control characters."""
    return one_line(str(value or ""))


def sender_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "secretariat@localhost"


def mail_domain() -> str:
    return sender_address().rpartition("@")[2] or "localhost"


def message_id(key: str) -> str:
    """A Message-ID that is the same whenever the same message is built again."""
    safe = "".join(ch for ch in key if ch.isalnum() or ch in ".-_")
    return f"<{safe}@{mail_domain()}>"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def usable_address(person: Person) -> str | None:
    """The person's address as a header value, or None (logged) when it cannot be used."""
    address = (person.email or "").strip()
    if not address:
        return None
    try:
        validate_email(address)
    except ValidationError:
        logger.warning("Not mailing person %s: %r is not an e-mail address.", person.pk, address)
        return None
    return formataddr((header_text(person.name), address))


# --- signed tokens ---------------------------------------------------------------------------


def _reply_signer() -> signing.Signer:
    return signing.Signer(salt=REPLY_SALT, sep=".")


def reply_token(*, item_id: int, person_id: int) -> str:
    """A token naming an item and a person; only this server can make one."""
    return _reply_signer().sign(f"r{item_id}-{person_id}")


def read_reply_token(token: str) -> tuple[int, int]:
    """(item id, person id) from a token; raises signing.BadSignature if it was not ours."""
    value = _reply_signer().unsign(token)
    item_id, _, person_id = value[1:].partition("-")
    return int(item_id), int(person_id)


def reply_address(token: str) -> str:
    local, _, domain = sender_address().partition("@")
    return f"{local}+{token}@{domain or mail_domain()}"


def unsubscribe_token(person: Person) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(person.pk))


def read_unsubscribe_token(token: str) -> int:
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))


def unsubscribe_url(person: Person) -> str:
    return absolute_url(reverse("notify:unsubscribe", args=[unsubscribe_token(person)]))


# --- messages --------------------------------------------------------------------------------


@dataclass
class Outgoing:
    """One message for one person, before it is handed to the mail server."""

    kind: str
    key: str  # deterministic: the Message-ID is made from it
    person: Person
    subject: str
    text: str
    html: str = ""
    reply_token: str = ""
    attachments: Sequence[MIMEBase] = field(default_factory=tuple)

    @property
    def message_id(self) -> str:
        return message_id(self.key)

    def build(self) -> EmailMultiAlternatives | None:
        to = usable_address(self.person)
        if to is None:
            return None
        headers = {"Message-ID": self.message_id}
        if self.person.pk is not None:  # a poll's guest is no person of the roster
            headers["List-Unsubscribe"] = f"<{unsubscribe_url(self.person)}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        headers["Auto-Submitted"] = "auto-generated"
        if self.reply_token:
            headers["X-Secretariat-Reply"] = self.reply_token
        message = EmailMultiAlternatives(
            subject=header_text(self.subject),
            body=self.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            reply_to=[reply_address(self.reply_token)] if self.reply_token else None,
            headers=headers,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        for attachment in self.attachments:
            message.attach(attachment)
        return message


def permanently_refused(error: smtplib.SMTPException) -> bool:
    """Whether the server's answer is a permanent (5xx) refusal of this one message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused):
        return False  # our own address refused: a setting to fix, then every mail can go
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def deliver(messages: Sequence[Outgoing]) -> int:
    """Hand `messages` to the mail server over one connection; returns how many were sent.

    A message whose Message-ID is in `SentMail` was delivered before (a retried task) and is
    skipped. A temporary refusal (4xx) or a server that is down or times out raises
    (smtplib.SMTPException or OSError) after recording what did go out, so a retry sends only
    the rest; a permanent refusal (5xx) of one message is logged and the others still go.
    """
    pending = [m for m in messages if m.message_id]
    done = set(
        SentMail.objects.filter(message_id__in=[m.message_id for m in pending]).values_list(
            "message_id", flat=True
        )
    )
    sent = 0
    connection = None
    try:
        for outgoing in pending:
            if outgoing.message_id in done:
                continue
            message = outgoing.build()
            if message is None:
                continue
            if connection is None:
                connection = get_connection(fail_silently=False)
                connection.open()
            message.connection = connection
            try:
                message.send(fail_silently=False)
            except smtplib.SMTPException as error:
                if not permanently_refused(error):
                    raise
                # A 5xx answer for this message (a bad mailbox, a message the server will
                # never take): retrying cannot help, and must not hold back everyone else's.
                logger.error(
                    "The mail server refused %s mail %s to person %s for good: %s",
                    outgoing.kind,
                    outgoing.message_id,
                    outgoing.person.pk,
                    error,
                )
                continue
            SentMail.objects.create(
                message_id=outgoing.message_id,
                kind=outgoing.kind,
                recipient=outgoing.person.email[:254],
                subject=header_text(outgoing.subject)[:300],
            )
            done.add(outgoing.message_id)
            sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent
