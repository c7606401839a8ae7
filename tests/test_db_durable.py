"""A SQLite commit is refused when the file the connection opened is no longer the database's."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.db import DatabaseNotDurable, make_engine


def _replace(path: Path) -> None:
    # a restore from a copy: the same bytes at the same path, but another file
    copy = path.with_name("copy.db")
    shutil.copy(path, copy)
    path.unlink()
    copy.rename(path)


def test_a_write_into_a_replaced_file_is_refused_and_rolled_back(tmp_path: Path) -> None:
    path, kept = tmp_path / "facts.db", tmp_path / "kept.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (text TEXT)")
        conn.exec_driver_sql("INSERT INTO note VALUES ('kept')")
    with Session(engine) as session:  # the pooled connection, opened on the old file
        session.execute(text("SELECT count(*) FROM note")).scalar_one()
        session.commit()  # a read's commit has nothing to lose
        os.link(path, kept)
        _replace(path)
        assert session.execute(text("SELECT count(*) FROM note")).scalar_one() == 1, "reads go on"
        session.execute(text("INSERT INTO note VALUES ('lost')"))
        with pytest.raises(DatabaseNotDurable, match="replaced"):
            session.commit()
    with pytest.raises(DatabaseNotDurable, match="replaced"), engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO note VALUES ('lost too')")
    engine.dispose()
    # SQLite does not checkpoint into a moved file on close: its committed pages wait in the WAL
    wal = path.with_name("facts.db-wal")
    if wal.exists():
        shutil.copy(wal, kept.with_name("kept.db-wal"))
    with sqlite3.connect(kept) as old:
        assert old.execute("SELECT text FROM note").fetchall() == [("kept",)]


def test_a_write_into_the_same_file_commits(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'facts.db'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (text TEXT)")
        conn.exec_driver_sql("INSERT INTO note VALUES ('kept')")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM note").scalar_one() == 1
    engine.dispose()


def test_a_write_after_the_wal_is_deleted_is_refused_and_what_it_held_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE note (text TEXT)")
        conn.exec_driver_sql("INSERT INTO note VALUES ('kept')")
    path.with_name("facts.db-wal").unlink()  # the committed row waits there, not in facts.db
    with pytest.raises(DatabaseNotDurable, match="WAL"), engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO note VALUES ('lost')")
    # what a restart reads: the database file alone; the engine is not closed, as a killed server's is not
    with sqlite3.connect(path) as fresh:
        assert fresh.execute("SELECT text FROM note").fetchall() == [("kept",)]
    engine.dispose()
