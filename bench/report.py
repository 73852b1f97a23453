"""The benchmark's report: the table on stdout, the targets of issue 11 as PASS/FAIL lines, and
docs/performance.md with the figures of the day."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path
from typing import Any

CEILINGS = {
    "stack": "ceiling: constant JSON",
    "list": "ceiling: list SQL + json",
    "read": "ceiling: read SQL + json",
}
TARGET_CONCURRENCY = 8
MB = 1024 * 1024


def _load(row: dict[str, Any], concurrency: int) -> dict[str, Any] | None:
    return next((r for r in row["load"] if r["concurrency"] == concurrency), None)


def _by_name(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["scenario"]: row for row in result["scenarios"]}


def ratio(
    result: dict[str, Any], row: dict[str, Any], ceiling: str, concurrency: int
) -> float | None:
    base = _by_name(result).get(CEILINGS[ceiling])
    mine, theirs = _load(row, concurrency), base and _load(base, concurrency)
    if not mine or not theirs or not theirs["rps"]:
        return None
    return mine["rps"] / theirs["rps"]


def _ms_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def table(result: dict[str, Any]) -> list[str]:
    head = (
        f"{'scenario':<26} {'c':>2} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>4} "
        f"{'vs work':>8} {'vs stack':>8} {'SQL':>4} {'KB wire':>8} {'KB gzip':>8} {'ms 1 req':>8}"
    )
    lines = [head, "-" * len(head)]
    for row in result["scenarios"]:
        measured = row["in_process"]
        if not row["load"]:
            lines.append(f"{row['scenario']:<26} {row['note']}")
            continue
        for load in row["load"]:
            c = load["concurrency"]
            work = ratio(result, row, row["ceiling"], c) if row["ceiling"] else None
            stack = ratio(result, row, "stack", c)
            lines.append(
                f"{row['scenario']:<26} {c:>2} {load['rps']:>8.1f} {load['p50_ms']:>8.1f} "
                f"{load['p99_ms']:>8.1f} {load['errors']:>4} "
                f"{'' if work is None else f'{work:.0%}':>8} "
                f"{'' if stack is None else f'{stack:.0%}':>8} "
                f"{measured.get('queries', ''):>4} "
                f"{measured.get('bytes_on_wire', 0) / 1024:>8.1f} "
                f"{measured.get('bytes_gzip', 0) / 1024:>8.1f} "
                f"{_ms_text(measured.get('ms_in_process')) if c == row['load'][0]['concurrency'] else '':>8}"
            )
    lines.append("")
    lines.append(
        f"import {result['import']['rows_per_s']:.0f} rows/s ({result['import']['rows']} CSV rows); "
        f"export {result['export']['pages_per_s']:.1f} pages/s ({result['export']['pages']} pages); "
        f"deck of {result['deck']['items']} open items: built in "
        f"{result['deck']['build_seconds']:.2f} s, rendered (pptx) in "
        f"{result['deck']['render_seconds']:.2f} s; worker RSS "
        + ", ".join(f"{b / MB:.0f} MB" for b in result["worker_rss_bytes"])
    )
    if "load_average_before" in result:
        lines.append(
            f"machine load average (1 min) before the load runs {result['load_average_before']}, "
            f"after {result['load_average_after']}; the benchmark's own load included"
        )
    return lines


def targets(result: dict[str, Any]) -> list[tuple[bool, str]]:
    """Issue 11's targets, each checked on this result (they are set for SQLite, c=8)."""
    c = TARGET_CONCURRENCY
    rows = _by_name(result)
    checks: list[tuple[bool, str]] = []

    def at_least(name: str, ceiling: str, share: float) -> None:
        row = rows.get(name)
        value = ratio(result, row, ceiling, c) if row else None
        checks.append(
            (
                value is not None and value >= share,
                f"{name} >= {share:.0%} of the {ceiling} ceiling at c={c}: "
                + ("not measured" if value is None else f"{value:.0%}"),
            )
        )

    at_least("API list (100 open)", "list", 0.50)
    at_least("API read", "read", 0.50)
    at_least("tracker page (100 open)", "list", 0.35)
    create = rows.get("API create")
    create_load = _load(create, c) if create else None
    checks.append(
        (
            bool(create_load and create_load["rps"] >= 150),
            f"API create >= 150 req/s at c={c}: "
            + (f"{create_load['rps']:.0f} req/s" if create_load else "not measured"),
        )
    )
    failed_writes = sum(r["errors"] for r in (create or {}).get("load", []))
    checks.append((failed_writes == 0, f"no failed write: {failed_writes} failed creates"))
    for row in result["scenarios"]:
        if row["read"] and row["ceiling"] and row["load"]:
            load = _load(row, c)
            measured = bool(load and load["requests"] and load["p99_ms"] > 0)
            checks.append(
                (
                    bool(load and measured and load["p99_ms"] < 100),
                    f"{row['scenario']}: p99 < 100 ms at c={c}: "
                    + (f"{load['p99_ms']:.0f} ms" if load and measured else "not measured"),
                )
            )
    for row in result["scenarios"]:
        if row["load"]:
            small, big = row["queries_at_1000"], row["in_process"].get("queries")
            checks.append(
                (
                    small == big,
                    f"{row['scenario']}: SQL queries per request the same at 1,000 and "
                    f"{result['items']:,} items: {small} and {big}",
                )
            )
    tracker = rows.get("tracker page (100 open)", {}).get("in_process", {})
    wire = tracker.get("bytes_on_wire", 0)
    checks.append(
        (
            0 < wire < 50 * 1024,
            f"tracker page < 50 KB on the wire: {wire / 1024:.1f} KB"
            + (
                ""
                if tracker.get("server_compresses")
                else f" (not compressed by the app; {tracker.get('bytes_gzip', 0) / 1024:.1f} KB gzipped)"
            ),
        )
    )
    sizes = result["worker_rss_bytes"]
    checks.append(
        (
            bool(sizes) and max(sizes) < 150 * MB,
            "each worker < 150 MB resident: " + ", ".join(f"{b / MB:.0f} MB" for b in sizes),
        )
    )
    return checks


def render_text(results: list[dict[str, Any]], elapsed_s: float, engine: str) -> str:
    out: list[str] = []
    for result in results:
        out.append("")
        out.append(
            f"== {result.get('database_version', result['database'])}: "
            f"{result['items']:,} items, {result['rows']['meetings']:,} "
            f"meetings, {result['rows']['decisions']:,} decisions; gunicorn 2 workers; "
            f"load by {engine} =="
        )
        out.extend(table(result))
        verdict = (
            "targets"
            if result["database"] == "sqlite"
            else "targets (set for SQLite; for information)"
        )
        out.append("")
        out.append(f"-- {verdict}")
        out.extend(f"{'PASS' if ok else 'FAIL'}  {text}" for ok, text in targets(result))
    out.append("")
    out.append(f"whole run: {elapsed_s / 60:.1f} minutes")
    return "\n".join(out)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.machine()}), Python {platform.python_version()}"


HAND_WRITTEN = "<!-- Below this line: written by hand; `make bench` keeps it as it is. -->"

HOW_TO_READ = """\
## How to read the tables

- `c`: concurrent clients; `req/s`: requests answered per second; `p50`/`p99`: latency in
  milliseconds as the client saw it, queueing included; `err`: answers >= 400 and failed
  connections.
- `vs work`: requests/s as a share of the hand-written ceiling doing the same SQL with no ORM,
  serializer or template (the list ceiling for pages of many items, the read ceiling for one
  item); `vs stack`: as a share of a constant JSON answer through the same server. The ceilings
  run in the same minutes on the same workers, so the ratios hold better than the absolute
  numbers on a busy machine: compare runs by their ratios.
- `SQL`: queries per request with the full data set (the same count at 1,000 items is a target);
  `KB wire`: the body as the app sends it; `KB gzip`: the same body gzipped, what a compressing
  proxy in front would send; `ms 1 req`: the median time of one request in-process (Django's
  test client, no network, no queue), the figure a busy machine disturbs least.
- The targets are those of issue 11, set for SQLite at concurrency 8 with 10,000 items; the
  PostgreSQL figures are for information. `bench/README.md` explains every step.
"""


def write_markdown(
    path: Path, results: list[dict[str, Any]], elapsed_s: float, engine: str, duration: float
) -> None:
    """Rewrite `path` with the figures of this run, keeping any hand-written part below the
    HAND_WRITTEN marker."""
    today = dt.date.today().isoformat()  # noqa: DTZ011 (the day of the run, as the reader knows it)
    kept = ""
    if path.exists():
        old = path.read_text()
        if HAND_WRITTEN in old:
            kept = old.split(HAND_WRITTEN, 1)[1].strip("\n")
    loads = [r["load_average_before"] for r in results if "load_average_before" in r]
    busy = (
        f" The machine's 1-minute load average just before the load runs was "
        f"{', '.join(f'{v:g}' for v in loads)} on {os.cpu_count()} cores"
        + (
            ": other work ran beside the benchmark, so read ratios rather than absolute numbers."
            if max(loads) >= 0.5
            else "."
        )
        if loads
        else ""
    )
    lines = [
        "# Performance",
        "",
        f"Figures of `make bench` run on {today}, on {machine()}; load by {engine}, "
        f"{duration:g} s per scenario and concurrency; gunicorn with 2 sync workers on "
        f"127.0.0.1. They are rewritten by every run of `make bench`; the raw results are in "
        f"`bench/results/latest.json`.{busy}",
        "",
        HOW_TO_READ,
    ]
    for result in results:
        lines += [
            f"## {result.get('database_version', result['database'])}",
            "",
            f"Data: {', '.join(f'{v:,} {k}' for k, v in result['rows'].items())}.",
            "",
            "```text",
            *table(result),
            "```",
            "",
            "Targets of issue 11"
            + (
                " (set for SQLite at concurrency 8):"
                if result["database"] == "sqlite"
                else " (set for SQLite; shown here for information):"
            ),
            "",
        ]
        lines += [f"- **{'PASS' if ok else 'FAIL'}** {text}" for ok, text in targets(result)]
        lines.append("")
    lines.append(f"The whole run took {elapsed_s / 60:.1f} minutes.")
    lines += ["", HAND_WRITTEN, ""]
    if kept:
        lines.append(kept)
    path.write_text("\n".join(lines) + "\n")
