"""The search index's documents: one row per searchable text, kept current on every write.

The row is only an index: who may read the record is decided by the apps' visibility queries
when searching (see archive.search), never by this table. `visibility` narrows candidates early.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """One searchable record: its title (ranks first) and its body, in the full-text index."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    visibility = models.CharField(max_length=16)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_record")
        ]
        indexes = [models.Index(fields=["team_id", "visibility"], name="search_document_team")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
