"""Scale: ingest a synthetic corpus, then query latency at 100 articles against N articles.

    python -m bench.scale [--articles 10000] [--small 100] [--jobs 2]

The corpus is synthetic (bench.corpus recombines real paragraphs, days and names).
Reports ingest time, database size, p50/p99 of the same queries on both databases,
and the server's memory before and after the load (it should stay flat).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus, loadgen
from .queries import busiest, requests
from .serve import factsapi, rss_mb

PORT = 8103


def ingest(folder: Path, db: Path, jobs: int) -> float:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    bin_ = str(Path(sys.executable).parent / "factsapi")
    subprocess.run([bin_, "migrate"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([bin_, "ingest", "--quiet", "--jobs", str(jobs), str(folder)], env=env, check=True)
    return time.perf_counter() - started


def measure(db: Path, seconds: float, connections: int) -> dict:
    pick = busiest(db)
    out = {}
    with factsapi(db, PORT) as server:
        before = rss_mb(server.pid)
        for name, path, _theirs in requests(pick):
            loadgen.run("127.0.0.1", PORT, [path], connections=4, seconds=1)
            r = loadgen.run("127.0.0.1", PORT, [path], connections=connections, seconds=seconds)
            out[name] = {"rps": round(r.rps), "p50_ms": round(r.p50_ms, 1), "p99_ms": round(r.p99_ms, 1)}
        out["rss_mb_before"], out["rss_mb_after"] = round(before), round(rss_mb(server.pid))
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="factsapi-scale-"))
    report: dict = {"synthetic": True}
    for label, n in (("small", args.small), ("large", args.articles)):
        folder = work / label
        corpus.build(folder, n, seed=11)
        db = work / f"{label}.db"
        seconds = ingest(folder, db, args.jobs)
        report[label] = {
            "articles": n,
            "ingest_s": round(seconds, 1),
            "articles_per_s": round(n / seconds, 1),
            "db_mb": round(db.stat().st_size / 2**20, 1),
            "queries": measure(db, args.seconds, args.connections),
        }
    ratios = {}
    for name, small in report["small"]["queries"].items():
        if isinstance(small, dict):
            ratios[name] = round(report["large"]["queries"][name]["p99_ms"] / max(small["p99_ms"], 0.1), 2)
    report["p99_large_over_small"] = ratios
    print(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
