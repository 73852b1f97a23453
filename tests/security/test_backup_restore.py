"""`secretariat backup` and `secretariat restore`: a consistent copy while writers run, and a
JSON round trip that gives back the same bytes (confidential rows included)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from secretariat.core.models import HistoryEntry, SecurityEvent, Visibility
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem
from tests.factories import make_item, make_team
from tests.security.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-b4c1: restricted vendor contract terms"


def _rows(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as database:
        return int(database.execute(sql).fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite online backup API")
def test_an_sqlite_backup_taken_while_items_are_written_is_whole_and_consistent(
    tmp_path: Path,
) -> None:
    team = make_team()
    make_item(team, CANARY, visibility=Visibility.RESTRICTED, visibility_reason="NDA")
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set() or len(written) < 20:
                item = make_item(team, f"Follow up on SSR2 finding {len(written) + 1}")
                written.append(item.number)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 10:
            stop.wait(0.01)
        before = len(written)
        target = tmp_path / "secretariat-backup.sqlite3"
        call_command("backup", str(target))
        after = len(written)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert failures == []

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    items = _rows(target, "SELECT count(*) FROM tracker_actionitem")
    created = _rows(
        target, "SELECT count(*) FROM core_historyentry WHERE action = 'tracker.item.created'"
    )
    # A snapshot of one moment: every item has its history entry, and nothing is half-written.
    assert before + 1 <= items <= after + 2
    assert created == items
    with sqlite3.connect(target) as copy:
        found = copy.execute("SELECT count(*) FROM tracker_actionitem WHERE text = ?", [CANARY])
        assert found.fetchone()[0] == 1

    call_command("restore", str(target))

    assert ActionItem.objects.count() == items
    assert HistoryEntry.objects.filter(action="tracker.item.created").count() == items


def test_a_json_backup_restored_into_an_empty_database_backs_up_to_the_same_bytes(
    tmp_path: Path,
) -> None:
    build_world(make_team(), make_team("rds-whois2", "RDS-WHOIS2 Review Team"))
    make_item(
        Team.objects.get(slug="ssr2"),
        CANARY,
        visibility=Visibility.RESTRICTED,
        visibility_reason="NDA",
    )
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    call_command("backup", str(first), format="json")
    items = ActionItem.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    assert ActionItem.objects.count() == 0
    call_command("restore", str(first))
    # The restore's own audit row is the one thing the restored database adds.
    SecurityEvent.objects.get(kind=SecurityEvent.Kind.RESTORED).delete()
    call_command("backup", str(second), format="json")

    assert ActionItem.objects.count() == items
    assert ActionItem.objects.filter(text=CANARY).exists()
    assert CANARY in first.read_text(encoding="utf-8")
    assert second.read_bytes() == first.read_bytes()


def test_a_json_restore_refuses_a_database_that_holds_data(tmp_path: Path) -> None:
    make_item(make_team(), "Circulate the SSR2 work plan")
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), format="json")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))

    assert ActionItem.objects.count() == 1


def test_a_backup_keeps_every_microsecond_of_a_time() -> None:
    from secretariat.core.backup import encode_rows

    noted = dt.datetime(2017, 6, 6, 14, 0, 0, 500, tzinfo=dt.UTC)

    text = encode_rows([{"model": "tracker.progressnote", "fields": {"created_at": noted}}])

    assert "2017-06-06T14:00:00.000500+00:00" in text.decode()
