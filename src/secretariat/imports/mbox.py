"""A mailing-list archive in mbox form: every message read as a list post.

Messages are split on the mbox "From " separator lines; each is parsed with the standard
library's e-mail parser, its plain-text body (or its HTML body, stripped) read by list_post
with the message's own date as the reference date. A message that cannot be read is reported
with its number and line and the others still count.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import html
import re
from email.message import EmailMessage

from django.utils.translation import gettext as _

from secretariat.imports import list_post
from secretariat.imports.result import (
    DecisionData,
    ImportResult,
    MeetingData,
    Notice,
    merge_results,
)
from secretariat.imports.text import merge_duplicate_items, same_action

FORMAT = "mbox"

_SEPARATOR = re.compile(r"^From \S+")
_TAG = re.compile(r"<[^>]+>")


def split_messages(text: str) -> list[tuple[int, str]]:
    """(first line, raw message) for each message of the archive."""
    messages: list[tuple[int, list[str]]] = []
    previous_blank = True
    for number, line in enumerate(text.splitlines(), start=1):
        if _SEPARATOR.match(line) and previous_blank:
            messages.append((number, []))
        elif messages:
            # mboxrd/mboxo quote body lines starting "From " as ">From ".
            messages[-1][1].append(line[1:] if line.startswith(">From ") else line)
        previous_blank = not line.strip()
    return [(start, "\n".join(lines)) for start, lines in messages]


def _body(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return None
    content = part.get_content()
    if not isinstance(content, str):
        return None
    if part.get_content_type() == "text/html":
        content = html.unescape(_TAG.sub("\n", re.sub(r"(?i)<br\s*/?>", "\n", content)))
    return content


def parse(text: str, *, file: str = "<input>", reference: dt.date) -> ImportResult:
    messages = split_messages(text)
    if not messages:
        return ImportResult(
            format=FORMAT,
            file=file,
            notices=(
                Notice(
                    file,
                    _('expected an mbox archive: messages each starting with a "From " line'),
                    line=1,
                    blocking=True,
                ),
            ),
        )
    parts: list[ImportResult] = []
    for index, (start, raw) in enumerate(messages, start=1):
        where = _("message %(n)s") % {"n": index}
        try:
            message = email.message_from_string(raw, policy=email.policy.default)
            if not isinstance(message, EmailMessage):
                raise ValueError("not an e-mail message")
            if message.defects and not message.keys():
                raise ValueError(str(message.defects[0]))
            body = _body(message)
            if body is None or not message.keys():
                raise ValueError("no headers or no text body")
            day = reference
            if message["Date"]:
                day = email.utils.parsedate_to_datetime(str(message["Date"])).date()
        except (ValueError, TypeError, LookupError, IndexError, AttributeError) as exc:
            parts.append(
                ImportResult(
                    format=FORMAT,
                    file=file,
                    notices=(
                        Notice(
                            file,
                            _(
                                "%(where)s cannot be read (%(error)s): expected headers "
                                "(From:, Date:, Subject:) and a text body"
                            )
                            % {"where": where, "error": exc},
                            line=start,
                            blocking=True,
                        ),
                    ),
                )
            )
            continue
        header_lines = raw.split("\n\n", 1)[0].count("\n") + 2
        subject = str(message["Subject"] or "").replace("\n", " ")
        # The post's own subject and date head its text, as in a single saved post.
        head = (
            f"Subject: {subject}\nDate: {message['Date']}\n\n"
            if message["Date"]
            else f"Subject: {subject}\n\n"
        )
        post = list_post.parse(
            head + body,
            file=file,
            reference=day,
            line_offset=start + header_lines - head.count("\n"),
            where=where,
        )
        # A post without actions or decisions is normal in an archive: not worth a warning.
        if post.is_empty:
            post = ImportResult(format=FORMAT, file=file)
        parts.append(post)
    merged = merge_results(FORMAT, file, parts)
    items, _folded = merge_duplicate_items(list(merged.action_items))
    decisions: list[DecisionData] = []
    for decision in merged.decisions:
        if not any(same_action(decision.text, d.text) for d in decisions):
            decisions.append(decision)
    meetings: list[MeetingData] = []
    for meeting in merged.meetings:
        twin = next(
            (m for m in meetings if m.number is not None and m.number == meeting.number), None
        )
        if twin is None:
            meetings.append(meeting)
        elif twin.date is None and meeting.date is not None:
            meetings[meetings.index(twin)] = meeting
    return ImportResult(
        format=FORMAT,
        file=file,
        meetings=tuple(meetings),
        action_items=tuple(items),
        decisions=tuple(decisions),
        requests=merged.requests,
        notices=merged.notices,
    )
