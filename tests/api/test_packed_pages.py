"""A page read packed (one JSON value on SQLite) holds what the plain SELECT returns: the
same rows, in the same order, each value of the same type (dates as dates, flags as bools).

Run over the test corpus with the filter shapes and sorts a client uses, on the suite's
database (SQLite, or PostgreSQL with TEST_DATABASE_URL, where the SELECT runs as it is).
"""

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Float, LargeBinary, literal, select

from app import models
from app.db import dialect_of, new_session
from app.queries.facts import _statements, statements
from app.queries.filters import FACT_TABLES, FactFilter
from app.queries.packed import fetch_rows, packed

SORTS = ["id", "-id", "day", "-day"]


def plain(session: Any, page: Any, params: dict[str, Any]) -> list[list[Any]]:
    return [list(row) for row in session.execute(page.source, params)]


def typed(rows: list) -> list[list[tuple[type, Any]]]:
    return [[(type(value), value) for value in row] for row in rows]


def shapes(client: TestClient) -> list[dict[str, Any]]:
    """Filters a client sends, with values the corpus holds: none, and the busiest day."""
    days = client.get("/v1/timeline").json()["data"]
    busiest = max(days, key=lambda d: (min(d["quotes"], d["claims"], d["figures"]), d["total"]))
    return [{}, {"date": dt.date.fromisoformat(busiest["date"])}]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("model", [models.Quote, models.Claim, models.Figure])
def test_a_lists_packed_page_is_its_select(corpus: TestClient, model: Any, sort: str) -> None:
    for values in shapes(corpus):
        with new_session() as session:
            f = FactFilter(values, sort)
            params = {**f.params(dialect_of(session)), "limit": 500}
            _count, page = statements(
                model, tuple(f.params(dialect_of(session))), sort, False, dialect_of(session)
            )
            expected = plain(session, page, params)
            assert expected, (model, values)  # the corpus has rows for each shape
            assert typed(fetch_rows(session, page, params)) == typed(expected)


@pytest.mark.parametrize("sort", ["day", "-day"])
def test_the_streams_packed_page_is_its_select(corpus: TestClient, sort: str) -> None:
    for values in shapes(corpus):
        with new_session() as session:
            f = FactFilter(values, sort)
            dialect = dialect_of(session)
            params = {**f.params(dialect), "limit": 500}
            _count, page, _blocks = _statements(
                tuple(FACT_TABLES), tuple(f.params(dialect)), sort, None, dialect
            )
            expected = plain(session, page, params)
            assert expected and (values or len({row[1] for row in expected}) == 3)  # every kind
            assert typed(fetch_rows(session, page, params)) == typed(expected)


def test_sqlite_packs_and_postgresql_runs_the_select(corpus: TestClient) -> None:
    with new_session() as session:
        dialect = dialect_of(session)
        _count, page = statements(models.Figure, (), "id", False, dialect)
    assert (page.statement is page.source) == (dialect != "sqlite")
    # a figure page has a DATE and a BOOLEAN to decode on SQLite
    assert dialect != "sqlite" or len(page.processors or ()) >= 3


def test_a_select_with_a_real_or_a_blob_runs_as_it_is() -> None:
    # SQLite's JSON keeps 15 digits of a REAL and cannot hold a BLOB
    for column in (literal(0.1 + 0.2, Float), literal(b"\x00", LargeBinary)):
        page = packed(select(literal(1).label("id"), column.label("value")), "sqlite")
        assert page.statement is page.source and page.processors is None
    integers = packed(select(literal(1).label("id")), "sqlite")
    assert integers.statement is not integers.source  # packed
