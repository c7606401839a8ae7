"""Engine and sessions. SQLite gets foreign keys, WAL and a busy timeout on every connection.

A SQLite write is refused before it commits when the file the connection opened, or its
WAL, is no longer the one at the database's path (deleted, moved, replaced) or cannot be
written: such a write would "succeed" into a file nobody reads again. A WAL deleted under
the server takes the writes it holds with it at the next start, so they are copied into
the database file first.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, create_engine

from .config import get_settings

log = logging.getLogger("factsapi")
# The readiness probe does not wait for another writer: it runs on a thread that serves
# reads, and a lock held elsewhere means the database takes writes, just not this instant
PROBE_BUSY_MS = 0
LOCKED = "database is locked"  # SQLITE_BUSY: another connection held the write lock past the busy timeout


# how SQLite says it cannot write the file now, and PostgreSQL's read-only transaction (SQLSTATE 25006)
UNWRITABLE = (
    "readonly database",
    "disk i/o error",
    "database or disk is full",
    "unable to open database file",
    LOCKED,
)
# SQLITE_NOTADB and SQLITE_CORRUPT: no write or read will work until the file is restored
DAMAGED = ("file is not a database", "database disk image is malformed")


class DatabaseNotDurable(SQLAlchemyError):
    """A write was refused because it could not be made durable; the message says why."""


def unwritable_reason(exc: BaseException) -> str | None:
    """Why the database cannot take a write now (a file it cannot write, another process's lock, a
    damaged file, a read-only server); None for other errors, which are bugs."""
    if isinstance(exc, DatabaseNotDurable):
        return str(exc)
    if not isinstance(exc, DBAPIError):
        return None
    message = str(exc.orig)
    if LOCKED in message:
        return (
            f"another process held the database's write lock for over {get_settings().write_busy_timeout:g} s"
        )
    if getattr(exc.orig, "sqlstate", None) == "25006" or any(w in message.lower() for w in UNWRITABLE):
        return f"the database cannot be used now: {message.splitlines()[0][:200]}"
    return damaged_reason(exc)


def damaged_reason(exc: BaseException) -> str | None:
    """Why the SQLite file cannot be read, when it is not a database or pages of it are garbage."""
    if not isinstance(exc, DBAPIError):
        return None
    message = str(exc.orig).splitlines()[0][:200] if exc.orig else ""
    if not any(d in message for d in DAMAGED):
        return None
    return f"the database file is damaged ({message}): restore it from a backup and restart the server"


def damage(engine: Engine) -> str | None:
    """Why the SQLite database cannot be read at all (a garbage file), or None; read at start, cheaply.

    Only the schema is read: a file that is not a database fails there. Garbage further
    in is met by the read that reaches it (checking every page would hold the start
    for seconds a gigabyte).
    """
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
    except DBAPIError as exc:
        return damaged_reason(exc)
    return None


def locked(exc: BaseException) -> bool:
    """Another connection held SQLite's write lock for longer than this one would wait."""
    return isinstance(exc, DBAPIError) and LOCKED in str(exc.orig)


def retry_after() -> int:
    """Seconds a client should wait before it sends a write refused for a lock again."""
    return max(1, math.ceil(get_settings().write_busy_timeout))


def make_engine(url: str) -> Engine:
    """Create an engine for the URL, with the per-connection settings its backend needs."""
    if url.startswith("sqlite"):
        busy_ms = round(get_settings().write_busy_timeout * 1000)
        connect_args = {"check_same_thread": False, "timeout": busy_ms / 1000, "factory": DurableConnection}
        engine = create_engine(url, connect_args=connect_args)
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_ms=busy_ms))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class DurableConnection(sqlite3.Connection):
    """A SQLite connection that refuses to commit a write the file it opened would not keep.

    Checked here, in the DBAPI commit, rather than in an engine `commit` event: any
    connection event makes SQLAlchemy dispatch events around every statement, which
    cost each read about 6% of its time.
    """

    # the file SQLite opened, as (absolute path, st_dev, st_ino); None in memory
    opened: tuple[str, int, int] | None = None
    # its WAL, as (st_dev, st_ino): where every commit goes until a checkpoint copies it over.
    # None until there is one: a new database's WAL is made by its first write
    wal: tuple[int, int] | None = None
    wal_mode = False
    busy_ms = 0  # its busy timeout: what the readiness probe puts back after its own

    def commit(self) -> None:
        # pysqlite opens a transaction only for a write: a read's commit has nothing to lose;
        # raised before the commit, so the transaction is rolled back whole
        if self.in_transaction:
            problem = sqlite_file_problem(self)
            if problem:
                super().rollback()
                save_the_wal(self)
                raise DatabaseNotDurable(problem)
            super().commit()
            if self.wal is None and self.wal_mode and self.opened is not None:
                self.wal = file_id(self.opened[0] + "-wal")
            return
        super().commit()


def _sqlite_pragmas(dbapi_conn: Any, record: Any, *, busy_ms: int) -> None:
    # WAL lets readers go on while an ingest writes; the busy timeout makes a writer wait
    # for another writer, WRITE_BUSY_TIMEOUT at most, then fail with "database is locked"
    # (a 503 with Retry-After) rather than hold its thread and its client for long.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    wal = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    cur.execute(f"PRAGMA busy_timeout={busy_ms}")
    dbapi_conn.busy_ms = busy_ms
    cur.execute("PRAGMA synchronous=NORMAL")
    # the file SQLite opened, as an absolute path ("" in memory): what later writes must still reach
    path = next((row[2] for row in cur.execute("PRAGMA database_list") if row[1] == "main"), "")
    cur.close()
    if path:
        opened = os.stat(path)
        dbapi_conn.opened = (path, opened.st_dev, opened.st_ino)
        # it stays while any connection is open; this one opened it to read the journal mode
        dbapi_conn.wal_mode = wal
        if wal:
            dbapi_conn.wal = file_id(path + "-wal")


def file_id(path: str) -> tuple[int, int] | None:
    """The file at the path as (st_dev, st_ino); None when there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def sqlite_file_problem(dbapi_conn: Any) -> str | None:
    """Why a write through this DBAPI connection would not last, or None when it would (or it is not SQLite)."""
    if getattr(dbapi_conn, "opened", None) is None:
        return None
    path, dev, ino = dbapi_conn.opened
    try:
        now = os.stat(path)
    except FileNotFoundError:
        problem = "the database file was deleted or moved after the server opened it"
    else:
        if (now.st_dev, now.st_ino) != (dev, ino):
            problem = "the database file was replaced after the server opened it"
        elif not os.access(path, os.W_OK):
            problem = "the database file is read-only"
        elif dbapi_conn.wal is not None and file_id(path + "-wal") != dbapi_conn.wal:
            # SQLite goes on writing into the WAL it opened; a restart finds none, or another.
            # What that WAL holds is copied into the database file (save_the_wal): restart
            log.error("database writes refused: its WAL was deleted or replaced (%s-wal)", path)
            return "the database's WAL file was deleted or replaced after the server opened it; restart the server"
        else:
            return None
    # the path goes to the log only: responses do not show the server's files
    log.error("database writes refused: %s (%s)", problem, path)
    return f"{problem}; restore it and restart the server"


def save_the_wal(dbapi_conn: Any) -> None:
    """Copy what the WAL this connection opened holds into the database file, if that WAL is gone.

    A restart reads the database file and the WAL at its path: writes already answered
    201 or 204 that wait in a deleted WAL would be lost (and a deleted article come
    back). A checkpoint through the WAL still open here copies them over; the file is
    then whole on its own.
    """
    if getattr(dbapi_conn, "wal", None) is None or dbapi_conn.opened is None:
        return
    path = dbapi_conn.opened[0]
    if file_id(path + "-wal") == dbapi_conn.wal or file_id(path) != dbapi_conn.opened[1:]:
        return  # the WAL is in place, or the database file itself is gone: nothing to copy into
    try:
        busy, _frames, copied = dbapi_conn.execute("PRAGMA wal_checkpoint(FULL)").fetchone()
    except sqlite3.Error as exc:
        log.error("could not copy the deleted WAL into the database file: %s", exc)
        return
    if busy:
        log.error("could not copy all of the deleted WAL into the database file (%s frames copied)", copied)
    else:
        log.warning("copied the deleted WAL's %s frames into the database file", copied)


def probe_write(engine: Engine) -> None:
    """Begin a write that changes nothing, then roll it back; raise if the database refuses or would lose it."""
    with engine.connect() as conn:
        dbapi_conn = conn.connection.dbapi_connection
        problem = sqlite_file_problem(dbapi_conn)
        if problem:
            save_the_wal(dbapi_conn)
            raise DatabaseNotDurable(problem)
        sqlite = conn.dialect.name == "sqlite"
        busy_ms = getattr(dbapi_conn, "busy_ms", 0)
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={PROBE_BUSY_MS}")
        try:
            # a read-only file, mount or PostgreSQL transaction refuses even this
            conn.exec_driver_sql("DELETE FROM alembic_version WHERE 1 = 0")
        except DBAPIError as exc:
            # another writer holds the lock: the database takes writes, just not this instant
            if not (sqlite and locked(exc)):
                raise
        finally:
            conn.rollback()
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={busy_ms}")


def disk_free(engine: Engine) -> int | None:
    """Bytes this process may still write on the SQLite database's disk; None off SQLite or in memory."""
    with engine.connect() as conn:
        opened = getattr(conn.connection.dbapi_connection, "opened", None)
    if opened is None:
        return None
    try:
        disk = os.statvfs(os.path.dirname(opened[0]))
    except OSError:
        return None  # the folder is gone: the file checks say so
    # root may write into the blocks a filesystem keeps back from others
    return (disk.f_bfree if os.geteuid() == 0 else disk.f_bavail) * disk.f_frsize


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def dialect_of(session: Session) -> str:
    """ "sqlite" or "postgresql": where full-text search and statements differ."""
    return session.get_bind().dialect.name


def new_session() -> Session:
    """A session on the app's engine. An endpoint opens and closes one in its own thread."""
    return Session(get_engine())
