"""Text helpers shared by the renderers: Markdown to plain text, dates, owners, status labels."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import dateformat
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from secretariat.documents.content import ItemLine

_markdown = MarkdownIt("js-default")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in {"text", "code_inline", "html_inline"}:
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child))
    return "".join(parts)


def plain_text(markdown: str) -> str:
    """The words of a Markdown text without its markup, one line per block."""
    blocks: list[str] = []
    for token in _markdown.parse(markdown or ""):
        if token.type == "inline":
            blocks.append(_inline_text(token))
        elif token.type in {"code_block", "fence", "html_block"}:
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block.strip() for block in blocks if block.strip())


def plain_line(markdown: str) -> str:
    """`plain_text` on a single line: every run of whitespace becomes one space."""
    return _SPACES.sub(" ", plain_text(markdown)).strip()


def one_line(text: str) -> str:
    """Any text on one line, without control characters (safe for a mail header)."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()


def markdown_line(text: str) -> str:
    """A text on one line of Markdown, its `<` escaped so no raw HTML gets through."""
    return one_line(text).replace("<", "&lt;")


def format_date(day: dt.date | None) -> str:
    """A date as people write it in the record ("30 May 2017"); "" for none."""
    return dateformat.format(day, "j F Y") if day is not None else ""


def format_when(starts_at: dt.datetime | None, duration_minutes: int | None = None) -> str:
    """A meeting's date and time in UTC ("Wednesday 7 June 2017, 13:00\N{EN DASH}14:00 UTC")."""
    if starts_at is None:
        return _("Date to be confirmed")
    start = starts_at.astimezone(dt.UTC)
    text = dateformat.format(start, "l j F Y, H:i")
    if duration_minutes:
        end = start + dt.timedelta(minutes=duration_minutes)
        text += "\N{EN DASH}" + dateformat.format(end, "H:i")
    return text + " UTC"


def owners_text(item: ItemLine) -> str:
    """The owners in the record's order, as the tracker names them."""
    return ", ".join(item.owners) if item.owners else "—"


def due_text(item: ItemLine) -> str:
    """The due date, or the words that stand for it ("TBD" when there is nothing)."""
    if item.due_on is not None:
        return format_date(item.due_on)
    return item.due_text or _("TBD")


def status_label(status: str) -> str:
    """The translated label of an action item's status code."""
    labels = {
        "open": _("Open"),
        "in_progress": _("In progress"),
        "done": _("Done"),
        "dropped": _("Dropped"),
        "merged": _("Merged"),
    }
    return labels.get(status, status.replace("_", " ").capitalize())


def status_line(item: ItemLine) -> str:
    """ "Status: …" as the seed deck writes it: the latest note, else the status."""
    note = plain_line(item.latest_note) or status_label(item.status)
    if item.latest_note and item.latest_note_on is not None:
        return _("Status: %(note)s (%(date)s)") % {
            "note": note,
            "date": format_date(item.latest_note_on),
        }
    return _("Status: %(note)s") % {"note": note}
