"""Queries vs Datasette: the same SQLite file, the same load, equivalent requests.

    python -m bench.queries [--articles N] [--seconds S] [--connections C]
    python -m bench.queries --database postgresql+psycopg://postgres@127.0.0.1:5432/test

Ingests a synthetic corpus, then serves the file with factsapi and with Datasette
(one process each) and loads both with wrk (if installed) or bench.loadgen.

With `--database` (PostgreSQL; Datasette cannot serve it) the corpus's rows are
copied into a database of their own (`bench_pg_queries`), and factsapi on PostgreSQL
is measured against its peer, factsapi on the SQLite file of the same corpus, and
against Datasette on that file; then on PostgreSQL with two workers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from app.db import make_engine

from . import corpus, loadgen, rows
from .databases import analyze, migrate, own_database, unreachable, url_of
from .ingest import cli_ingest
from .serve import datasette, factsapi, rss_mb

OURS, THEIRS, PEER = 8101, 8102, 8105
ROUNDS = 3


def build_db(folder: Path, n: int) -> Path:
    db = folder / "bench.db"
    articles = corpus.build(folder / "articles", n)
    cli_ingest(articles[0].parent, db, jobs=1)
    return db


def busiest(db: Path | str) -> dict[str, object]:
    """The person with the most quotes, the place with the most figures, the day with the most facts."""
    engine = make_engine(url_of(db))
    with engine.connect() as conn:
        person = conn.exec_driver_sql(
            "select speaker_id, count(*) n from quote join entity on entity.id = quote.speaker_id "
            "where entity.kind = 'person' group by 1 order by n desc limit 1"
        ).scalar()
        place = conn.exec_driver_sql(
            "select place_id, count(*) n from figure where place_id is not null "
            "group by 1 order by n desc limit 1"
        ).scalar()
        day = conn.exec_driver_sql(
            "select day, count(*) n from (select day from quote union all select day from claim "
            "union all select day from figure) as days group by 1 order by n desc limit 1"
        ).scalar()
    engine.dispose()
    return {"person": person, "place": place, "day": day}


# What our /v1/facts page carries, as one SQL statement for Datasette: every kind's own
# fields, the names of who said it and where, the segment kind and span, and the total
# (a window count), so both sides answer the same question with the same information.
_DAY_PART = (
    "select '{kind}' as kind, t.id, t.day, t.date, t.text, {fields}, t.article_id, s.kind as segment, "
    't.start, t."end", t.sentence_start, t.sentence_end from {kind} t '
    "join segment s on s.id = t.segment_id {joins} where t.day = :d"
)
_DAY_KINDS = {
    "quote": (
        "t.speaker_text as who_text, w.id as who_id, w.name as who, w.kind as who_kind, "
        "null as category, null as value, null as value_min, null as value_max, null as qualifier, "
        "null as approximate, null as incident, null as place_id, null as place",
        "left join entity w on w.id = t.speaker_id",
    ),
    "claim": (
        "t.source_text, w.id, w.name, w.kind, t.verb, null, null, null, null, null, null, null, null",
        "left join entity w on w.id = t.source_id",
    ),
    "figure": (
        "t.source_text, w.id, w.name, w.kind, t.category, t.value, t.value_min, t.value_max, t.qualifier, "
        "t.approximate, t.incident, p.id, p.name",
        "left join entity w on w.id = t.source_id left join entity p on p.id = t.place_id",
    ),
}
DAY_SQL = (
    "select *, count(*) over () as total from ("
    + " union all ".join(
        _DAY_PART.format(kind=kind, fields=fields, joins=joins)
        for kind, (fields, joins) in _DAY_KINDS.items()
    )
    + ") order by day, kind, id limit 50"
)


def requests(pick: dict[str, object]) -> list[tuple[str, str, str]]:
    """(name, our path, Datasette's equivalent path) for each benchmarked query."""
    return [
        (
            "a person's quotes (50, with speaker names)",
            f"/v1/quotes?person={pick['person']}&limit=50",
            f"/bench/quote.json?speaker_id={pick['person']}&_size=50&_labels=on&_shape=objects",
        ),
        (
            "a place's figures",
            f"/v1/figures?place={pick['place']}&limit=50",
            f"/bench/figure.json?place_id={pick['place']}&_size=50&_labels=on&_shape=objects",
        ),
        (
            "a day's facts",
            f"/v1/facts?day={pick['day']}&limit=50",
            f"/bench.json?sql={quote(DAY_SQL)}&d={pick['day']}&_shape=objects",
        ),
    ]


def load(port: int, path: str, connections: int, seconds: float) -> loadgen.Result:
    if shutil.which("wrk"):
        return wrk(port, path, connections, seconds)
    return loadgen.run("127.0.0.1", port, [path], connections=connections, seconds=seconds)


def wrk(port: int, path: str, connections: int, seconds: float) -> loadgen.Result:
    script = Path(tempfile.mkdtemp()) / "report.lua"
    script.write_text(
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('RESULT %d %d %f %f %f\\n', summary.requests, summary.errors.status + "
        "summary.errors.connect + summary.errors.read + summary.errors.timeout, summary.duration / 1e6, "
        "latency:percentile(50) / 1000, latency:percentile(99) / 1000))\nend\n"
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{max(1, int(seconds))}s",
            # wrk's own 2 s timeout would cut the latency histogram off at 2 s and count
            # slower answers as errors: a slow query's p99 is then a floor, not a figure
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    n, errors, secs, p50, p99 = line.split()[1:]
    return loadgen.Result(int(n), int(errors), float(secs), float(p50), float(p99))


def merged(results: list[loadgen.Result]) -> loadgen.Result:
    """Rounds as one: requests and time summed; the worst round's p99 (never an average)."""
    seconds = sum(r.seconds for r in results)
    n = sum(r.requests for r in results)
    return loadgen.Result(
        n,
        sum(r.errors for r in results),
        seconds,
        statistics.median(r.p50_ms for r in results),
        max(r.p99_ms for r in results),
    )


def alternate(targets: list[tuple[int, str]], connections: int, seconds: float) -> list[list[loadgen.Result]]:
    """Warm each (port, path), then ROUNDS short rounds taking turns; each target's results.

    Each server is alone on the CPU in its turn: the machine's speed drifts over
    minutes, and a ratio of neighbours drifts less.
    """
    for port, path in targets:
        load(port, path, 4, 1)
    out: list[list[loadgen.Result]] = [[] for _ in targets]
    for _ in range(ROUNDS):
        for results, (port, path) in zip(out, targets, strict=True):
            results.append(load(port, path, connections, seconds / ROUNDS))
    return out


def ratio(ours: list[loadgen.Result], theirs: list[loadgen.Result]) -> float | None:
    """The median of the rounds' rate ratios: each round against its neighbour."""
    if not all(t.rps for t in theirs):
        return None
    return round(statistics.median(x.rps / y.rps for x, y in zip(ours, theirs, strict=True)), 2)


def summary(results: list[loadgen.Result]) -> dict[str, float]:
    m = merged(results)
    return {
        "rps": round(m.rps),
        "p50_ms": round(m.p50_ms, 1),
        "p99_ms": round(m.p99_ms, 1),
        "errors": m.errors,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--database", help="a PostgreSQL URL: factsapi on PostgreSQL against SQLite (see above)"
    )
    parser.add_argument("--threads", type=int, help="the PostgreSQL server's THREADS setting")
    args = parser.parse_args(argv)
    if args.database and (reason := unreachable(args.database)):
        print(f"bench.queries: skipped, {reason}")
        return {"skipped": reason}
    folder = Path(tempfile.mkdtemp(prefix="factsapi-bench-"))
    db = build_db(folder, args.articles)
    pick = busiest(db)
    if args.database:
        report = on_postgres(args, db, pick)
        print(json.dumps(report, indent=1))
        print(postgres_table(report))
        shutil.rmtree(folder, ignore_errors=True)
        return report
    results = []
    with factsapi(db, OURS) as ours, datasette(db, THEIRS) as theirs:
        for name, our_path, their_path in requests(pick):
            a, b = alternate([(OURS, our_path), (THEIRS, their_path)], args.connections, args.seconds)
            x, y = merged(a), merged(b)
            results.append(
                {
                    "query": name,
                    "factsapi_rps": round(x.rps),
                    "factsapi_p99_ms": round(x.p99_ms, 1),
                    "factsapi_errors": x.errors,
                    "datasette_rps": round(y.rps),
                    "datasette_p99_ms": round(y.p99_ms, 1),
                    "datasette_errors": y.errors,
                    "ratio": ratio(a, b),
                }
            )
        memory = {"factsapi_rss_mb": round(rss_mb(ours.pid)), "datasette_rss_mb": round(rss_mb(theirs.pid))}
    # `factsapi serve --workers 2`: one process a core, as one would deploy it (Datasette
    # serves from one process). Measured apart, so the ratio above stays one process to one.
    with factsapi(db, OURS, workers=2):
        for row, (_name, our_path, _their_path) in zip(results, requests(pick), strict=True):
            load(OURS, our_path, 4, 1)
            c = load(OURS, our_path, args.connections, args.seconds)
            row["factsapi_2_workers_rps"] = round(c.rps)
            row["factsapi_2_workers_p99_ms"] = round(c.p99_ms, 1)
            theirs_rps = int(row["datasette_rps"])  # type: ignore[call-overload]
            row["ratio_2_workers"] = round(c.rps / theirs_rps, 2) if theirs_rps else None
    report = {
        "articles": args.articles,
        "connections": args.connections,
        "tool": "wrk" if shutil.which("wrk") else "bench.loadgen",
        "results": results,
        **memory,
    }
    print(json.dumps(report, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    return report


def on_postgres(args: argparse.Namespace, db: Path, pick: dict[str, object]) -> dict:
    """factsapi on PostgreSQL against factsapi on SQLite, the same corpus (its rows copied,
    ids and all), and Datasette on that SQLite file; then PostgreSQL with two workers."""
    url = own_database(args.database, "bench_pg_queries", fresh=True)
    migrate(url)
    rows.load(rows.read_base(db), url)
    analyze(url)
    results = []
    with (
        factsapi(url, OURS, threads=args.threads),
        factsapi(db, PEER, threads=args.threads),
        datasette(db, THEIRS),
    ):
        for name, our_path, their_path in requests(pick):
            pg, lite, ds = alternate(
                [(OURS, our_path), (PEER, our_path), (THEIRS, their_path)], args.connections, args.seconds
            )
            results.append(
                {
                    "query": name,
                    "postgresql": summary(pg),
                    "sqlite": summary(lite),
                    "datasette": summary(ds),
                    "ratio_to_sqlite": ratio(pg, lite),
                    "ratio_to_datasette": ratio(pg, ds),
                }
            )
    with factsapi(url, OURS, workers=2, threads=args.threads):
        for row, (_name, our_path, _their_path) in zip(results, requests(pick), strict=True):
            (two,) = alternate([(OURS, our_path)], args.connections, args.seconds)
            row["postgresql_2_workers"] = summary(two)
    return {
        "articles": args.articles,
        "connections": args.connections,
        "threads": args.threads,
        "tool": "wrk" if shutil.which("wrk") else "bench.loadgen",
        "peer": "factsapi on SQLite, the same corpus (the rows copied into PostgreSQL, ids and all)",
        "results": results,
    }


def postgres_table(report: dict) -> str:
    """The PostgreSQL run as a Markdown table, ready to paste."""
    lines = [
        "| query | PostgreSQL req/s, p50 / p99 | SQLite (factsapi) | Datasette (SQLite) | ratio to SQLite "
        "/ Datasette | PostgreSQL, 2 workers |",
        "|---|---|---|---|---|---|",
    ]

    def cell(r: dict) -> str:
        return f"{r['rps']:,}, {r['p50_ms']} / {r['p99_ms']} ms"

    for row in report["results"]:
        lines.append(
            f"| {row['query']} | {cell(row['postgresql'])} | {cell(row['sqlite'])} | {cell(row['datasette'])} "
            f"| {row['ratio_to_sqlite']} / {row['ratio_to_datasette']} | {cell(row['postgresql_2_workers'])} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
