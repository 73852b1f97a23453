"""The "actions & decisions" e-mail after a call: a subject and a plain-text body, ready to send."""

from __future__ import annotations

import textwrap

from django.utils.translation import gettext as _

from secretariat.documents.content import DecisionLine, ItemLine, MeetingContent
from secretariat.documents.text import (
    due_text,
    format_date,
    format_when,
    one_line,
    owners_text,
    plain_text,
)

WIDTH = 72  # plain-text mail convention


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    """Plain `text` wrapped at WIDTH, its first line after `first`, the others after `rest`."""
    lines: list[str] = []
    for index, paragraph in enumerate(text.splitlines() or [""]):
        lead = first if index == 0 else rest
        lines += textwrap.wrap(paragraph, WIDTH, initial_indent=lead, subsequent_indent=rest) or [
            lead.rstrip()
        ]
    return lines


def _decision_lines(decision: DecisionLine, index: int) -> list[str]:
    label = f"#{decision.number}" if decision.number is not None else f"{index}."
    return _wrapped(plain_text(decision.text), f"{label} ", " " * (len(label) + 1))


def _item_lines(item: ItemLine, index: int) -> list[str]:
    label = f"#{item.number}" if item.number is not None else f"{index}."
    indent = " " * (len(label) + 1)
    lines = _wrapped(plain_text(item.text), f"{label} ", indent)
    owners = _("Owner: %(owners)s") % {"owners": one_line(owners_text(item))}
    lines += _wrapped(owners, indent, indent)
    lines += _wrapped(_("Due: %(due)s") % {"due": one_line(due_text(item))}, indent, indent)
    return lines


def mail_subject(meeting: MeetingContent) -> str:
    """The subject line, on one line whatever the title holds (no header injection)."""
    day = format_date(meeting.starts_at.date()) if meeting.starts_at is not None else ""
    subject = _("Actions & decisions: %(title)s") % {"title": meeting.title}
    if day:
        subject = _("%(subject)s (%(date)s)") % {"subject": subject, "date": day}
    return one_line(f"[{meeting.team_name}] {subject}" if meeting.team_name else subject)


def _section(title: str, blocks: list[list[str]], empty: str) -> list[str]:
    lines = [title, "-" * len(title), ""]
    if not blocks:
        return [*lines, empty, ""]
    for block in blocks:
        lines += [*block, ""]
    return lines


def mail_body(meeting: MeetingContent) -> str:
    """The body: the call, the decisions reached, the action items with owners and due dates."""
    lines = [one_line(meeting.title), format_when(meeting.starts_at, meeting.duration_minutes), ""]
    lines += _section(
        _("Decisions reached"),
        [_decision_lines(d, i) for i, d in enumerate(meeting.decisions, start=1)],
        _("No decisions were recorded."),
    )
    lines += _section(
        _("Action items"),
        [_item_lines(item, i) for i, item in enumerate(meeting.action_items, start=1)],
        _("No action items were recorded."),
    )
    if meeting.materials:
        materials = [[f"{one_line(label)}: {one_line(url)}"] for label, url in meeting.materials]
        lines += _section(_("Materials"), materials, "")
    return "\n".join(lines).rstrip() + "\n"


def actions_and_decisions_mail(meeting: MeetingContent) -> tuple[str, str]:
    """The e-mail's subject (one line, no CR/LF) and plain-text body."""
    return mail_subject(meeting), mail_body(meeting)
