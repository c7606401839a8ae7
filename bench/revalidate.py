"""What a revalidation costs beside a full answer, on the three benchmark queries.

    python -m bench.revalidate [--articles N] [--seconds S] [--connections C]

One `factsapi serve` over the benchmark corpus. For each of the three queries of
`bench.queries` (a person's quotes, a place's figures, a day's facts) it takes the ETag of
the full answer, then loads the server in turns with the plain GET (a full answer: the
list's queries, the rows shaped, the JSON) and with the same GET sending `If-None-Match`
(a 304: the database's change counter read by its key, and nothing else), measuring the
server's CPU per request as `bench.floor` does (user + system from /proc, so the load
generator sharing the machine does not count). #23 asks a revalidation to cost under a
third of a full answer.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import urllib.request
from pathlib import Path

from . import loadgen
from .floor import Turns, cpu_seconds
from .queries import ROUNDS, build_db, busiest, requests
from .serve import factsapi

PORT = 8121


def etag_of(path: str) -> str:
    """The ETag of the full answer to `path`."""
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as response:
        assert response.status == 200, f"{path} answered {response.status}"
        return response.headers["ETag"]


def measure(
    pid: int, targets: list[tuple[str, dict[str, str]]], connections: int, seconds: float
) -> list[Turns]:
    """Each (path, headers) warmed, then ROUNDS rounds in turns, with the server's CPU."""
    for path, headers in targets:
        loadgen.run("127.0.0.1", PORT, [path], connections=4, seconds=1, headers=headers)
    out = [Turns([], []) for _ in targets]
    for _ in range(ROUNDS):
        for turns, (path, headers) in zip(out, targets, strict=True):
            before = cpu_seconds(pid)
            result = loadgen.run(
                "127.0.0.1", PORT, [path], connections=connections, seconds=seconds / ROUNDS, headers=headers
            )
            turns.results.append(result)
            turns.cpu.append(cpu_seconds(pid) - before)
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="factsapi-revalidate-"))
    db = build_db(folder, args.articles)
    report: dict = {"articles": args.articles, "connections": args.connections, "results": {}}
    with factsapi(db, PORT) as server:
        for name, path, _datasette in requests(busiest(db)):
            etag = etag_of(path)
            full, revalidated = measure(
                server.pid, [(path, {}), (path, {"If-None-Match": etag})], args.connections, args.seconds
            )
            rows = {"full": full.row(), "304": revalidated.row()}
            ratio = rows["304"]["cpu_ms_per_request"] / rows["full"]["cpu_ms_per_request"]
            report["results"][name] = {
                "path": path,
                **rows,
                "cpu_ratio": round(ratio, 3),
                "under_a_third": ratio < 1 / 3,
            }
    print(json.dumps(report, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
