"""One database's half of the benchmark, run by `python -m bench` in its own process:

    python -m bench.run --database sqlite|postgres --out FILE.json [--items 10000] ...

It builds a fresh database, generates the data set (measuring SQL queries per request after the
first 1,000 items and again at the end), measures import, export and deck rendering in-process,
then serves the site with gunicorn (2 workers, secretariat.wsgi with bench.settings, which adds
the ceilings) on 127.0.0.1 and drives each scenario from a separate process (bench.load).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORTS = range(8040, 8070)


@dataclass
class Scenario:
    name: str
    path: str
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    ceiling: str = ""  # the matching work ceiling's name ("" for the ceilings themselves)
    read: bool = True
    note: str = ""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_environment(database: str, workdir: Path, pg_url: str) -> None:
    """Point this process (and the server it starts) at a fresh bench-only database."""
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["SECRETARIAT_DATA_DIR"] = str(workdir)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    os.environ.pop("DEBUG", None)
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            (workdir / f"secretariat.sqlite3{suffix}").unlink(missing_ok=True)
        return
    os.environ["DATABASE_URL"] = pg_url
    import psycopg
    from psycopg import sql

    name = pg_url.rsplit("/", 1)[-1].split("?", 1)[0]
    admin = pg_url.rsplit("/", 1)[0] + "/template1"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def scenarios(data: Any, token: str) -> list[Scenario]:
    """The scenarios on the generated data: the main team's public pages and API."""
    from django.urls import NoReverseMatch, reverse

    from secretariat.tracker.models import ActionItem

    slug = data.main.team.slug
    item = (
        ActionItem.objects.filter(team=data.main.team, visibility="public", status="open")
        .exclude(notes=None)
        .order_by("-number")
        .first()
    )
    assert item is not None, "the data set has no public open item with notes"
    number = item.number
    create_body = json.dumps(
        {
            "text": "Send the SSR2 work plan to the co-chairs for approval.",
            "owners": ["Staff"],
            "category": "Workplan",
            "due_on": "2017-07-01",
        }
    )
    result = [
        Scenario("ceiling: constant JSON", "/bench/constant"),
        Scenario("ceiling: list SQL + json", f"/bench/teams/{slug}/actions?status=open&limit=100"),
        Scenario("ceiling: read SQL + json", f"/bench/teams/{slug}/actions/{number}"),
        Scenario("tracker page (100 open)", f"/{slug}/actions/?status=open", ceiling="list"),
        Scenario("item page", f"/{slug}/actions/{number}/", ceiling="read"),
        Scenario(
            "API list (100 open)",
            f"/api/v1/teams/{slug}/actions?status=open&limit=100",
            ceiling="list",
        ),
        Scenario("API read", f"/api/v1/teams/{slug}/actions/{number}", ceiling="read"),
        Scenario(
            "API create",
            f"/api/v1/teams/{slug}/actions",
            method="POST",
            body=create_body,
            headers={"Authorization": f"Bearer {token}"},
            ceiling="read",
            read=False,
        ),
        Scenario("search", "/search/?q=KSK+rollover", ceiling="list"),
    ]
    for title, names in (
        ("team home", ("team_home",)),
        ("calendar", ("team_calendar", "calendar")),
    ):
        for name in names:
            try:
                result.append(Scenario(title, reverse(name, args=[slug]), ceiling="list"))
                break
            except NoReverseMatch:
                continue
        else:
            result.append(
                Scenario(title, "", note=f"skipped: no URL named {' or '.join(names)} yet")
            )
    result.append(Scenario("Atom feed", reverse("team_feed", args=[slug]), ceiling="list"))
    return result


def measure_in_process(items: list[Scenario], timed: int = 0) -> dict[str, dict[str, Any]]:
    """SQL queries, status and bytes of one request per scenario, through Django's test client;
    with `timed`, also the median time of that many more requests (reads only): the time one
    request takes with no network and no queue, which a busy machine disturbs less than the
    load runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    out: dict[str, dict[str, Any]] = {}
    for scenario in items:
        if not scenario.path:
            continue
        headers = dict(scenario.headers)
        # Warm caches; a write is measured on its second run (the first marks the token used).
        if scenario.method == "GET":
            client.get(scenario.path, headers=headers)
        else:
            client.post(
                scenario.path, data=scenario.body, content_type="application/json", headers=headers
            )
        with CaptureQueriesContext(connection) as captured:
            if scenario.method == "GET":
                response = client.get(scenario.path, headers=headers)
            else:
                response = client.post(
                    scenario.path,
                    data=scenario.body,
                    content_type="application/json",
                    headers=headers,
                )
        # Counted now: the next request (reset_queries on request_started) empties the log.
        queries = len(captured.captured_queries)
        body = response.content
        compressed = response.get("Content-Encoding") == "gzip"
        raw = gzip.decompress(body) if compressed else body
        times = []
        for _ in range(timed if scenario.method == "GET" else 0):
            started = time.perf_counter()
            client.get(scenario.path, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        out[scenario.name] = {
            "ms_in_process": round(sorted(times)[len(times) // 2], 1) if times else None,
            "status": response.status_code,
            "queries": queries,
            "bytes_raw": len(raw),
            "bytes_gzip": len(body) if compressed else len(gzip.compress(raw, 6)),
            "server_compresses": compressed,
            "bytes_on_wire": len(body),
        }
    return out


def measure_import(rows: int) -> dict[str, Any]:
    """Import rows/s: a tracker CSV (the semicolon export some teams keep) through the parser
    and imports.apply, in one transaction, into a new team."""
    from secretariat.imports.apply import apply_result
    from secretariat.imports.detect import parse_bytes

    lines = ["Item;Task;Assigned to;Deadline;Priority;Status"]
    owners = ["ICANN org", "Cheryl Langdon-Orr", "Pat Kane", "Co-Chairs", "Staff"]
    statuses = ["Open", "in progress", "Done", "Open"]
    for n in range(1, rows + 1):
        lines.append(
            f"{n};Circulate the draft section {n} of the report to the review team;"
            f"{owners[n % len(owners)]};5/{1 + n % 28};Medium;{statuses[n % len(statuses)]}"
        )
    data = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    result = parse_bytes(data, file="bench-tracker.csv", fmt="csv")
    parsed = time.perf_counter()
    apply_result(result, team_slug="bench-import", team_name="Bench Import Team", skip_bad=True)
    done = time.perf_counter()
    return {
        "rows": rows,
        "parsed_items": len(result.action_items),
        "parse_seconds": round(parsed - started, 3),
        "seconds": round(done - started, 3),
        "rows_per_s": round(rows / (done - started), 1),
    }


def measure_export(workdir: Path, budget_s: float, max_pages: int) -> dict[str, Any]:
    """Export pages/s: archive.export crawling the public site, stopped after `max_pages` pages
    or `budget_s` seconds (the whole archive of 10,000 items would take minutes)."""
    from django.test import Client

    from secretariat.archive import export

    class Stop(Exception):
        pass

    class BoundedClient(Client):
        pages = 0
        deadline = time.perf_counter() + budget_s

        def get(self, *args: Any, **kwargs: Any) -> Any:
            if BoundedClient.pages >= max_pages or time.perf_counter() > BoundedClient.deadline:
                raise Stop
            BoundedClient.pages += 1
            return super().get(*args, **kwargs)

    target = workdir / "export"
    shutil.rmtree(target, ignore_errors=True)
    original = export.Client
    export.Client = BoundedClient  # type: ignore[misc]
    started = time.perf_counter()
    try:
        export.export_archive(target)
    except Stop:
        pass
    finally:
        export.Client = original  # type: ignore[misc]
    elapsed = time.perf_counter() - started
    shutil.rmtree(target, ignore_errors=True)
    return {
        "pages": BoundedClient.pages,
        "seconds": round(elapsed, 3),
        "pages_per_s": round(BoundedClient.pages / elapsed, 1) if elapsed else 0.0,
    }


def measure_deck(data: Any, items: int) -> dict[str, Any]:
    """Deck render time for `items` open items: the content is built from the database
    (documents.build), cut to `items` review rows, then rendered to PowerPoint."""
    import dataclasses

    from secretariat.documents.build import deck_content
    from secretariat.documents.deck import render_deck_pptx
    from secretariat.meetings.models import Meeting

    team = data.main.team
    meeting = Meeting.objects.filter(team=team).order_by("-number").first()
    started = time.perf_counter()
    content = deck_content(viewer=None, team=team, meeting=meeting)
    built = time.perf_counter()
    review = content.review_items[:items]
    kept = {line.number for line in review}
    open_items = tuple(line for line in content.open_items if line.number in kept)
    content = dataclasses.replace(content, review_items=review, open_items=open_items)
    render_started = time.perf_counter()
    body = render_deck_pptx(content)
    done = time.perf_counter()
    return {
        "items": len(review),
        "active_items_in_team": len(content.review_items),
        "build_seconds": round(built - started, 3),
        "render_seconds": round(done - render_started, 3),
        "bytes": len(body),
    }


def database_version() -> str:
    """The database server's name and version, as the report prints it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def worker_rss(master_pid: int) -> list[int]:
    """Resident memory (bytes) of each gunicorn worker, read from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent != master_pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) * 1024)
        except (OSError, ValueError, IndexError):
            continue
    return sizes


@contextlib.contextmanager
def gunicorn(port: int, workdir: Path) -> Iterator[subprocess.Popen[bytes]]:
    binary = Path(sys.executable).with_name("gunicorn")
    command = [
        str(binary) if binary.exists() else "gunicorn",
        "secretariat.wsgi",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        str(ROOT),
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--error-logfile",
        str(workdir / "gunicorn.log"),
    ]
    server = subprocess.Popen(command, cwd=ROOT)  # noqa: S603 (our own server, our own arguments)
    try:
        url = f"http://127.0.0.1:{port}/bench/constant"
        for _ in range(150):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {workdir / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer within 30 s")
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def drive(
    port: int, scenario: Scenario, concurrency: int, duration: float, engine: str
) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.load",
        f"http://127.0.0.1:{port}{scenario.path}",
        "--method",
        scenario.method,
        "--concurrency",
        str(concurrency),
        "--duration",
        str(duration),
        "--engine",
        engine,
    ]
    if scenario.body is not None:
        command += ["--body", scenario.body]
    for name, value in scenario.headers.items():
        command += ["--header", f"{name}: {value}"]
    done = subprocess.run(  # noqa: S603 (our own driver)
        command, cwd=ROOT, capture_output=True, text=True, timeout=duration + 120, check=True
    )
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--database", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results" / "work")
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    prepare_environment(args.database, args.workdir / args.database, args.pg_url)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate

    result: dict[str, Any] = {"database": args.database, "items": args.items}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    result["database_version"] = database_version()
    log(f"{args.database}: migrated in {time.perf_counter() - started:.1f} s; generating")
    started = time.perf_counter()
    scale = max(1, args.items // 10_000)
    data = generate.create_base(meetings=2_000 * scale, decisions=3_000 * scale)
    first = min(1_000, args.items)
    generate.add_items(data, first)
    call_command("rebuild-search-index", verbosity=0)
    cases = scenarios(data, data.token)
    small = measure_in_process(cases)
    generate.add_items(data, args.items - first)
    # The generator writes in bulk, past the signals that keep the search index current.
    call_command("rebuild-search-index", verbosity=0)
    result["generate_seconds"] = round(time.perf_counter() - started, 1)
    result["rows"] = generate.counts()
    log(f"{args.database}: generated {result['rows']} in {result['generate_seconds']} s")
    cases = scenarios(data, data.token)
    full = measure_in_process(cases, timed=3)

    port = args.port or free_port()
    # The machine's load before and after the load runs: other work beside the benchmark shows.
    result["load_average_before"] = round(os.getloadavg()[0], 2)
    runs: list[dict[str, Any]] = []
    with gunicorn(port, args.workdir / args.database) as server:
        rss_peak: list[int] = []
        for scenario in cases:
            row: dict[str, Any] = {
                "scenario": scenario.name,
                "path": scenario.path,
                "method": scenario.method,
                "ceiling": scenario.ceiling,
                "read": scenario.read,
                "note": scenario.note,
                "in_process": full.get(scenario.name, {}),
                "queries_at_1000": small.get(scenario.name, {}).get("queries"),
                "load": [],
            }
            if scenario.path:
                # Warm both workers (imports, template loading) before timing.
                drive(port, scenario, 2, 1.0, "python")
                for concurrency in args.concurrency:
                    outcome = drive(port, scenario, concurrency, args.duration, args.engine)
                    row["load"].append(outcome)
                    log(
                        f"{args.database}: {scenario.name} c={concurrency}: "
                        f"{outcome['rps']} req/s, p99 {outcome['p99_ms']} ms, "
                        f"{outcome['errors']} errors"
                    )
                sizes = worker_rss(server.pid)
                rss_peak = [max(a, b) for a, b in zip(rss_peak, sizes, strict=False)] or sizes
            runs.append(row)
        result["worker_rss_bytes"] = rss_peak
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    result["port"] = port
    result["scenarios"] = runs
    log(f"{args.database}: import, export and deck")
    result["import"] = measure_import(1_000)
    result["export"] = measure_export(args.workdir / args.database, 20.0, 1_000)
    result["deck"] = measure_deck(data, 1_000)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
