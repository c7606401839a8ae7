"""Scale: ingest a synthetic corpus, then query latency at 100 articles against N articles.

    python -m bench.scale [--articles 10000] [--small 100] [--jobs 2] [--keep DIR]

The corpus is synthetic (bench.corpus recombines real paragraphs, days and names).
Reports ingest time, database size, p50/p99 of the same queries on both databases
(wrk if installed, else bench.loadgen; alternating rounds), and each server's memory
before and after the load (it should stay flat). `--keep DIR` keeps the corpora and
databases, so a second run measures again without ingesting again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import corpus, loadgen
from .ingest import cli_ingest
from .queries import ROUNDS, busiest, load, merged, requests
from .serve import factsapi, rss_mb

PORTS = {"small": 8103, "large": 8104}
LABELS = ("small", "large")


FACTSAPI = str(Path(sys.executable).parent / "factsapi")


def migrate(db: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([FACTSAPI, "migrate"], env=env, check=True, capture_output=True)


def prepared(work: Path, label: str, n: int, jobs: int) -> dict:
    """Build and ingest a corpus of n articles once; a kept folder reuses both."""
    done = work / f"{label}.json"
    if done.exists() and json.loads(done.read_text())["articles"] == n:
        migrate(work / f"{label}.db")  # a kept database gets the schema's newer indexes
        stats = json.loads(done.read_text())
        return stats | {"db_mb": round((work / f"{label}.db").stat().st_size / 2**20, 1)}
    folder = work / label
    shutil.rmtree(folder, ignore_errors=True)
    (work / f"{label}.db").unlink(missing_ok=True)
    corpus.build(folder, n, seed=11)
    seconds = cli_ingest(folder, work / f"{label}.db", jobs)
    stats = {
        "articles": n,
        "ingest_s": round(seconds, 1),
        "articles_per_s": round(n / seconds, 1),
        "db_mb": round((work / f"{label}.db").stat().st_size / 2**20, 1),
    }
    done.write_text(json.dumps(stats))
    return stats


def measure(work: Path, seconds: float, connections: int) -> dict[str, dict]:
    """p50/p99 of each query on both databases, in alternating rounds.

    Both servers are up; each round loads one while the other idles. The machine's
    speed drifts over minutes, so neighbouring rounds compare fairly where two long
    runs an hour apart would not.
    """
    dbs = {label: work / f"{label}.db" for label in LABELS}
    queries = {label: requests(busiest(db)) for label, db in dbs.items()}
    rounds: dict[str, dict[str, list[loadgen.Result]]] = {label: {} for label in LABELS}
    out: dict[str, dict] = {label: {} for label in LABELS}
    with factsapi(dbs["small"], PORTS["small"]) as small, factsapi(dbs["large"], PORTS["large"]) as large:
        servers = {"small": small, "large": large}
        for label in LABELS:
            out[label]["rss_mb_before"] = round(rss_mb(servers[label].pid))
        for i in range(len(queries["small"])):
            for label in LABELS:
                load(PORTS[label], queries[label][i][1], 4, 1)
            for _ in range(ROUNDS):
                for label in LABELS:
                    name, path, _theirs = queries[label][i]
                    r = load(PORTS[label], path, connections, seconds / ROUNDS)
                    rounds[label].setdefault(name, []).append(r)
        for label in LABELS:
            out[label]["rss_mb_after"] = round(rss_mb(servers[label].pid))
    for label in LABELS:
        for name, results in rounds[label].items():
            m = merged(results)
            out[label][name] = {
                "rps": round(m.rps),
                "p50_ms": round(m.p50_ms, 1),
                "p99_ms": round(m.p99_ms, 1),
            }
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=9)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--keep", type=Path, help="a folder to keep the corpora and databases in, and reuse")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="factsapi-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"synthetic": True}
    for label, n in (("small", args.small), ("large", args.articles)):
        report[label] = prepared(work, label, n, args.jobs)
    measured = measure(work, args.seconds, args.connections)
    for label in LABELS:
        report[label]["queries"] = measured[label]
    ratios = {}
    for name, small in report["small"]["queries"].items():
        if isinstance(small, dict):
            ratios[name] = round(report["large"]["queries"][name]["p99_ms"] / max(small["p99_ms"], 0.1), 2)
    report["p99_large_over_small"] = ratios
    print(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
