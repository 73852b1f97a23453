"""The full-text index behind search: SQLite FTS5 or PostgreSQL full-text, one interface.

Every searchable record has one archive.SearchDocument row, written in the same transaction as
the record (post_save / post_delete signals), so a change is searchable at once and a rolled-back
change never is. On SQLite an FTS5 external-content table follows those rows through triggers;
on PostgreSQL a GIN expression index covers them. `rebuild()` recreates every row (the
`rebuild-search-index` command), e.g. after bulk updates that bypass signals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

from secretariat.archive.models import SearchDocument
from secretariat.events.models import Event, Session
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.requests.models import Question, Request, RequestNote
from secretariat.tracker.models import ActionItem, ProgressNote

# Marks around a match in a snippet: private-use characters, stripped from indexed text, so the
# snippet can be HTML-escaped first and the marks turned into <mark> afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"
# PostgreSQL's headline drops anything that looks like a tag: angle brackets travel as these.
_ANGLES = "\ue002\ue003"
CANDIDATES = 400
PG_CONFIG = "english"
# The PostgreSQL document vector: a stored generated column with a GIN index (migration 0002),
# not a model field, so Django never writes it.
VECTOR = "d.search_vector"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Fields:
    team_id: int
    visibility: str
    title: str
    body: str


def _clean(text: str) -> str:
    for char in (MARK_START, MARK_END, *_ANGLES, "\x00"):
        text = (text or "").replace(char, "")
    return text


def _item(o: ActionItem) -> Fields:
    return Fields(o.team_id, o.visibility, f"#{o.number}", o.text)


def _note(o: ProgressNote) -> Fields:
    return Fields(o.item.team_id, o.visibility, "", o.text)


def _decision(o: Decision) -> Fields:
    return Fields(o.team_id, o.visibility, f"D{o.number}", f"{o.text}\n{o.source_text}")


def _meeting(o: Meeting) -> Fields:
    return Fields(o.team_id, o.visibility, o.title, o.place)


def _agenda(o: AgendaItem) -> Fields:
    meeting = o.meeting
    return Fields(meeting.team_id, meeting.visibility, o.title, "" if o.removed else o.notes)


def _request(o: Request) -> Fields:
    return Fields(o.team_id, o.visibility, f"R{o.number} {o.title}", o.description)


def _request_note(o: RequestNote) -> Fields:
    return Fields(o.request.team_id, o.visibility, "", o.text)


def _question(o: Question) -> Fields:
    return Fields(o.team_id, o.visibility, f"Q{o.number}", o.text)


def _answer(o: Question) -> Fields:
    answered = o.status == Question.Status.ANSWERED
    return Fields(o.team_id, o.visibility, "", o.answer if answered else "")


def _event(o: Event) -> Fields:
    return Fields(o.team_id, o.visibility, o.name, f"{o.place}\n{o.description}")


def _session(o: Session) -> Fields:
    # A session has no visibility of its own: its event's (kept in step by _on_save).
    event = o.event
    return Fields(event.team_id, event.visibility, o.title, f"{o.room}\n{o.description}")


# kind -> (model, how its document reads); "answer" documents share the question's id.
SOURCES: dict[str, tuple[type[models.Model], Callable[[Any], Fields]]] = {
    "action_item": (ActionItem, _item),
    "note": (ProgressNote, _note),
    "decision": (Decision, _decision),
    "meeting": (Meeting, _meeting),
    "agenda": (AgendaItem, _agenda),
    "request": (Request, _request),
    "request_note": (RequestNote, _request_note),
    "question": (Question, _question),
    "answer": (Question, _answer),
    "event": (Event, _event),
    "session": (Session, _session),
}


def index_record(kind: str, record: models.Model, *, created: bool = False) -> None:
    """Write (or replace) the index row of one record: one query."""
    fields = SOURCES[kind][1](record)
    values = {
        "team_id": fields.team_id,
        "visibility": fields.visibility,
        "title": _clean(fields.title),
        "body": _clean(fields.body),
    }
    rows = SearchDocument.objects.filter(kind=kind, object_id=record.pk)
    if created or not rows.update(**values):
        SearchDocument.objects.create(kind=kind, object_id=record.pk, **values)


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    for kind, (model, _) in SOURCES.items():
        if model is sender:
            index_record(kind, instance, created=bool(kwargs.get("created")))
    if sender is Meeting and not kwargs.get("created"):
        # The agenda follows its meeting's visibility.
        SearchDocument.objects.filter(
            kind="agenda",
            object_id__in=AgendaItem.objects.filter(meeting_id=instance.pk).values("pk"),
        ).update(visibility=instance.visibility)  # type: ignore[attr-defined]
    if sender is Event and not kwargs.get("created"):
        # Sessions follow their event's visibility.
        SearchDocument.objects.filter(
            kind="session",
            object_id__in=Session.objects.filter(event_id=instance.pk).values("pk"),
        ).update(visibility=instance.visibility)  # type: ignore[attr-defined]


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    kinds = [kind for kind, (model, _) in SOURCES.items() if model is sender]
    SearchDocument.objects.filter(kind__in=kinds, object_id=instance.pk).delete()


def connect_signals() -> None:
    for model in {model for model, _ in SOURCES.values()}:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-index-{model.__name__}")
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-index-del-{model.__name__}"
        )


def rebuild(batch: int = 2000) -> int:
    """Recreate every index row from the records; returns how many rows were written."""
    written = 0
    related: dict[str, list[str]] = {
        "note": ["item"],
        "agenda": ["meeting"],
        "request_note": ["request"],
        "session": ["event"],
    }
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for kind, (model, read) in SOURCES.items():
            records: Iterable[Any] = (
                model._default_manager.select_related(*related.get(kind, []))
                .order_by("pk")
                .iterator(chunk_size=batch)
            )
            rows: list[SearchDocument] = []
            for record in records:
                fields = read(record)
                rows.append(
                    SearchDocument(
                        kind=kind,
                        object_id=record.pk,
                        team_id=fields.team_id,
                        visibility=fields.visibility,
                        title=_clean(fields.title),
                        body=_clean(fields.body),
                    )
                )
                if len(rows) >= batch:
                    SearchDocument.objects.bulk_create(rows)
                    written += len(rows)
                    rows = []
            SearchDocument.objects.bulk_create(rows)
            written += len(rows)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO archive_search_fts(archive_search_fts) VALUES('rebuild')"
                )
    return written


@dataclass(frozen=True)
class Candidate:
    document_id: int
    kind: str
    object_id: int
    team_id: int


def words(query: str) -> list[str]:
    return _WORD.findall(query)[:32]


def _fts_match(terms: list[str]) -> str:
    # Each word a quoted FTS5 string: no operator, column filter or syntax error can come in.
    return " ".join('"' + term.replace('"', "") + '"' for term in terms)


def candidates(
    query: str, *, team_id: int | None, public_only: bool, limit: int = CANDIDATES
) -> list[Candidate]:
    """Index rows matching `query`, best first (bm25 or ts_rank; the title weighs most).

    A pre-selection only: the caller keeps those the viewer may read.
    """
    terms = words(query)
    if not terms:
        return []
    where: list[str] = []
    params: list[Any] = []
    if team_id is not None:
        where.append("d.team_id = %s")
        params.append(team_id)
    if public_only:
        where.append("d.visibility = 'public'")
    extra = "".join(f" AND {clause}" for clause in where)
    if connection.vendor == "postgresql":
        sql = (
            # Only constants are spliced in; the query and filters are parameters.
            "SELECT d.id, d.kind, d.object_id, d.team_id "  # noqa: S608  # nosec B608
            f"FROM archive_searchdocument d, websearch_to_tsquery('{PG_CONFIG}', %s) q "
            f"WHERE ({VECTOR}) @@ q{extra} "
            f"ORDER BY ts_rank({VECTOR}, q) DESC, d.id DESC LIMIT %s"
        )
        params = [" ".join(terms), *params, limit]
    else:
        sql = (
            "SELECT d.id, d.kind, d.object_id, d.team_id "  # noqa: S608  # nosec B608
            "FROM archive_search_fts JOIN archive_searchdocument d "
            "ON d.id = archive_search_fts.rowid "
            f"WHERE archive_search_fts MATCH %s{extra} "
            "ORDER BY bm25(archive_search_fts, 10.0, 1.0), d.id DESC LIMIT %s"
        )
        params = [_fts_match(terms), *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Candidate(*row) for row in cursor.fetchall()]


def snippets(query: str, document_ids: list[int]) -> dict[int, str]:
    """A short extract of each document around its matches, the matched words between
    MARK_START and MARK_END (plain text: the caller escapes it). One query."""
    terms = words(query)
    if not terms or not document_ids:
        return {}
    marks = ", ".join(["%s"] * len(document_ids))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT d.id, "  # noqa: S608  # nosec B608
            f"ts_headline('{PG_CONFIG}', translate(d.title || ' · ' || d.body, '<>', %s), q, %s) "
            f"FROM archive_searchdocument d, websearch_to_tsquery('{PG_CONFIG}', %s) q "
            f"WHERE d.id IN ({marks})"
        )
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12"
        params: list[Any] = [_ANGLES, options, " ".join(terms), *document_ids]
    else:
        sql = (
            "SELECT rowid, "  # noqa: S608  # nosec B608
            f"snippet(archive_search_fts, -1, '{MARK_START}', '{MARK_END}', '…', 24) "
            f"FROM archive_search_fts WHERE archive_search_fts MATCH %s AND rowid IN ({marks})"
        )
        params = [_fts_match(terms), *document_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            document_id: (text or "").replace(_ANGLES[0], "<").replace(_ANGLES[1], ">")
            for document_id, text in cursor.fetchall()
        }
