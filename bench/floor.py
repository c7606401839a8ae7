"""Where a request's time goes: the day's facts beside the framework's floor, in one process.

    python -m bench.floor [--articles N] [--seconds S] [--connections C]

One server process runs the real app with two routes added (`floor_app`):
`/bench/floor` declares exactly the parameters and dependencies of `/v1/facts` (filters,
paging, kind, format, facets, expand) and answers with the bytes of a real page of
facts, fetched once at start; `/bench/floor/bare` takes no parameters and answers the
same bytes. Both pass through every middleware, as the real route does. So, measured
in turns under the same load:

- `/v1/facts` minus `/bench/floor` is our work: the query, the rows shaped, the JSON;
- `/bench/floor` minus `/bench/floor/bare` is FastAPI reading the query string;
- `/bench/floor/bare` is what any route of this app costs before it does anything.

Each is reported as requests per second under wrk and as the server's CPU milliseconds
per request (user + system, from /proc): the CPU is what one process has to spend, and
is steadier than the rate when the load generator shares the machine's two cores.
Datasette's answer to the same day (`bench.queries`) is measured in the same turns, the
peer the issue's ratio is taken against.
"""

import argparse
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import loadgen
from .queries import ROUNDS, build_db, busiest, load, requests
from .serve import datasette, factsapi, running, wait_until_up

OURS, THEIRS = 8111, 8112
FLOOR_BODY = "FACTSAPI_FLOOR_BODY"  # the file holding the page the floor routes answer


def floor_app() -> Any:
    """The real app, with the two floor routes (uvicorn `--factory`)."""
    from fastapi import APIRouter, Response

    from app.api.facts import list_all_facts
    from app.main import create_app

    body = Path(os.environ[FLOOR_BODY]).read_bytes()

    def page() -> Response:
        return Response(body, media_type="application/json")

    def floor(**given: Any) -> Response:
        return page()

    # the real route's parameters and dependencies, as FastAPI reads them from its signature
    floor.__signature__ = inspect.signature(list_all_facts, eval_str=True).replace(  # type: ignore[attr-defined]
        return_annotation=Response
    )
    router = APIRouter()
    router.add_api_route("/bench/floor", floor, methods=["GET"])
    router.add_api_route("/bench/floor/bare", page, methods=["GET"])
    app = create_app()
    app.include_router(router)
    return app


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far, from /proc (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Turns:
    """One target's rounds: the load results and the server CPU each spent."""

    results: list[loadgen.Result]
    cpu: list[float]

    def row(self) -> dict[str, float]:
        n = sum(r.requests for r in self.results)
        seconds = sum(r.seconds for r in self.results)
        return {
            "rps": round(n / seconds) if seconds else 0,
            "p99_ms": round(max(r.p99_ms for r in self.results), 1),
            "cpu_ms_per_request": round(1000 * sum(self.cpu) / n, 3) if n else 0.0,
            "errors": sum(r.errors for r in self.results),
        }


def measure(targets: list[tuple[int, int, str]], connections: int, seconds: float) -> list[Turns]:
    """(port, pid, path) each warmed, then ROUNDS rounds in turns, with the server's CPU."""
    for port, _pid, path in targets:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
            assert response.status == 200, f"{path} answered {response.status}: no rate of errors is measured"
        load(port, path, 4, 1)
    out = [Turns([], []) for _ in targets]
    for _ in range(ROUNDS):
        for turns, (port, pid, path) in zip(out, targets, strict=True):
            before = cpu_seconds(pid)
            turns.results.append(load(port, path, connections, seconds / ROUNDS))
            turns.cpu.append(cpu_seconds(pid) - before)
    return out


@contextmanager
def floor_server(db: Path, port: int, body: Path) -> Iterator[subprocess.Popen]:
    """The floor app serving the SQLite file, its floor routes answering `body`."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", FLOOR_BODY: str(body), "LOG_LEVEL": "INFO"}
    cmd = [
        *(sys.executable, "-m", "uvicorn", "bench.floor:floor_app", "--factory"),
        *("--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--proxy-headers"),
    ]
    # the access log goes where `factsapi serve` sends it in the other benchmarks: nowhere
    with running(cmd, env) as proc:
        wait_until_up(f"http://127.0.0.1:{port}/health")
        yield proc


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=9)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="factsapi-floor-"))
    db = build_db(folder, args.articles)
    _name, facts_path, datasette_path = requests(busiest(db))[2]
    query = facts_path.split("?", 1)[1]
    body = folder / "page.json"
    # the page the floor routes answer: the real one, bytes and all
    with factsapi(db, OURS), urllib.request.urlopen(f"http://127.0.0.1:{OURS}{facts_path}") as response:
        body.write_bytes(response.read())
    with floor_server(db, OURS, body) as server, datasette(db, THEIRS) as theirs:
        names = ["/v1/facts", "/bench/floor", "/bench/floor/bare", "Datasette"]
        targets = [
            (OURS, server.pid, facts_path),
            (OURS, server.pid, f"/bench/floor?{query}"),
            (OURS, server.pid, "/bench/floor/bare"),
            (THEIRS, theirs.pid, datasette_path),
        ]
        turns = measure(targets, args.connections, args.seconds)
    rows = {name: t.row() for name, t in zip(names, turns, strict=True)}
    report = {"articles": args.articles, "connections": args.connections, "page_bytes": body.stat().st_size}
    report["results"] = rows
    print(json.dumps(report, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
