"""`secretariat restore FILE`: put a backup made by `secretariat backup` back in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from secretariat.core.audit import log_command_event
from secretariat.core.backup import (
    database_vendor,
    is_sqlite_file,
    restore_json,
    restore_sqlite,
    rows_in_database,
)
from secretariat.core.models import SecurityEvent


def _audit(source: Path, fmt: str) -> None:
    # Logged after the restore, so the row is in the restored database and kept.
    log_command_event(
        kind=SecurityEvent.Kind.RESTORED,
        command="restore",
        detail={"file": str(source.resolve()), "format": fmt},
    )


class Command(BaseCommand):
    help = (
        "Restore a backup made by `secretariat backup`. A SQLite copy replaces the SQLite "
        "database's content; a JSON backup is loaded into a migrated, empty database (run it "
        "on a fresh database; stop the app servers first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup to restore.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        if is_sqlite_file(source):
            if database_vendor() != "sqlite":
                raise CommandError(
                    f"{source} is a SQLite copy; this site runs on {database_vendor()}. "
                    "Back up with --format json to move between databases."
                )
            try:
                restore_sqlite(source)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            _audit(source, "sqlite")
            self.stdout.write(f"Database restored from {source}")
            return
        call_command("migrate", interactive=False, verbosity=0)
        present = rows_in_database()
        if present:
            listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
            raise CommandError(
                f"The database is not empty ({listed}); restore a JSON backup into a fresh one."
            )
        restore_json(source)
        _audit(source, "json")
        self.stdout.write(f"Database restored from {source}")
