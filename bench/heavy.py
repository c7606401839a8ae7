"""Heavy reads beside a plain one: the heaviest legal GETs, many at once, and a plain read's latency.

    python -m bench.heavy [--articles 3000] [--base 300] [--seconds 20] [--connections 32] [--keep DIR]

A `--base` corpus is ingested once (bench.corpus, seed 11), and its rows are copied into
a SQLite file until it holds `--articles` articles (bench.rows: each copy with its own
ids, days and names), so 3,000 articles take a minute, not half an hour of extraction.
One `factsapi serve` process serves it. `--connections` clients send the heaviest GETs
the API accepts (the largest pages, every expansion, a search matching most facts, the
timeline with its facts, incident groups, facets, the map), round robin, as fast as they
are answered; meanwhile one client reads a day's first 50 facts every 50 ms. Reported:
that plain read's p50 / p99 / worst, with the heavy load and without it; the server's
peak memory; and each heavy GET alone (time and bytes).

The heavy GETs are the same before and after issue #21: where a later parameter allows
a larger answer (`per_day`, `reports`), its largest value is sent when the server takes it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import shutil
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from . import loadgen, rows
from .databases import migrate, url_of
from .queries import busiest
from .scale import prepared
from .serve import factsapi, rss_mb

PORT = 8106
PROBE_EVERY_S = 0.05
PROBE_TIMEOUT_S = 60.0
EVERYTHING = "expand=article,source,place"


def heavy_paths(pick: dict[str, object]) -> list[tuple[str, ...]]:
    """The heaviest legal GETs, each as its variants, the largest first: the first the
    server accepts (200) is the one sent."""
    return [
        (
            "/v1/timeline?facts=true&q=t&per_day=100&" + EVERYTHING,
            "/v1/timeline?facts=true&q=t&" + EVERYTHING,
        ),
        ("/v1/timeline?facts=true&per_day=100&" + EVERYTHING, "/v1/timeline?facts=true&" + EVERYTHING),
        ("/v1/timeline?q=t",),
        ("/v1/figures/groups?limit=500&reports=100", "/v1/figures/groups?limit=500"),
        ("/v1/facts?limit=500&q=t&" + EVERYTHING,),
        ("/v1/figures?limit=500&" + EVERYTHING,),
        ("/v1/facts?limit=1&facets=place,person,organization,category,day,segment,kind",),
        (f"/v1/quotes?limit=500&person={pick['person']}&" + EVERYTHING,),
        ("/v1/places.geojson",),
    ]


def plain_path(pick: dict[str, object]) -> str:
    return f"/v1/facts?day={pick['day']}&limit=50"


def get(port: int, path: str, timeout: float = 300) -> tuple[int, int, float]:
    """(status, bytes, seconds) of one GET; status 0 when none came."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            body = response.read()
            return response.status, len(body), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read()), time.perf_counter() - started
    except OSError:  # no answer within the timeout, or the connection refused or reset
        return 0, 0, time.perf_counter() - started


def chosen(port: int, variants: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """The first variant the server answers with 200, and its time and size alone (best of 2)."""
    for path in variants:
        status, size, seconds = get(port, path)
        if status == 200:
            again = get(port, path)[2]
            return path, {"path": path, "alone_ms": round(min(seconds, again) * 1000, 1), "bytes": size}
    raise RuntimeError(f"the server refused every variant of {variants[-1]}")


def probe(port: int, path: str, stop: threading.Event) -> list[tuple[float, bool]]:
    """A plain read every PROBE_EVERY_S until stopped: each one's seconds, and whether it was a 200
    (a read not answered in PROBE_TIMEOUT_S counts as failed, and as that long)."""
    times = []
    while not stop.is_set():
        status, _size, seconds = get(port, path, timeout=PROBE_TIMEOUT_S)
        times.append((seconds, status == 200))
        time.sleep(PROBE_EVERY_S)
    return times


def latency(reads: list[tuple[float, bool]]) -> dict[str, float]:
    ordered = sorted(seconds for seconds, _ok in reads)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    return {
        "reads": len(ordered),
        "failed": sum(1 for _s, ok in reads if not ok),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else 0.0,
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(max(ordered, default=0.0) * 1000, 1),
    }


def _load(port: int, paths: list[str], connections: int, seconds: float, out: Any) -> None:
    out.put(loadgen.run("127.0.0.1", port, paths, connections=connections, seconds=seconds))


def under_load(
    port: int, pid: int, heavy: list[str], plain: str, connections: int, seconds: float, max_rss_mb: float
) -> dict[str, Any]:
    """The plain read's latency while `connections` clients send the heavy GETs; peak memory."""
    results: Any = multiprocessing.get_context("fork").Queue()
    # its own process: the clients' threads would otherwise take the GIL from the probe
    load = multiprocessing.get_context("fork").Process(
        target=_load, args=(port, heavy, connections, seconds, results)
    )
    stop = threading.Event()
    times: list[tuple[float, bool]] = []
    probing = threading.Thread(target=lambda: times.extend(probe(port, plain, stop)))
    peak = rss_mb(pid)
    load.start()
    time.sleep(min(1.0, seconds / 4))  # the heavy clients under way
    probing.start()
    stopped = None
    while load.is_alive() and results.empty():
        peak = max(peak, rss_mb(pid))
        if peak > max_rss_mb:  # the machine is shared: stop before the server takes it down
            stopped = f"stopped early: server memory over {max_rss_mb} MB"
            load.kill()
            break
        time.sleep(0.2)
    heavy_result = results.get() if stopped is None else loadgen.Result(0, 0, seconds, 0.0, 0.0)
    load.join()
    stop.set()
    probing.join()
    return {
        "stopped": stopped,
        "plain_read": latency(times),
        "heavy": {
            "requests": heavy_result.requests,
            "errors": heavy_result.errors,
            "rps": round(heavy_result.rps, 1),
            "p50_ms": round(heavy_result.p50_ms, 1),
            "p99_ms": round(heavy_result.p99_ms, 1),
        },
        "peak_rss_mb": round(peak),
    }


def database(work: Path, base_articles: int, articles: int) -> Path:
    """A SQLite file of `articles` articles copied from an ingested base (kept in `work`)."""
    prepared(work, "base", base_articles, jobs=2)
    db = work / f"heavy_{articles}.db"
    marker = work / f"heavy_{articles}.json"
    if db.exists() and marker.exists():
        migrate(url_of(db))
        return db
    db.unlink(missing_ok=True)
    migrate(url_of(db))
    written = rows.load_sqlite(rows.read_base(work / "base.db"), db, articles)
    marker.write_text(json.dumps(written))
    return db


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--base", type=int, default=300, help="articles ingested to copy from")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--max-rss-mb", type=float, default=4000, help="stop the load if the server grows past it"
    )
    parser.add_argument("--keep", type=Path, help="a folder to keep the base and the database in, and reuse")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="factsapi-heavy-"))
    work.mkdir(parents=True, exist_ok=True)
    db = database(work, args.base, args.articles)
    pick = busiest(db)
    plain = plain_path(pick)
    report: dict[str, Any] = {"articles": args.articles, "connections": args.connections, "plain": plain}
    with factsapi(db, PORT) as server:
        report["rss_mb_idle"] = round(rss_mb(server.pid))
        heavy = [chosen(PORT, variants) for variants in heavy_paths(pick)]
        report["heavy_alone"] = [info for _path, info in heavy]
        stop = threading.Event()
        quiet: list[tuple[float, bool]] = []
        alone = threading.Thread(target=lambda: quiet.extend(probe(PORT, plain, stop)))
        alone.start()
        time.sleep(min(3.0, args.seconds / 4))
        stop.set()
        alone.join()
        report["plain_read_alone"] = latency(quiet)
        report["under_load"] = under_load(
            PORT,
            server.pid,
            [path for path, _info in heavy],
            plain,
            args.connections,
            args.seconds,
            args.max_rss_mb,
        )
    print(json.dumps(report, indent=1))
    print(table(report))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return report


def table(report: dict[str, Any]) -> str:
    """The run as Markdown, ready for bench/README.md."""
    loaded, quiet = report["under_load"], report["plain_read_alone"]
    lines = [
        "| heavy GET | alone | bytes |",
        "|---|---|---|",
        *(f"| `{h['path']}` | {h['alone_ms']} ms | {h['bytes']:,} |" for h in report["heavy_alone"]),
        "",
        f"| a plain read (`{report['plain']}`) | reads (failed) | p50 | p99 | worst | server memory |",
        "|---|---|---|---|---|---|",
        f"| alone | {quiet['reads']} ({quiet['failed']}) | {quiet['p50_ms']} ms | {quiet['p99_ms']} ms | "
        f"{quiet['max_ms']} ms | {report['rss_mb_idle']} MB |",
        f"| beside {report['connections']} heavy GETs at once | {loaded['plain_read']['reads']} "
        f"({loaded['plain_read']['failed']}) | {loaded['plain_read']['p50_ms']} ms | "
        f"{loaded['plain_read']['p99_ms']} ms | {loaded['plain_read']['max_ms']} ms | "
        f"{loaded['peak_rss_mb']} MB (peak) |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
