"""`secretariat report progress --team SLUG [--since DATE] [--until DATE] --format md|docx|pdf -o FILE`.

Run by the operator, so the report reads every record of the team (restricted ones included):
staff edit the draft before sending it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from secretariat.documents import progress_report
from secretariat.documents.build import operator_viewer
from secretariat.teams.models import Team
from secretariat.workplan.reports import build_progress_report

RENDERERS: dict[str, Callable[[progress_report.ProgressReport], str | bytes]] = {
    "md": progress_report.render_markdown,
    "docx": progress_report.render_docx,
    "pdf": progress_report.render_pdf,
}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(value)s is not a date: write it as YYYY-MM-DD, e.g. 2017-06-01.")
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "Write a team's reports. `report progress`: the progress report for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        progress = kinds.add_parser(
            "progress",
            help=_("The progress report: meetings, decisions, action items, milestones."),
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        progress.add_argument("--team", required=True, help=_("The team's short name, e.g. ssr2."))
        progress.add_argument(
            "--since", help=_("First day of the period, YYYY-MM-DD (default: 30 days ago).")
        )
        progress.add_argument(
            "--until", help=_("Last day of the period, YYYY-MM-DD (default: today).")
        )
        progress.add_argument("--format", dest="fmt", required=True, help="md, docx or pdf")
        progress.add_argument("-o", "--output", required=True, help=_("The file to write."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] != "progress":
            raise CommandError(_("Unknown report %(kind)s: use progress.") % options)
        fmt = options["fmt"]
        if fmt not in RENDERERS:
            raise CommandError(_("Unknown format %(fmt)s: use md, docx or pdf.") % {"fmt": fmt})
        team = Team.objects.filter(slug=options["team"]).first()
        if team is None:
            raise CommandError(_("There is no team %(slug)s.") % {"slug": options["team"]})
        since = _date(options["since"]) if options.get("since") else None
        until = _date(options["until"]) if options.get("until") else None
        if since and until and until < since:
            raise CommandError(_("--until is before --since."))
        report = build_progress_report(
            viewer=operator_viewer(), team=team, since=since, until=until, png=fmt == "docx"
        )
        body = RENDERERS[fmt](report)
        path = Path(options["output"])
        try:
            if isinstance(body, str):
                path.write_text(body, encoding="utf-8")
            else:
                path.write_bytes(body)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        self.stdout.write(
            _("Wrote the progress report of %(team)s (%(since)s to %(until)s) to %(path)s.")
            % {"team": team.slug, "since": report.since, "until": report.until, "path": path}
        )
