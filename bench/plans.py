"""The SQL the app runs for the three benchmark queries, and PostgreSQL's plans for it.

    python -m bench.plans --database postgresql+psycopg://postgres@127.0.0.1/bench_pg_1m

Each request goes through the real app in this process (its routes, filters and
statement builders); every statement it sends is recorded at the cursor, with its
parameters, then run again under `EXPLAIN (ANALYZE, BUFFERS)`. The plans are of a
warm cache: each statement runs once before it is explained.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from .queries import busiest, requests


@contextmanager
def app_on(url: str) -> Iterator[Any]:
    """A TestClient on the real app, reading the database at the URL."""
    from fastapi.testclient import TestClient

    from app.config import get_settings
    from app.db import get_engine

    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        from app.main import create_app

        with TestClient(create_app()) as client:
            yield client
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved
        get_engine().dispose()
        get_settings.cache_clear()
        get_engine.cache_clear()


def statements_of(client: Any, path: str) -> list[tuple[str, Any]]:
    """(SQL, parameters) of every statement one GET of the path sends."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return sent


def explain(url: str, sql: str, parameters: Any) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of one statement, after one run to warm the cache."""
    from app.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql(sql, parameters).all()
        rows = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", parameters).all()
        conn.rollback()
    engine.dispose()
    return "\n".join(r[0] for r in rows)


def explain_all(url: str) -> dict[str, list[dict[str, str]]]:
    """For each benchmark query: every statement the app sends, with its plan."""
    out: dict[str, list[dict[str, str]]] = {}
    pick = busiest(url)
    with app_on(url) as client:
        for name, path, _theirs in requests(pick):
            client.get(path)  # a first request builds and caches the statements
            out[f"{name}: GET {path}"] = [
                {"sql": sql, "parameters": repr(params), "plan": explain(url, sql, params)}
                for sql, params in statements_of(client, path)
                if sql.lstrip().upper().startswith("SELECT")
            ]
    return out


def markdown(plans: dict[str, list[dict[str, str]]]) -> str:
    """The plans as Markdown sections, each statement with its plan."""
    parts = []
    for query, statements in plans.items():
        parts.append(f"#### {query}\n")
        for s in statements:
            parts.append(f"```sql\n{s['sql']}\n-- {s['parameters']}\n```\n```\n{s['plan']}\n```\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="a loaded database (bench.scale keeps bench_pg_*)")
    args = parser.parse_args(argv)
    plans = explain_all(args.database)
    print(markdown(plans))
    return plans


if __name__ == "__main__":
    main()
