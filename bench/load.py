"""The load driver, run as its own process so it never shares an interpreter with the server:

    python -m bench.load URL [--method POST --body JSON --header 'Name: value']
                             [--concurrency 8] [--duration 8] [--engine auto|wrk|python]

It prints one JSON object: requests, errors (status >= 400 or a failed connection), requests/s,
p50 and p99 latency in milliseconds, and the engine used. `wrk` (Debian's package) is used when
it is on the PATH; otherwise a small client: `concurrency` threads, each sending one request at a
time on a fresh http.client connection (gunicorn's sync workers close every connection anyway).
Every run is bounded: it stops at `duration` seconds or `max_requests` requests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run_python(
    url: str,
    *,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    concurrency: int,
    duration: float,
    max_requests: int,
) -> dict[str, Any]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    counter = iter(range(max_requests))
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker(slot: int) -> None:
        mine, failed = latencies[slot], 0
        while time.perf_counter() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, port, timeout=30)
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
            mine.append((time.perf_counter() - started) * 1000)
        errors[slot] = failed

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    elapsed = time.perf_counter() - began
    merged = sorted(v for values in latencies for v in values)
    return {
        "engine": "python",
        "requests": len(merged),
        "errors": sum(errors),
        "seconds": round(elapsed, 3),
        "rps": round(len(merged) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(merged, 0.50), 2),
        "p99_ms": round(percentile(merged, 0.99), 2),
    }


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return 0.0
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    seconds_match = re.search(r"requests in ([\d.]+)(\w+),", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    latency = {
        key: _ms(value) for key, value in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M)
    }
    seconds = _ms("".join(seconds_match.groups())) / 1000 if seconds_match else 0.0
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if sockets:
        # A read error is a connection the server closed after answering (no keep-alive).
        errors += int(sockets.group(1)) + int(sockets.group(3)) + int(sockets.group(4))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return {
        "engine": "wrk",
        "requests": requests,
        "errors": errors,
        "seconds": round(seconds, 3),
        "rps": round(float(rps.group(1)), 1) if rps else 0.0,
        "p50_ms": round(latency.get("50", 0.0), 2),
        "p99_ms": round(latency.get("99", 0.0), 2),
    }


def run_wrk(
    url: str,
    *,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    concurrency: int,
    duration: float,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "BENCH_METHOD": method,
        "BENCH_BODY": (body or b"").decode(),
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in headers.items()),
    }
    command = [
        "wrk",
        f"-t{min(concurrency, 2)}",
        f"-c{concurrency}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(WRK_SCRIPT),
        url,
    ]
    done = subprocess.run(  # noqa: S603 (a fixed program with our own arguments)
        command, env=env, capture_output=True, text=True, timeout=duration + 60, check=True
    )
    return parse_wrk(done.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("url")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", default=None)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args(argv)
    headers = dict(h.split(": ", 1) for h in args.header)
    headers.setdefault("Connection", "close")
    body = args.body.encode() if args.body is not None else None
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
    engine = args.engine
    if engine == "auto":
        engine = "wrk" if shutil.which("wrk") else "python"
    if engine == "wrk":
        result = run_wrk(
            args.url,
            method=args.method,
            body=body,
            headers={k: v for k, v in headers.items() if k != "Connection"},
            concurrency=args.concurrency,
            duration=args.duration,
        )
    else:
        result = run_python(
            args.url,
            method=args.method,
            body=body,
            headers=headers,
            concurrency=args.concurrency,
            duration=args.duration,
            max_requests=args.max_requests,
        )
    result["concurrency"] = args.concurrency
    print(json.dumps(result))


if __name__ == "__main__":
    main()
