"""Readiness tells the truth about writes, and a write that would not last is a 503, never a 201.

The database file is deleted, replaced or opened read-only under a running app; each
time `/ready` says 503, POST and DELETE say 503 problem+json, and the file kept aside
holds exactly what it held before: nothing half-written.
"""

import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from app.db import get_engine, unwritable_reason
from app.main import create_app
from app.migrate import upgrade

from .conftest import API_KEY
from .support import settings

sqlite_only = pytest.mark.skipif(
    (os.environ.get("TEST_DATABASE_URL") or "sqlite").startswith("postgresql"),
    reason="file checks are SQLite's: a PostgreSQL server owns its files",
)
FIRST = " date 2024-05-06 Fire chief Ana Ruiz said two warehouses burned in Leeds on Sunday."
SECOND = " date 2024-05-07 Police said three men were arrested after a robbery in Cork on Monday."


@contextmanager
def app_on(url: str, **env: str) -> Iterator[TestClient]:
    """The real app on its own database URL, with the key; settings put back after."""
    with settings(DATABASE_URL=url, FACTS_API_KEY=API_KEY, **env):
        get_engine.cache_clear()
        try:
            with TestClient(
                create_app(), headers={"Authorization": f"Bearer {API_KEY}"}, raise_server_exceptions=False
            ) as client:
                yield client
        finally:
            get_engine().dispose()
            get_engine.cache_clear()


def stored_texts(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM article ORDER BY id")]


def assert_problem_503(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert str(Path.cwd()) not in response.text and "/tmp" not in response.text, "no server paths"


def delete_file(path: Path) -> None:
    path.unlink()


def replace_file(path: Path) -> None:
    # a restore from a copy: the same bytes at the same path, but another file
    copy = path.with_name("copy.db")
    shutil.copy(path, copy)
    path.unlink()
    copy.rename(path)


@sqlite_only
@pytest.mark.parametrize("mishap", [delete_file, replace_file])
def test_a_database_file_gone_from_under_the_server_is_not_ready_and_takes_no_write(
    tmp_path: Path, mishap: Callable[[Path], None]
) -> None:
    path = tmp_path / "facts.db"
    kept = tmp_path / "kept.db"  # a second name for the file the server opened, to read it afterwards
    upgrade(f"sqlite:///{path}")
    with app_on(f"sqlite:///{path}") as client:
        first = client.post("/v1/articles", content=FIRST)
        assert first.status_code == 201, first.text
        assert client.get("/ready").status_code == 200
        os.link(path, kept)
        mishap(path)

        assert_problem_503(client.get("/ready"))
        assert_problem_503(client.post("/v1/articles", content=SECOND))
        assert_problem_503(client.delete(f"/v1/articles/{first.json()['id']}"))
        assert client.get("/v1/articles").status_code == 200, "reads go on from the open file"
    # SQLite does not checkpoint into a moved file on close: its committed pages wait in the WAL
    wal = path.with_name("facts.db-wal")
    if wal.exists():
        shutil.copy(wal, kept.with_name("kept.db-wal"))
    texts = stored_texts(kept)
    assert len(texts) == 1 and "warehouses" in texts[0], texts


@sqlite_only
def test_a_read_only_database_is_not_ready_and_writes_are_503(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    upgrade(f"sqlite:///{path}")
    with app_on(f"sqlite:///{path}") as client:
        first = client.post("/v1/articles", content=FIRST)
        assert first.status_code == 201, first.text
    before = stored_texts(path)
    # SQLite's own read-only open: what a file without write permission gives a non-root server
    with app_on(f"sqlite:///file:{path}?mode=ro&uri=true") as client:
        assert client.get("/v1/articles").json()["count"] == 1
        ready = client.get("/ready")
        assert_problem_503(ready)
        assert "refuses writes" in ready.json()["detail"]
        assert_problem_503(client.post("/v1/articles", content=SECOND))
        assert_problem_503(client.delete(f"/v1/articles/{first.json()['id']}"))
    assert stored_texts(path) == before


@sqlite_only
@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions; mode=ro stands in")
def test_a_database_made_read_only_under_the_server_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    upgrade(f"sqlite:///{path}")
    with app_on(f"sqlite:///{path}") as client:
        assert client.get("/ready").status_code == 200
        path.chmod(0o444)
        try:
            assert_problem_503(client.get("/ready"))
            assert_problem_503(client.post("/v1/articles", content=SECOND))
        finally:
            path.chmod(0o644)
    assert stored_texts(path) == []


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A filesystem of its own, `size` big, mounted at the folder: one a test can fill."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem to fill needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=False
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not let a test mount a tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write a file until the disk has no byte left."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


@sqlite_only
def test_a_full_disk_is_not_ready(tmp_path: Path) -> None:
    """/ready proves a write has room: on a full disk it says 503, and 200 again once there is room."""
    with small_disk(tmp_path / "disk", "4m") as disk:
        path = disk / "facts.db"
        upgrade(f"sqlite:///{path}")
        with app_on(f"sqlite:///{path}", MIN_FREE_BYTES=str(1 << 20)) as client:
            assert client.get("/ready").status_code == 200
            first = client.post("/v1/articles", content=FIRST)
            assert first.status_code == 201, first.text

            filler = fill(disk)
            ready = client.get("/ready")
            assert_problem_503(ready)
            assert "disk" in ready.json()["detail"]
            second = client.post("/v1/articles", content=SECOND)  # room in the WAL, or 503: never a 500
            assert second.status_code in (201, 503), second.text
            assert client.get("/v1/articles").status_code == 200, "reads go on"

            filler.unlink()
            assert client.get("/ready").status_code == 200
        stored = stored_texts(path)
    assert len(stored) == (2 if second.status_code == 201 else 1), stored


@pytest.mark.parametrize(
    ("message", "unwritable"),
    [
        ("attempt to write a readonly database", True),
        ("disk I/O error", True),
        ("database or disk is full", True),
        ("unable to open database file", True),
        ("database is locked", True),  # another process's write lock, past WRITE_BUSY_TIMEOUT
        ("no such table: article", False),
        ('near "SELEC": syntax error', False),
        ("UNIQUE constraint failed: article.content_hash", False),
    ],
)
def test_which_database_errors_are_503(message: str, unwritable: bool) -> None:
    """Only a database that cannot take writes is a 503; our own SQL's mistakes stay 500s."""
    error = OperationalError("INSERT INTO article ...", {}, sqlite3.OperationalError(message))
    assert (unwritable_reason(error) is not None) is unwritable


def test_ready_probes_a_write_on_the_suite_database(client: TestClient) -> None:
    """On SQLite and PostgreSQL alike, a writable database is ready and the probe leaves no trace."""
    before = client.get("/v1/articles").json()["count"]
    ready = client.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert client.get("/v1/articles").json()["count"] == before


@pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"),
    reason="PostgreSQL's read-only sessions; the SQLite tests above open the file read-only instead",
)
def test_a_read_only_postgresql_is_not_ready_and_writes_are_503(client: TestClient, harbor: dict) -> None:
    url = os.environ["DATABASE_URL"]
    # what a hot standby or a database set read-only gives every session
    read_only = f"{url}{'&' if '?' in url else '?'}options=-c%20default_transaction_read_only%3Don"
    with app_on(read_only) as standby:
        assert standby.get(f"/v1/articles/{harbor['id']}").status_code == 200
        ready = standby.get("/ready")
        assert_problem_503(ready)
        assert "read-only transaction" in ready.json()["detail"]
        assert_problem_503(standby.delete(f"/v1/articles/{harbor['id']}"))
    assert client.get(f"/v1/articles/{harbor['id']}").status_code == 200
