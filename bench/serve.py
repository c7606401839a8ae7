"""Start and stop the servers under test on loopback ports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .databases import url_of

VENV_BIN = Path(sys.executable).parent


def wait_until_up(url: str, timeout: float = 60.0) -> float:
    """Poll until the URL answers 200; return seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.02)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextmanager
def factsapi(
    db: Path | str, port: int, workers: int = 1, threads: int | None = None
) -> Iterator[subprocess.Popen]:
    """factsapi serving a SQLite file or a database URL; `threads`: its THREADS setting."""
    env = {**os.environ, "DATABASE_URL": url_of(db)}
    if threads is not None:
        env["THREADS"] = str(threads)
    cmd = [
        str(VENV_BIN / "factsapi"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with running(cmd, env) as proc:
        wait_until_up(f"http://127.0.0.1:{port}/health")
        yield proc


@contextmanager
def datasette(db: Path, port: int) -> Iterator[subprocess.Popen]:
    cmd = [
        str(VENV_BIN / "datasette"),
        "serve",
        str(db),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--setting",
        "num_sql_threads",
        "3",
        # our lists suggest no facets; Datasette's table JSON would (one query per
        # column), which is work we do not do: off, the two answer the same question
        "--setting",
        "suggest_facets",
        "off",
    ]
    with running(cmd, dict(os.environ)) as proc:
        wait_until_up(f"http://127.0.0.1:{port}/-/versions.json")
        yield proc


@contextmanager
def running(cmd: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024
