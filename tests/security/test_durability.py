"""Durability: kill the server (SIGKILL) in the middle of a stream of writes, and an import in
the middle of its transaction; after a restart every acknowledged write is there and the
import left nothing behind.

The server is gunicorn with the production settings (DEBUG off) on a SQLite database in a
temporary data directory, on a loopback port between 8070 and 8099. Every process the test
starts is killed by the test.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs its own SQLite database (the PostgreSQL durability is PostgreSQL's)",
)

SETUP = """
from django.contrib.auth.models import User
from secretariat.api.services import create_api_token
from secretariat.teams.services import add_member, create_person, create_team

user = User.objects.create_user("jennifer.bryce", email="jennifer.bryce@example.org")
team = create_team(slug="ssr2", name="SSR2 Review Team")
person = create_person(
    name="Jennifer Bryce", initials="JB", email="jennifer.bryce@example.org",
    affiliation="ICANN Org", time_zone="America/Los_Angeles", user=user,
)
add_member(team=team, person=person, role="staff")
print(create_api_token(user=user, name="durability test", scope="write").raw)
"""


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRETARIAT_DATA_DIR": str(data_dir),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "durability-test-key-" + "x" * 40,
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    return env


def secretariat(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "secretariat", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def free_port() -> int:
    for port in range(8070, 8100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port between 8070 and 8099")


def wait_until(condition: object, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)  # polling a process we do not control; bounded by the deadline
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    """gunicorn serving the app, in its own process group so one signal reaches every worker."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "secretariat.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.answers, seconds=60, what="gunicorn to answer")

    def answers(self) -> bool:
        try:
            return self.request("GET", "/api/v1/teams")[0] == 200
        except OSError:
            return False

    def request(
        self, method: str, path: str, body: object = None, token: str = ""
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            payload = None if body is None else json.dumps(body)
            connection.request(method, path, payload, headers)
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def site(tmp_path: Path) -> tuple[dict[str, str], str]:
    env = environment(tmp_path)
    secretariat(env, "migrate", "--noinput", "-v", "0")
    token = secretariat(env, "shell", "-c", SETUP).strip().splitlines()[-1]
    return env, token


def database(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["SECRETARIAT_DATA_DIR"]) / "secretariat.sqlite3")


def test_every_acknowledged_write_survives_a_killed_server(
    site: tuple[dict[str, str], str],
) -> None:
    env, token = site
    port = free_port()
    server = Server(env, port)
    acknowledged: list[str] = []
    refused: list[str] = []
    stop = threading.Event()

    def stream() -> None:
        failures = 0
        number = 0
        while not stop.is_set() and failures < 5:
            number += 1
            text = f"Follow up on SSR2 finding {number} with ICANN Org"
            try:
                status, _body = server.request(
                    "POST", "/api/v1/teams/ssr2/actions", {"text": text}, token
                )
            except OSError:
                failures += 1
                continue
            if status == 201:
                acknowledged.append(text)
            else:
                refused.append(f"{status}: {text}")

    writer = threading.Thread(target=stream)
    writer.start()
    try:
        wait_until(lambda: len(acknowledged) >= 40, seconds=120, what="40 acknowledged writes")
        server.kill()  # mid-stream: requests are in flight
        writer.join(timeout=60)
    finally:
        stop.set()
        server.kill()
        writer.join(timeout=60)
    assert refused == []

    restarted = Server(env, port)
    try:
        status, body = restarted.request("GET", "/api/v1/teams/ssr2/actions?limit=200", token=token)
    finally:
        restarted.stop()

    assert status == 200
    served = {item["text"] for item in json.loads(body)["items"]}
    assert set(acknowledged) <= served
    with database(env) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in copy.execute("SELECT text FROM tracker_actionitem")}
    assert set(acknowledged) <= stored


def write_tracker_csv(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Number",
                "Category",
                "Topic",
                "Source of Request",
                "Date of Request",
                "Action Item Request",
                "Action Owner",
                "Anticipated Completion Date",
                "Status",
                "Progress Notes",
                "Completed Response",
                "Completion Date",
                "Visibility",
            ]
        )
        for number in range(1, rows + 1):
            out.writerow(
                [
                    number,
                    "General",
                    "",
                    "Email",
                    "2019-09-11",
                    f"Staff to circulate the SSR2 briefing notes, part {number}.",
                    "",
                    "TBD",
                    "open",
                    "2019-09-30: first draft circulated",
                    "",
                    "",
                    "public",
                ]
            )


def import_holds_the_write_lock(env: dict[str, str]) -> bool:
    """True while another process holds the database's write lock (an open write transaction)."""
    probe = sqlite3.connect(
        Path(env["SECRETARIAT_DATA_DIR"]) / "secretariat.sqlite3", timeout=0, isolation_level=None
    )
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def test_an_import_killed_in_its_transaction_leaves_nothing_half_applied(
    site: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, _token = site
    table = tmp_path / "ssr2-tracker.csv"
    write_tracker_csv(table, 3000)
    with database(env) as before:
        items_before = before.execute("SELECT count(*) FROM tracker_actionitem").fetchone()[0]
        history_before = before.execute("SELECT count(*) FROM core_historyentry").fetchone()[0]

    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "secretariat", "import", str(table), "--team", "ssr2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: import_holds_the_write_lock(env) or process.poll() is not None,
            seconds=120,
            what="the import to start writing",
        )
        assert process.poll() is None, "the import finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()

    with database(env) as after:
        assert after.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (
            after.execute("SELECT count(*) FROM tracker_actionitem").fetchone()[0] == items_before
        )
        assert after.execute("SELECT count(*) FROM core_historyentry").fetchone()[0] == (
            history_before
        )
