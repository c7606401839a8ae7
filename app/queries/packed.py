"""A page's rows in one step on SQLite: the SELECT wrapped so that SQLite returns them as
one JSON array, decoded in one call.

Why: Python's sqlite3 lets go of the GIL around every step of a statement, so a page of
50 rows is 50 hand-offs of the GIL between the thread reading it and the event loop
serving the other connections, each a wait whenever the loop is busy. Under 32
connections, pages read packed served 7-11% more of a person's quotes and a day's facts
(bench/README.md, "Packed pages"). A day's page of 51 rows took 0.29 ms as rows and 0.23
ms as one value when read alone; beside a busy Python thread, 113 ms and 6.6 ms.

The values come back as the driver gives them (JSON has SQLite's own types: integer,
text, null) and go through each column type's result processor, as SQLAlchemy's rows do,
so a DATE is a `date` and a BOOLEAN a `bool` either way. A SELECT with a REAL or a BLOB
column runs as it is: SQLite's JSON keeps 15 digits of a REAL and holds no BLOB.
PostgreSQL's driver reads a whole result in one call already: there too the statement
runs as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Float, LargeBinary, Numeric, func, select
from sqlalchemy.dialects import sqlite
from sqlmodel import Session

NOT_JSON = (Float, Numeric, LargeBinary)


@dataclass(frozen=True)
class Packed:
    """A page statement, ready to run: on SQLite wrapped as one JSON value, with the
    columns' processors and the order the page's rows are put back in."""

    source: Any  # the SELECT as written, rows and all
    statement: Any  # what is executed: the SELECT, or on SQLite the SELECT packed
    # (column index, processor) for the columns that have one; None: run as it is
    processors: tuple[tuple[int, Callable[[Any], Any]], ...] | None
    order: Callable[[Sequence[Any]], Any] | None = None
    descending: bool = False


def packed(
    stmt: Any,
    dialect: str,
    order: Callable[[Sequence[Any]], Any] | None = None,
    descending: bool = False,
) -> Packed:
    """`stmt` as it runs on `dialect`; `order` (a row's sort key, with `descending`) is the
    statement's ORDER BY, which an aggregate's input need not keep: the rows are sorted by
    it again after decoding. Build once per statement (the callers' statements are cached)."""
    rows = stmt.subquery("page_rows")
    if dialect != "sqlite" or any(isinstance(c.type, NOT_JSON) for c in rows.c):
        return Packed(stmt, stmt, None)
    wrapped = select(func.json_group_array(func.json_array(*rows.c)))
    on = sqlite.dialect()
    processors = tuple(
        (i, process)
        for i, column in enumerate(rows.c)
        if (process := column.type.dialect_impl(on).result_processor(on, None)) is not None
    )
    return Packed(stmt, wrapped, processors, order, descending)


def fetch_rows(session: Session, page: Packed, params: dict[str, Any]) -> list[Sequence[Any]]:
    """The page's rows, in its order."""
    if page.processors is None:
        return list(session.execute(page.statement, params).all())
    rows: list[list[Any]] = orjson.loads(session.execute(page.statement, params).scalar_one())
    for i, process in page.processors:
        for row in rows:
            row[i] = process(row[i])
    if page.order is not None:
        rows.sort(key=page.order, reverse=page.descending)
    return rows  # type: ignore[return-value]
