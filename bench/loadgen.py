"""A small closed-loop HTTP load generator: C keep-alive connections, each one request at a time.

Used when `wrk` is not installed. It runs in its own process with threads; both
servers are measured with it in the same run, so the ratio stays fair even though a
Python client is slower than wrk.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run(
    host: str,
    port: int,
    paths: list[str],
    *,
    connections: int = 32,
    seconds: float = 10.0,
    headers: dict[str, str] | None = None,
) -> Result:
    """Hit the paths round-robin from `connections` threads for `seconds`, sending `headers`
    with each request; loopback only."""
    assert host in ("127.0.0.1", "localhost", "::1"), "load is only ever sent to this machine"
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        bad = 0
        i = offset
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return Result(0, errors, elapsed, 0.0, 0.0)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Result(len(latencies), errors, elapsed, statistics.median(latencies) * 1000, p99 * 1000)
