"""`secretariat backup FILE`: a consistent backup taken while the site keeps serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secretariat.core.audit import log_command_event
from secretariat.core.backup import backup_json, backup_sqlite, database_vendor
from secretariat.core.models import SecurityEvent


class Command(BaseCommand):
    help = (
        "Back up the database to FILE while the site serves. SQLite: a copy made with SQLite's "
        "online backup API (--format json for a portable dump). PostgreSQL: every row as sorted "
        "JSON, read in one snapshot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the backup (replaced atomically).")
        parser.add_argument(
            "--format",
            choices=["auto", "sqlite", "json"],
            default="auto",
            help="auto: sqlite on SQLite, json on PostgreSQL.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        vendor = database_vendor()
        fmt = options["format"]
        if fmt == "auto":
            fmt = "sqlite" if vendor == "sqlite" else "json"
        if fmt == "sqlite":
            if vendor != "sqlite":
                raise CommandError("--format sqlite needs a SQLite database; use --format json.")
            backup_sqlite(target)
            self.stdout.write(f"SQLite backup written to {target}")
        else:
            rows = backup_json(target)
            self.stdout.write(f"{rows} rows written to {target}")
        log_command_event(
            kind=SecurityEvent.Kind.BACKED_UP,
            command="backup",
            detail={"file": str(target.resolve()), "format": fmt},
        )
