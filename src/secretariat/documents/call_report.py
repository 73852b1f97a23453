"""The call report (PDF): attendance, decisions reached, action items and the agenda of a call."""

from __future__ import annotations

from django.utils.translation import gettext as _

from secretariat.core.markdown import render_markdown
from secretariat.documents.agenda import entry_details
from secretariat.documents.content import AgendaEntry, MeetingContent
from secretariat.documents.pdf import html_to_pdf
from secretariat.documents.templating import read_stylesheet, render_template
from secretariat.documents.text import due_text, format_date, format_when, owners_text


def role_label(role: str) -> str:
    """The heading of an attendance role ("member" → "Members")."""
    labels = {
        "member": _("Members"),
        "observer": _("Observers"),
        "staff": _("Staff"),
        "guest": _("Guests"),
    }
    return labels.get(role, role.replace("_", " ").capitalize())


def _agenda(entries: tuple[AgendaEntry, ...]) -> list[dict[str, object]]:
    return [
        {
            "title": entry.title,
            "details": entry_details(entry),
            "notes": render_markdown(entry.notes) if entry.notes.strip() else "",
            "children": _agenda(entry.children),
        }
        for entry in entries
    ]


def render_call_report_html(meeting: MeetingContent) -> str:
    """The call report as an HTML document (user texts escaped, Markdown sanitised)."""
    attendance = [(role_label(role), names) for role, names in meeting.attendees.items() if names]
    decisions = [
        {"decision": d, "html": render_markdown(d.text), "date": format_date(d.decided_on)}
        for d in meeting.decisions
    ]
    items = [
        {"item": i, "html": render_markdown(i.text), "owners": owners_text(i), "due": due_text(i)}
        for i in meeting.action_items
    ]
    context = {
        "meeting": meeting,
        "when": format_when(meeting.starts_at, meeting.duration_minutes),
        "attendance": attendance,
        "decisions": decisions,
        "items": items,
        "entries": _agenda(meeting.agenda),
    }
    return render_template("documents/call_report.html", context)


def render_call_report_pdf(meeting: MeetingContent) -> bytes:
    """The call report as an A4 PDF."""
    return html_to_pdf(render_call_report_html(meeting), stylesheet=read_stylesheet("print.css"))
