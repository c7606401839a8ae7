"""A database of a test module's own, so it neither resets nor is reset by the api tests'."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import make_url

from app.db import make_engine


def own_database_url(tmp_path: Path, name: str) -> str:
    """A new SQLite file, or a PostgreSQL database `<db>_<name>` beside TEST_DATABASE_URL's."""
    shared = os.environ.get("TEST_DATABASE_URL")
    if not shared:
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    # not the api tests' database: they reset its schema, and may run at the same time
    url = make_url(shared)
    own = url.set(database=f"{url.database}_{name}")
    admin = make_engine(shared).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (own.database,)).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{own.database}"')
    admin.dispose()
    return own.render_as_string(hide_password=False)
