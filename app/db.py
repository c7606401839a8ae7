"""Engine and sessions. SQLite gets foreign keys, WAL and a busy timeout on every connection."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from .config import get_settings


def make_engine(url: str) -> Engine:
    """Create an engine for the URL, with the per-connection settings its backend needs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers go on while an ingest writes; the busy timeout makes a writer
    # wait for another writer instead of failing with "database is locked".
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def dialect_of(session: Session) -> str:
    """ "sqlite" or "postgresql": where full-text search and statements differ."""
    return session.get_bind().dialect.name


def new_session() -> Session:
    """A session on the app's engine. An endpoint opens and closes one in its own thread."""
    return Session(get_engine())
