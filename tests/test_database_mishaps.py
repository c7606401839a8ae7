"""What a running `factsapi serve` does when its SQLite database is harmed from outside.

Each test runs the real server as a subprocess on a real file, and harms the file the way
an operator, a backup script or another program would: the WAL deleted, a write lock held
by another process, garbage where the database should be. What the server answers is
checked, and then what a restart would find in the file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.migrate import upgrade

from .api.support import free_port
from .api.test_readiness import assert_problem_503

pytestmark = pytest.mark.skipif(
    (os.environ.get("TEST_DATABASE_URL") or "sqlite").startswith("postgresql"),
    reason="these harm a SQLite file; a PostgreSQL server owns its files",
)

ROOT = Path(__file__).resolve().parent.parent
KEY = "mishap-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}", "Content-Type": "text/plain"}
START_S = 120  # the server and its extraction worker start in seconds; a ceiling for a busy machine


def story(i: int) -> str:
    """A short wire story, distinct per `i`."""
    return (
        f" date 2024-05-{i % 28 + 1:02d} Fire chief Ana Ruiz said {i + 2} warehouses burned "
        f"in Leeds on Sunday, edition {i}."
    )


@contextmanager
def serving(db: Path, log: Path, **env: str) -> Iterator[httpx.Client]:
    """`factsapi serve` on the file, writes enabled by key: a client on its base URL. SIGTERM after."""
    port = free_port()
    server_env = {
        k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "ALLOW_LOOPBACK_WRITES")
    }
    server_env |= {"DATABASE_URL": f"sqlite:///{db}", "FACTS_API_KEY": KEY, **env}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=server_env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            deadline = time.monotonic() + START_S
            while True:
                try:
                    client.get("/health", timeout=2)
                    break
                except httpx.TransportError:
                    pass
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
            yield client
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def stored_ids(db: Path) -> list[int]:
    """The article ids a restarted server would find: the file opened afresh, as a restart opens it."""
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM article ORDER BY id")]


def test_a_wal_deleted_under_the_server_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Every 201 and 204 the server gave is what a restart finds: the WAL's writes are not dropped with it."""
    db = tmp_path / "facts.db"
    upgrade(f"sqlite:///{db}")
    with serving(db, tmp_path / "server.log") as api:
        posted = [api.post("/v1/articles", content=story(i), headers=AUTH) for i in range(3)]
        assert [p.status_code for p in posted] == [201, 201, 201], [p.text for p in posted]
        ids = [p.json()["id"] for p in posted]
        assert api.delete(f"/v1/articles/{ids[0]}", headers=AUTH).status_code == 204
        assert api.get("/ready").status_code == 200

        db.with_name("facts.db-wal").unlink()  # what a clean-up of "stray" files does

        later = [api.post("/v1/articles", content=story(i), headers=AUTH) for i in (3, 4)]
        for response in later:
            assert_problem_503(response)
        assert_problem_503(api.get("/ready"))
        assert api.get("/v1/articles").status_code == 200, "reads go on"
    assert stored_ids(db) == ids[1:], "the two acknowledged articles, without the deleted one"


def test_a_wal_deleted_then_a_stop_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """No write and no /ready after the WAL is deleted: the server's stop keeps what it held."""
    db = tmp_path / "facts.db"
    upgrade(f"sqlite:///{db}")
    with serving(db, tmp_path / "server.log") as api:
        posted = [api.post("/v1/articles", content=story(i), headers=AUTH) for i in range(2)]
        assert [p.status_code for p in posted] == [201, 201], [p.text for p in posted]
        db.with_name("facts.db-wal").unlink()
        assert api.get("/v1/articles").json()["count"] == 2
    assert stored_ids(db) == [p.json()["id"] for p in posted]


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another process holds SQLite's write lock on the file (`BEGIN IMMEDIATE`) until the block ends."""
    script = (
        "import sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
        "conn.execute('ROLLBACK')\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=30)


WRITE_WAIT_S = 8  # the server's WRITE_BUSY_TIMEOUT here: long enough to read in while the writes wait


def test_a_write_lock_held_by_another_process_stops_no_read(tmp_path: Path) -> None:
    """Reads are answered while writes wait for the lock; the writes then answer 503 with Retry-After."""
    db = tmp_path / "facts.db"
    upgrade(f"sqlite:///{db}")
    with serving(db, tmp_path / "server.log", WRITE_BUSY_TIMEOUT=str(WRITE_WAIT_S)) as api:
        first = api.post("/v1/articles", content=story(0), headers=AUTH)
        assert first.status_code == 201, first.text
        article = f"/v1/articles/{first.json()['id']}"
        facts = api.get(f"{article}/facts").json()
        with write_lock_held(db), ThreadPoolExecutor(2) as writers:
            deleting = writers.submit(httpx.delete, f"{api.base_url}{article}", headers=AUTH, timeout=120)
            posting = writers.submit(
                httpx.post, f"{api.base_url}/v1/articles", content=story(1), headers=AUTH, timeout=120
            )
            time.sleep(1)  # both are waiting for the lock by now
            started = time.monotonic()
            paths = ("/v1/articles", article, f"{article}/facts", "/v1/claims", "/ready")
            reads = [api.get(path) for path in paths]
            read_s = time.monotonic() - started
            deleted, posted = deleting.result(), posting.result()
        # ready: another writer's lock is no fault of this server's
        assert [r.status_code for r in reads] == [200] * 5, [r.text for r in reads]
        assert read_s < WRITE_WAIT_S / 2, f"5 reads took {read_s:.1f} s while the writes waited"
        for response in (deleted, posted):
            assert_problem_503(response)
            assert int(response.headers["retry-after"]) >= 1
        assert api.get(f"{article}/facts").json() == facts, "the lock is gone, and nothing half-deleted"
        assert api.get("/ready").status_code == 200
    assert stored_ids(db) == [first.json()["id"]], "nothing half-written, nothing deleted"


def test_an_ingest_that_cannot_get_the_write_lock_stops_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "facts.db"
    upgrade(f"sqlite:///{db}")
    (tmp_path / "a.txt").write_text(story(1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env |= {"DATABASE_URL": f"sqlite:///{db}", "WRITE_BUSY_TIMEOUT": "2"}
    with write_lock_held(db):
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "ingest", "--quiet", str(tmp_path / "a.txt")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2, done.stderr
    assert "write lock" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert stored_ids(db) == []


def garbage(db: Path) -> None:
    """Not a database at all: what a failed copy or a disk fault leaves."""
    db.write_bytes(bytes(range(256)) * 256)


def torn(db: Path) -> None:
    """A database whose first page is intact and the rest garbage: SQLite opens it, then fails on what it reads."""
    size = db.stat().st_size
    with db.open("r+b") as out:
        out.seek(4096)  # page 1: the header, and the start of the schema
        out.write(bytes(range(256)) * ((size - 4096) // 256))


@pytest.mark.parametrize("damage", [garbage, torn])
def test_a_damaged_database_is_unhealthy_and_reads_are_503(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    """Docker's health check on /health sees it; every read is a 503 problem, not a bare 500."""
    db = tmp_path / "facts.db"
    upgrade(f"sqlite:///{db}")
    damage(db)
    with serving(db, tmp_path / "server.log") as api:
        for path in ("/v1/articles", "/v1/articles/1", "/v1/claims", "/v1/people", "/v1/quotes"):
            assert_problem_503(api.get(path))
        assert_problem_503(api.get("/health"))
        assert_problem_503(api.get("/ready"))
        assert_problem_503(api.post("/v1/articles", content=story(1), headers=AUTH))
