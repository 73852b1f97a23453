"""`secretariat export-archive DIR`: a static copy of the public archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from secretariat.archive.export import export_archive


class Command(BaseCommand):
    help = "Write every public page of every team to DIR, as an anonymous visitor sees it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help=_("An empty or new directory."))

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        try:
            report = export_archive(directory)
        except FileExistsError:
            raise CommandError(
                _("%(dir)s is not empty; give a new or empty directory.") % {"dir": directory}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(count)s pages to %(dir)s.")
                % {"count": len(report.pages), "dir": directory}
            )
        )
        for path, status in sorted(report.skipped.items()):
            self.stdout.write(
                _("Skipped %(path)s (HTTP %(status)s).") % {"path": path, "status": status}
            )
