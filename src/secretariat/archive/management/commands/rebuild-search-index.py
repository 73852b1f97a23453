"""`secretariat rebuild-search-index`: recreate the full-text search index from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from secretariat.archive.search_index import rebuild


class Command(BaseCommand):
    help = "Recreate the search index from every record (after an upgrade or bulk changes)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = rebuild()
        self.stdout.write(f"Search index rebuilt: {written} documents.")
