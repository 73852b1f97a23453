"""`secretariat export-archive DIR [--team SLUG]`: a static copy of the public archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from secretariat.archive.export import NotAnExport, export_archive
from secretariat.core.audit import log_command_event
from secretariat.core.models import SecurityEvent
from secretariat.teams.models import Team


class Command(BaseCommand):
    help = (
        "Write every public page of every team (or of one) to DIR, as an anonymous visitor sees "
        "it, with the feeds, the calendars and a JSON file of the public records; run again over "
        "the same DIR, it rewrites only what changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", type=Path, help=_("A new or empty directory, or an earlier copy.")
        )
        parser.add_argument("--team", metavar="SLUG", help=_("Only this team's pages."))

    def handle(
        self, *args: object, directory: Path, team: str | None = None, **options: object
    ) -> None:
        team_obj = None
        if team:
            team_obj = Team.objects.filter(slug=team).first()
            if team_obj is None:
                raise CommandError(_("--team: there is no team %(slug)s.") % {"slug": team})
        try:
            report = export_archive(directory, team=team_obj)
        except NotAnExport:
            raise CommandError(
                _(
                    "%(dir)s is not empty and holds no earlier copy; give a new or empty "
                    "directory, or the directory of an earlier export."
                )
                % {"dir": directory}
            ) from None
        log_command_event(
            kind=SecurityEvent.Kind.EXPORTED,
            command="export-archive",
            detail={"what": "public archive", "team": team or "", "directory": str(directory)},
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(count)s pages to %(dir)s: %(written)s files new or changed, "
                    "%(unchanged)s unchanged, %(removed)s removed."
                )
                % {
                    "count": len(report.pages),
                    "dir": directory,
                    "written": report.written,
                    "unchanged": report.unchanged,
                    "removed": report.removed,
                }
            )
        )
        for path, status in sorted(report.skipped.items()):
            self.stdout.write(
                _("Skipped %(path)s (HTTP %(status)s).") % {"path": path, "status": status}
            )
