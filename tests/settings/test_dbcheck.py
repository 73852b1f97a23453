"""`make test-postgres` starts with `python -m secretariat.dbcheck`: a dead server fails loudly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_it_fails_with_the_reason_when_no_database_answers(tmp_path: object) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_free_port()}/postgres",
        "SECRETARIAT_DATA_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "-m", "secretariat.dbcheck"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "database check failed" in result.stderr


def test_it_passes_when_the_database_answers(tmp_path: object) -> None:
    env = {**os.environ, "SECRETARIAT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the SQLite default always answers

    result = subprocess.run(
        [sys.executable, "-m", "secretariat.dbcheck"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
