"""Reading a reply received by mail: pure functions, no database.

`parse_reply` finds the signed token (in the address the reply was sent to, or in the
In-Reply-To/References of our own Message-ID) and the reply's own words, without the quoted
message, the "On … wrote:" line or the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from secretariat.notify.mail import TOKEN_PATTERN, header_text

_TOKEN = re.compile(TOKEN_PATTERN)
# Headers a reply carries our token in: the reply address, or our Message-ID it answers.
TOKEN_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "In-Reply-To", "References")
_ATTRIBUTION = re.compile(
    r"^\s*(On\b.{0,300}\bwrote:|Le\b.{0,300}\ba écrit\s?:|Am\b.{0,300}\bschrieb\b.*:)\s*$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"^\s*(-{2,}\s*Original Message\s*-{2,}|_{5,}|From:\s.+|Sent from my \w+.*)\s*$",
    re.IGNORECASE,
)
_DONE = re.compile(r"^\s*done\b[\s:.,;!\-\u2013\u2014]*", re.IGNORECASE)
MAX_NOTE_CHARS = 10_000


@dataclass(frozen=True)
class Reply:
    message_id: str
    sender: str
    tokens: tuple[str, ...]
    text: str


def _header_values(message: EmailMessage, name: str) -> list[str]:
    return [str(value) for value in message.get_all(name) or []]


def find_tokens(message: EmailMessage) -> tuple[str, ...]:
    found: list[str] = []
    for name in TOKEN_HEADERS:
        values = _header_values(message, name)
        if name in ("To", "Cc", "Delivered-To", "X-Original-To"):
            values = [address for _name, address in getaddresses(values)]
        for value in values:
            for token in _TOKEN.findall(value):
                if token not in found:
                    found.append(token)
    return tuple(found)


def reply_text(body: str) -> str:
    """The reply's own words: up to the quoted message, attribution line or signature."""
    kept: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        stripped = line.rstrip()
        if stripped in ("--", "-- ") or line == "-- ":
            break
        if _ATTRIBUTION.match(stripped) or _SEPARATORS.match(stripped):
            break
        if stripped.lstrip().startswith(">"):
            continue
        kept.append(stripped)
    text = "\n".join(kept).strip()
    return text[:MAX_NOTE_CHARS]


def plain_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # unknown or broken charset
        return ""
    return content if isinstance(content, str) else ""


def parse_reply(raw: bytes) -> Reply:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)  # noqa: S101  (policy.default makes EmailMessage)
    return Reply(
        message_id=header_text(message.get("Message-ID", ""))[:250],
        sender=parseaddr(str(message.get("From", "")))[1].strip().lower(),
        tokens=find_tokens(message),
        text=reply_text(plain_body(message)),
    )


def split_done(text: str) -> tuple[bool, str]:
    """(True, the rest) when the reply starts with "done"; else (False, text)."""
    match = _DONE.match(text)
    if match is None:
        return False, text
    return True, text[match.end() :].strip()
