"""A meeting's agenda alone, as Markdown (for the list) and as HTML (for the wiki)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from secretariat.core.markdown import render_markdown
from secretariat.documents.content import AgendaEntry, MeetingContent
from secretariat.documents.templating import render_template
from secretariat.documents.text import format_when, markdown_line


def entry_details(entry: AgendaEntry) -> str:
    """Presenter and minutes allotted ("Denise Michel, 10 min"), or ""."""
    details = [entry.presenter] if entry.presenter else []
    if entry.minutes:
        details.append(_("%(minutes)s min") % {"minutes": entry.minutes})
    return ", ".join(details)


def _markdown_lines(entries: Iterable[AgendaEntry], depth: int) -> list[str]:
    indent = "   " * depth
    lines: list[str] = []
    for number, entry in enumerate(entries, start=1):
        details = entry_details(entry)
        suffix = f" ({details})" if details else ""
        lines.append(f"{indent}{number}. {markdown_line(entry.title)}{suffix}")
        notes = [markdown_line(line) for line in entry.notes.splitlines() if line.strip()]
        lines += [f"{indent}   {line}" for line in notes]
        lines += _markdown_lines(entry.children, depth + 1)
    return lines


def render_agenda_markdown(meeting: MeetingContent) -> str:
    """The agenda as a numbered, nested Markdown list under the meeting's title and time."""
    when = format_when(meeting.starts_at, meeting.duration_minutes)
    lines = [f"# {markdown_line(meeting.title)}", "", when]
    if meeting.place:
        lines.append(markdown_line(meeting.place))
    lines += ["", f"## {_('Agenda')}", ""]
    lines += _markdown_lines(meeting.agenda, 0) or [_("No agenda items yet.")]
    return "\n".join(lines) + "\n"


def _html_entries(entries: Iterable[AgendaEntry]) -> list[dict[str, object]]:
    return [
        {
            "title": entry.title,
            "details": entry_details(entry),
            "notes": render_markdown(entry.notes) if entry.notes.strip() else "",
            "children": _html_entries(entry.children),
        }
        for entry in entries
    ]


def render_agenda_html(meeting: MeetingContent) -> str:
    """The agenda as an HTML fragment: titles escaped, notes as sanitised Markdown."""
    return render_template(
        "documents/agenda.html",
        {
            "meeting": meeting,
            "when": format_when(meeting.starts_at, meeting.duration_minutes),
            "entries": _html_entries(meeting.agenda),
        },
    )
