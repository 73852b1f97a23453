"""secretariat.settings: values from the environment, and SQLite as it really runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from secretariat import settings as project_settings


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1", True), ("yes", True), (" On ", True), ("0", False), ("false", False), ("", True)],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, value: bool
) -> None:
    monkeypatch.setenv("SECURE_COOKIES", raw)

    assert project_settings.env_bool("SECURE_COOKIES", True) is value


def test_env_bool_refuses_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        project_settings.env_bool("DEBUG", False)


def test_env_int_refuses_a_non_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_PAGE_SIZE", "a hundred")

    with pytest.raises(ImproperlyConfigured, match="TRACKER_PAGE_SIZE must be an integer"):
        project_settings.env_int("TRACKER_PAGE_SIZE", 100)


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " ssr2.example.org, ,archive.example.org ")

    assert project_settings.env_list("ALLOWED_HOSTS", []) == [
        "ssr2.example.org",
        "archive.example.org",
    ]


def test_a_secret_is_read_from_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("s3cr3t-from-a-container-secret\n", encoding="utf-8")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))

    assert project_settings.env_secret("SECRET_KEY") == "s3cr3t-from-a-container-secret"


def test_an_unreadable_secret_file_stops_the_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        project_settings.env_secret("SECRET_KEY")


def test_a_postgresql_url_gives_postgresql_with_health_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://secretariat:pw@db.example.org:5432/ssr2")

    config = project_settings._database_settings()

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("ssr2", "db.example.org", 5432)
    assert config["CONN_HEALTH_CHECKS"] is True


def test_another_database_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/ssr2")

    with pytest.raises(ImproperlyConfigured, match="PostgreSQL or SQLite"):
        project_settings._database_settings()


def test_sqlite_from_a_url_gets_the_immediate_and_wal_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/data/ssr2.sqlite3")

    config = project_settings._database_settings()

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(str(config["NAME"])) == tmp_path / "data" / "ssr2.sqlite3"
    assert (tmp_path / "data").is_dir()
    options = config["OPTIONS"]
    assert isinstance(options, dict)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks SQLite pragmas; PostgreSQL runs the rest"
)


@sqlite_only
@pytest.mark.django_db
def test_a_sqlite_connection_runs_in_wal_with_foreign_keys_and_a_busy_timeout() -> None:
    with connection.cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }

    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 20000,
        "synchronous": 1,
    }


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_transaction_takes_the_write_lock_when_it_begins() -> None:
    other = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # free before Django's transaction
        other.execute("ROLLBACK")
        with transaction.atomic():
            connection.cursor().execute("SELECT 1")  # a read only: IMMEDIATE locks anyway
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
