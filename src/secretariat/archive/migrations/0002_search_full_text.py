"""The full-text index over archive.SearchDocument: FTS5 on SQLite, a GIN index on PostgreSQL.

After this migration on an installation with records, run `secretariat rebuild-search-index`.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE archive_search_fts USING fts5(title, body, "
    "content='archive_searchdocument', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_search_ai AFTER INSERT ON archive_searchdocument BEGIN "
    "INSERT INTO archive_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER archive_search_ad AFTER DELETE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_search_fts(archive_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER archive_search_au AFTER UPDATE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_search_fts(archive_search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO archive_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO archive_search_fts(archive_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_search_au",
    "DROP TRIGGER IF EXISTS archive_search_ad",
    "DROP TRIGGER IF EXISTS archive_search_ai",
    "DROP TABLE IF EXISTS archive_search_fts",
]
# A stored tsvector (the title weighs most), so ranking reads it instead of parsing the text.
POSTGRES_FORWARD = [
    "ALTER TABLE archive_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, body), 'D')) STORED",
    "CREATE INDEX archive_search_vector ON archive_searchdocument USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS archive_search_vector",
    "ALTER TABLE archive_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_search_document")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
            elidable=False,
        )
    ]
