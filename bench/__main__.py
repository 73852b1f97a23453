"""`python -m bench` (`make bench`): the whole benchmark on SQLite, then PostgreSQL.

Each database runs in its own process (bench.run), which prints its progress on stderr; this
one gathers the results, prints the table and the targets, and writes bench/results/latest.json
and docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def postgres_answers(url: str) -> bool:
    try:
        import psycopg

        admin = url.rsplit("/", 1)[0] + "/template1"
        with psycopg.connect(admin, connect_timeout=3):
            return True
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scale",
        action="store_true",
        help="100,000 action items (20,000 meetings, 30,000 decisions) instead of 10,000.",
    )
    parser.add_argument("--items", type=int, default=None, help="Action items (default 10,000).")
    parser.add_argument("--duration", type=float, default=6.0, help="Seconds per load run.")
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secretariat_bench"
        ),
        help="A bench-only PostgreSQL database: it is dropped and created again.",
    )
    parser.add_argument(
        "--no-docs", action="store_true", help="Do not rewrite docs/performance.md."
    )
    parser.add_argument("--workdir", type=Path, default=RESULTS / "work")
    args = parser.parse_args(argv)
    items = args.items or (100_000 if args.scale else 10_000)
    engine = args.engine
    if engine == "auto":
        engine = "wrk" if shutil.which("wrk") else "python"

    started = time.perf_counter()
    results = []
    for database in args.databases:
        if database == "postgres" and not postgres_answers(args.pg_url):
            print(f"[bench] no PostgreSQL answers at {args.pg_url}: skipping it", file=sys.stderr)
            continue
        out = args.workdir / f"{database}.json"
        out.unlink(missing_ok=True)
        command = [
            sys.executable, "-m", "bench.run",
            "--database", database,
            "--out", str(out),
            "--items", str(items),
            "--duration", str(args.duration),
            "--engine", engine,
            "--workdir", str(args.workdir),
            "--pg-url", args.pg_url,
        ]  # fmt: skip
        subprocess.run(command, cwd=ROOT, check=True, timeout=30 * 60)  # noqa: S603
        results.append(json.loads(out.read_text()))
    elapsed = time.perf_counter() - started

    print(report.render_text(results, elapsed, engine))
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": report.machine(),
        "engine": engine,
        "duration_s": args.duration,
        "elapsed_s": round(elapsed, 1),
        "results": results,
        "targets": {
            r["database"]: [{"pass": ok, "target": text} for ok, text in report.targets(r)]
            for r in results
        },
    }
    (RESULTS / "latest.json").write_text(json.dumps(latest, indent=2, default=str))
    if not args.no_docs:
        report.write_markdown(
            ROOT / "docs" / "performance.md", results, elapsed, engine, args.duration
        )
    print(
        f"\nwrote {RESULTS / 'latest.json'}" + ("" if args.no_docs else " and docs/performance.md")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
