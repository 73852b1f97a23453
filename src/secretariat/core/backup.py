"""Backups: a consistent copy of the database taken while the site serves, and its restore.

Two formats:
- `sqlite`: a copy of the SQLite database made with SQLite's online backup API (the copy is a
  snapshot of one moment even while writers go on; nothing is locked for long). Restored with
  the same API in the other direction.
- `json`: every row of every table, as Django's serializer writes it (foreign keys to content
  types by natural key, so ids need not match), keys sorted and rows ordered by primary key, so
  two backups of the same data are the same bytes. Content types, permissions and sessions are
  left out: `migrate` recreates the first two and sessions are not part of the record. This is
  the PostgreSQL format (taken inside one REPEATABLE READ transaction, like `pg_dump`), and
  works on SQLite too.
A backup is written to a temporary file beside the target and renamed into place, so a backup
interrupted half-way never leaves a truncated file under the target's name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.models import Model

SQLITE_HEADER = b"SQLite format 3\x00"
EXCLUDED = frozenset({"contenttypes.ContentType", "auth.Permission", "sessions.Session"})


def database_vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _sqlite_path(alias: str) -> str:
    return str(connections[alias].settings_dict["NAME"])


@contextmanager
def _atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only if the block succeeds."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def backup_sqlite(target: Path, *, alias: str = "default") -> None:
    """Copy the live SQLite database to `target` with the online backup API."""
    with _atomic_file(target) as temporary:
        source = sqlite3.connect(_sqlite_path(alias), timeout=30)
        destination = sqlite3.connect(temporary)
        try:
            with destination:
                source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
            source.close()


def _models() -> list[type[Model]]:
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.label not in EXCLUDED
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.can_migrate(connections["default"])
    ]
    by_app: dict[str, list[type[Model]]] = {}
    for model in sorted(chosen, key=lambda model: model._meta.label):
        by_app.setdefault(model._meta.app_label, []).append(model)
    # Referenced models first (a user before their tokens), so a restore can find by natural
    # key every row a later row points at.
    app_list = [(apps.get_app_config(label), models) for label, models in sorted(by_app.items())]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def dump_rows(alias: str = "default") -> list[dict[str, Any]]:
    """Every row worth keeping, in a stable order (by model label, then primary key)."""
    rows: list[dict[str, Any]] = []
    for model in _models():
        queryset = model._default_manager.using(alias).order_by("pk")
        rows.extend(
            serializers.serialize("python", queryset.iterator(), use_natural_foreign_keys=True)
        )
    return rows


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: Django's cuts them to milliseconds,
    so a restored record would not be the record that was backed up."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            return o.isoformat()
        return super().default(o)


def encode_rows(rows: list[dict[str, Any]]) -> bytes:
    text = json.dumps(rows, cls=ExactJSONEncoder, sort_keys=True, indent=1, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def backup_json(target: Path, *, alias: str = "default") -> int:
    """Write every row to `target` as sorted JSON; returns the number of rows."""
    connection = connections[alias]
    # Inside a caller's transaction the snapshot is already that transaction's.
    own_transaction = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql" and own_transaction:
            # One snapshot for every table, as pg_dump takes.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        rows = dump_rows(alias)
    with _atomic_file(target) as temporary:
        temporary.write_bytes(encode_rows(rows))
    return len(rows)


def is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def restore_sqlite(source: Path, *, alias: str = "default") -> None:
    """Replace the SQLite database's content with the backup at `source` (online backup API)."""
    connections[alias].close()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(_sqlite_path(alias), timeout=30)
    try:
        result = backup.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise ValueError(f"{source} fails SQLite's integrity check: {result}")
        backup.backup(live)
    finally:
        live.close()
        backup.close()


def rows_in_database(alias: str = "default") -> dict[str, int]:
    """How many rows each kept table holds (empty tables left out)."""
    counts = {model._meta.label: model._default_manager.using(alias).count() for model in _models()}
    return {label: count for label, count in counts.items() if count}


def restore_json(source: Path, *, alias: str = "default") -> None:
    """Load a JSON backup into a migrated, empty database, in one transaction."""
    with tempfile.TemporaryDirectory() as directory:
        fixture = Path(directory) / "backup.json"
        fixture.write_bytes(source.read_bytes())
        with transaction.atomic(using=alias):
            call_command("loaddata", str(fixture), database=alias, verbosity=0)
