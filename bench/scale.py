"""Scale: ingest a synthetic corpus, then query latency at 100 articles against N articles.

    python -m bench.scale [--articles 10000] [--small 100] [--jobs 2] [--keep DIR]
    python -m bench.scale --database postgresql+psycopg://postgres@127.0.0.1/test --facts 1000000

The corpus is synthetic (bench.corpus recombines real paragraphs, days and names).
Reports ingest time, database size, p50/p99 of the same queries on both databases
(wrk if installed, else bench.loadgen; alternating rounds), and each server's memory
before and after the load (it should stay flat). `--keep DIR` keeps the corpora and
databases, so a second run measures again without ingesting again.

With `--database` (PostgreSQL) the sizes are counted in facts: a `--base` corpus is
ingested once into SQLite, then its rows are loaded by COPY (bench.rows) into two
databases of their own, `bench_pg_<small>` and `bench_pg_<facts>`, analyzed after the
load and kept for the next run; `--explain` adds the plans of the three queries at
the large size (bench.plans).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from . import corpus, plans, rows
from .databases import analyze, database_mb, migrate, own_database, unreachable, url_of
from .ingest import cli_ingest
from .queries import alternate, busiest, requests, summary
from .serve import factsapi, rss_mb

PORTS = {"small": 8103, "large": 8104}
LABELS = ("small", "large")


def prepared(work: Path, label: str, n: int, jobs: int) -> dict:
    """Build and ingest a corpus of n articles once; a kept folder reuses both."""
    done = work / f"{label}.json"
    if done.exists() and json.loads(done.read_text())["articles"] == n:
        migrate(url_of(work / f"{label}.db"))  # a kept database gets the schema's newer indexes
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


def measure(
    dbs: dict[str, Path | str], seconds: float, connections: int, workers: int = 1, threads: int | None = None
) -> dict[str, dict]:
    """p50/p99 of each query on both databases, in alternating rounds.

    Both servers are up; each round loads one while the other idles. The machine's
    speed drifts over minutes, so neighbouring rounds compare fairly where two long
    runs an hour apart would not.
    """
    queries = {label: requests(busiest(db)) for label, db in dbs.items()}
    out: dict[str, dict] = {label: {} for label in LABELS}
    with (
        factsapi(dbs["small"], PORTS["small"], workers, threads) as small,
        factsapi(dbs["large"], PORTS["large"], workers, threads) as large,
    ):
        servers = {"small": small, "large": large}
        for label in LABELS:
            out[label]["rss_mb_before"] = round(rss_mb(servers[label].pid))
        for i, (name, _path, _theirs) in enumerate(queries["small"]):
            targets = [(PORTS[label], queries[label][i][1]) for label in LABELS]
            for label, results in zip(LABELS, alternate(targets, connections, seconds), strict=True):
                out[label][name] = summary(results)
        for label in LABELS:
            out[label]["rss_mb_after"] = round(rss_mb(servers[label].pid))
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=9)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--keep", type=Path, help="a folder to keep the corpora and databases in, and reuse")
    parser.add_argument("--database", help="a PostgreSQL URL: measure there, sizes in facts (see above)")
    parser.add_argument("--facts", type=int, default=1_000_000, help="PostgreSQL: facts at the large size")
    parser.add_argument("--small-facts", type=int, default=10_000, help="PostgreSQL: facts at the small size")
    parser.add_argument("--base", type=int, default=300, help="PostgreSQL: articles ingested to copy from")
    parser.add_argument("--workers", type=int, default=1, help="factsapi serve --workers")
    parser.add_argument("--threads", type=int, help="the servers' THREADS setting (default: the app's)")
    parser.add_argument("--explain", action="store_true", help="PostgreSQL: EXPLAIN the queries at --facts")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="factsapi-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"synthetic": True, "workers": args.workers, "threads": args.threads}
    if args.database:
        dbs = postgres_sizes(args, work, report)
    else:
        for label, n in (("small", args.small), ("large", args.articles)):
            report[label] = prepared(work, label, n, args.jobs)
        dbs = {label: work / f"{label}.db" for label in LABELS}
    measured = measure(dbs, args.seconds, args.connections, args.workers, args.threads)
    for label in LABELS:
        report[label]["queries"] = measured[label]
    for p in ("p50", "p99"):
        report[f"{p}_large_over_small"] = {
            name: round(report["large"]["queries"][name][f"{p}_ms"] / max(small[f"{p}_ms"], 0.1), 2)
            for name, small in report["small"]["queries"].items()
            if isinstance(small, dict)
        }
    if args.database and args.explain:
        report["plans"] = plans.explain_all(str(dbs["large"]))
    print(json.dumps(report, indent=1, default=str))
    print(table(report))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


def postgres_sizes(args: argparse.Namespace, work: Path, report: dict) -> dict[str, Path | str]:
    """Load (or reuse) the two PostgreSQL databases; their URLs by label."""
    reason = unreachable(args.database)
    if reason:
        raise SystemExit(f"bench.scale: {reason}")
    report["base"] = prepared(work, "base", args.base, args.jobs)
    base = rows.read_base(work / "base.db")
    dbs: dict[str, Path | str] = {}
    for label, facts in (("small", args.small_facts), ("large", args.facts)):
        name = f"bench_pg_{_size(facts)}"
        dbs[label] = own_database(args.database, name, fresh=False)
        report[label] = loaded(base, args.database, name, facts)
    return dbs


def loaded(base: rows.Base, server: str, name: str, facts: int) -> dict:
    """Database `name` holding `facts` facts from the base: kept when it does (a rerun), else reloaded."""
    url = own_database(server, name, fresh=False)
    migrate(url)
    planned = rows.planned_facts(base, facts)
    stats: dict = {"facts": planned}
    if rows.count_facts(url) != planned:
        url = own_database(server, name, fresh=True)
        migrate(url)
        started = time.perf_counter()
        stats["rows"] = rows.load(base, url, facts)
        stats["load_s"] = round(time.perf_counter() - started, 1)
        analyze(url)
    stats["db_mb"] = round(database_mb(url))
    return stats


def _size(n: int) -> str:
    """1000000 -> 1m, 10000 -> 10k: a database's name says its size."""
    for unit, div in (("m", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def table(report: dict) -> str:
    """The p50/p99 rows as a Markdown table, ready to paste into bench/README.md."""
    small, large = report["small"], report["large"]
    unit = "facts" if "facts" in small else "articles"
    lines = [
        f"| query | p50 / p99 at {small[unit]:,} {unit} | p50 / p99 at {large[unit]:,} {unit} | ratio p50 / p99 |",
        "|---|---|---|---|",
    ]
    for name, s in small["queries"].items():
        if not isinstance(s, dict):
            continue
        big = large["queries"][name]
        lines.append(
            f"| {name} | {_cell(s)} | {_cell(big)} "
            f"| {report['p50_large_over_small'][name]} / {report['p99_large_over_small'][name]} |"
        )
    return "\n".join(lines)


def _cell(r: dict) -> str:
    errors = f", {r['errors']} errors" if r.get("errors") else ""
    return f"{r['p50_ms']} / {r['p99_ms']} ms ({r['rps']} req/s{errors})"


if __name__ == "__main__":
    main()
