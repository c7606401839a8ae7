"""The databases benchmarks run on: a SQLite file, or a PostgreSQL database of their own.

On PostgreSQL the benchmarks never touch the database a URL names (`test` is the
suite's): each run works in a database named for it (`bench_pg_10k`), made here, and drops
only those. The schema is always the project's migrations, as deployed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import make_url

from app.db import make_engine

FACTSAPI = str(Path(sys.executable).parent / "factsapi")
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def unreachable(url: str) -> str | None:
    """Why the PostgreSQL at the URL cannot be used, or None when it answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    u = make_url(url)
    try:
        psycopg.connect(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            dbname=u.database,
            user=u.username,
            password=u.password,
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL answers at {u.host}:{u.port or 5432} ({str(exc).splitlines()[0][:120]})"
    return None


def own_database(url: str, name: str, *, fresh: bool) -> str:
    """The URL of database `name` on the URL's server, created if missing (dropped first if `fresh`)."""
    own = make_url(url).set(database=name)
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if fresh:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
        if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (own.database,)).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{own.database}"')
    admin.dispose()
    return own.render_as_string(hide_password=False)


def url_of(db: Path | str) -> str:
    """A database URL for a SQLite file path; a URL is returned as it is."""
    return db if isinstance(db, str) and "://" in db else f"sqlite:///{db}"


def migrate(url: str) -> None:
    """`factsapi migrate` on the database: the schema is the project's migrations, as deployed."""
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([FACTSAPI, "migrate"], env=env, check=True, capture_output=True)


def analyze(url: str) -> None:
    """Fresh planner statistics: a bulk load leaves none, and plans would guess."""
    engine = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def database_mb(url: str) -> float:
    """The database's size on disk: the file, or PostgreSQL's pg_database_size."""
    if not is_postgres(url):
        path = Path(make_url(url).database or "")
        return path.stat().st_size / 2**20 if path.exists() else 0.0
    engine = make_engine(url)
    with engine.connect() as conn:
        size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
    engine.dispose()
    return size / 2**20
