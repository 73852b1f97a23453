"""The mixed load test: many clients reading and writing at once, then every write checked.

    python -m bench.soak --database sqlite|postgres [--clients 16] [--seconds 60] [--out FILE]

It builds a fresh bench-only database with a small data set, serves it with gunicorn (2 workers,
as the benchmark does), and runs `clients` threads for `seconds`: each loops over a mix of
reads (the public tracker page, an item page, the API list and read) and writes through the API
(a new action item, a progress note on an existing one). A write counts as acknowledged when the
server answered 201. When the time is up the server is stopped and the database is read
directly: every acknowledged item and note must be there, each exactly once. It stops by itself;
its exit status is 1 if any request failed or any acknowledged write is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.run import ROOT, free_port, gunicorn, log, prepare_environment

READ_SHARE = 0.7  # seven requests in ten read, as a team's day looks


@dataclass
class Client:
    """One simulated client's tallies (each thread has its own: no locks while running)."""

    latencies_ms: list[float] = field(default_factory=list)
    reads: int = 0
    writes: int = 0
    errors: list[str] = field(default_factory=list)
    created: list[tuple[int, str]] = field(default_factory=list)  # (number, marker)
    noted: list[tuple[int, str]] = field(default_factory=list)  # (item number, marker)


def _request(
    url: str, *, method: str = "GET", body: dict[str, Any] | None = None, token: str = ""
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (loopback)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (loopback)
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def _client_loop(
    client: Client, *, base: str, slug: str, numbers: list[int], token: str, until: float, seed: int
) -> None:
    rng = random.Random(seed)
    reads = (
        f"/{slug}/actions/?status=open",
        "/{slug}/actions/{number}/",
        f"/api/v1/teams/{slug}/actions?status=open&limit=50",
        "/api/v1/teams/{slug}/actions/{number}",
    )
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            if rng.random() < READ_SHARE:
                path = rng.choice(reads).format(slug=slug, number=rng.choice(numbers))
                status, _body = _request(base + path)
                client.reads += 1
                if status != 200:
                    client.errors.append(f"GET {path}: {status}")
            elif rng.random() < 0.5:
                marker = f"soak-{uuid.uuid4().hex}"
                body = {"text": f"Circulate the revised work plan ({marker})", "owners": ["Staff"]}
                status, answer = _request(
                    f"{base}/api/v1/teams/{slug}/actions", method="POST", body=body, token=token
                )
                client.writes += 1
                if status == 201:
                    client.created.append((int(json.loads(answer)["number"]), marker))
                else:
                    client.errors.append(f"POST item: {status} {answer[:200]!r}")
            else:
                number = rng.choice(numbers)
                marker = f"soak-{uuid.uuid4().hex}"
                status, answer = _request(
                    f"{base}/api/v1/teams/{slug}/actions/{number}/notes",
                    method="POST",
                    body={"text": f"Followed up with ICANN Org ({marker})"},
                    token=token,
                )
                client.writes += 1
                if status == 201:
                    client.noted.append((number, marker))
                else:
                    client.errors.append(f"POST note on #{number}: {status} {answer[:200]!r}")
        except OSError as failure:  # a refused or dropped connection is an error, not a crash
            client.errors.append(f"{type(failure).__name__}: {failure}")
        client.latencies_ms.append((time.perf_counter() - started) * 1000)


def _missing_writes(slug: str, clients: list[Client]) -> dict[str, Any]:
    """Read the database directly: every acknowledged write must be there exactly once."""
    from secretariat.tracker.models import ActionItem, ProgressNote

    created = [entry for client in clients for entry in client.created]
    noted = [entry for client in clients for entry in client.noted]
    items = dict(
        ActionItem.objects.filter(team__slug=slug, text__contains="soak-").values_list(
            "number", "text"
        )
    )
    missing_items = [number for number, marker in created if marker not in items.get(number, "")]
    notes = list(
        ProgressNote.objects.filter(item__team__slug=slug, text__contains="soak-").values_list(
            "item__number", "text"
        )
    )
    found: dict[str, list[int]] = {}
    for number, text in notes:
        found.setdefault(text[text.index("soak-") :].rstrip(")"), []).append(number)
    missing_notes = [marker for number, marker in noted if found.get(marker) != [number]]
    return {
        "items_acknowledged": len(created),
        "items_missing": missing_items,
        "notes_acknowledged": len(noted),
        "notes_missing_or_doubled": missing_notes,
        "items_unacknowledged_but_present": len(items) - len(created),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--items", type=int, default=500, help="Items made before the run.")
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/secretariat_bench_soak"
    )
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results" / "work")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    workdir = args.workdir / f"soak-{args.database}"
    prepare_environment(args.database, workdir, args.pg_url)
    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate

    call_command("migrate", verbosity=0)
    data = generate.create_base(meetings=20, decisions=20)
    generate.add_items(data, args.items)
    slug = data.main.team.slug
    from secretariat.tracker.models import ActionItem

    numbers = list(
        ActionItem.objects.filter(team__slug=slug, visibility="public").values_list(
            "number", flat=True
        )[:200]
    )
    from django.db import connections

    connections.close_all()  # the server owns the database while the clients run

    port = free_port()
    clients = [Client() for _ in range(args.clients)]
    log(f"soak {args.database}: {args.clients} clients for {args.seconds:.0f} s on port {port}")
    with gunicorn(port, workdir):
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=_client_loop,
                args=(client,),
                kwargs={
                    "base": f"http://127.0.0.1:{port}",
                    "slug": slug,
                    "numbers": numbers,
                    "token": data.token,
                    "until": until,
                    "seed": index,
                },
            )
            for index, client in enumerate(clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.perf_counter() - started
    check = _missing_writes(slug, clients)
    latencies = sorted(ms for client in clients for ms in client.latencies_ms)
    errors = [error for client in clients for error in client.errors]
    requests = len(latencies)
    result = {
        "database": args.database,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": requests,
        "reads": sum(client.reads for client in clients),
        "writes": sum(client.writes for client in clients),
        "rps": round(requests / elapsed, 1) if elapsed else 0,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (requests - 1))], 1) if latencies else None,
        "errors": len(errors),
        "first_errors": errors[:5],
        **check,
    }
    passed = not errors and not check["items_missing"] and not check["notes_missing_or_doubled"]
    result["passed"] = passed
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    print(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
