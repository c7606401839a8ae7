"""Statements under the quote filters: a page of them, one by id, and their reports.

A statement matches when one of its quotes matches the filters (the quote list's own
conditions, `filters.conditions`), and is then shown whole: its text, days and reach are
over all its quotes. It sorts by first report (`first_day`, id) or by reach (articles,
id), each a keyset on an index of `statement` (models.Statement).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import and_, bindparam, func, or_, select
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..errors import BadCursor
from .cursors import decode_cursor, decode_name_cursor, encode_cursor, encode_name_cursor
from .filters import FactFilter, conditions, table_of

STATEMENT, QUOTE, ENTITY, SEGMENT = (
    table_of(m) for m in (models.Statement, models.Quote, models.Entity, models.Segment)
)
LISTING = "statement"  # the list a cursor names: a quote's id means nothing here
MAX_OCCURRENCES = 100
StatementSort = Literal["first", "-first", "reach", "id", "-id"]
# (the ORDER BY, the column a cursor holds besides the id, and whether it runs downwards)
ORDERS: dict[str, tuple[Any, bool]] = {
    "first": (STATEMENT.c.first_day, False),
    "-first": (STATEMENT.c.first_day, True),
    "reach": (STATEMENT.c.articles, True),
    "id": (None, False),
    "-id": (None, True),
}


def list_statements(
    session: Session, f: FactFilter, sort: str, *, limit: int, cursor: str | None, occurrences: int
) -> tuple[list[dict[str, Any]], int, str | None]:
    """One page of the statements under the filters, how many match, and the next cursor."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    after = _position(cursor, sort)
    count, page = _statements(tuple(params), sort, after is not None, dialect)
    total = session.execute(count, params).scalar_one()
    if after is not None:
        params["after_value"], params["after_id"] = after
    rows = session.execute(page, {**params, "limit": limit + 1}).all()
    data = [_shape(row) for row in rows[:limit]]
    attach_occurrences(session, data, occurrences)
    nxt = _cursor(sort, rows[limit - 1]) if len(rows) > limit else None
    return data, total, nxt


def get_statement(session: Session, statement_id: int, *, occurrences: int) -> dict[str, Any] | None:
    """One statement with its first reports, or None."""
    row = session.execute(_select().where(STATEMENT.c.id == statement_id)).first()
    if row is None:
        return None
    data = [_shape(row)]
    attach_occurrences(session, data, occurrences)
    return data[0]


def _select() -> Any:
    speaker = ENTITY.alias("speaker")
    s = STATEMENT
    # the words its first report names the speaker by: one index lookup a row of the page
    words = (
        select(QUOTE.c.speaker_text)
        .where(QUOTE.c.statement_id == s.c.id, QUOTE.c.speaker_text.is_not(None))
        .order_by(QUOTE.c.day, QUOTE.c.id)
        .limit(1)
        .scalar_subquery()
    )
    columns = (s.c.id, s.c.text, s.c.speaker_id, speaker.c.name, speaker.c.kind, words, s.c.first_day)
    return select(*columns, s.c.last_day, s.c.articles, s.c.quotes).select_from(
        s.outerjoin(speaker, speaker.c.id == s.c.speaker_id)
    )


def _shape(row: Any) -> dict[str, Any]:
    ident, text, speaker, name, kind, source_text, first, last, articles, quotes = row
    source = None if speaker is None else {"id": speaker, "name": name, "kind": kind}
    return {
        "id": ident,
        "text": text,
        "source": source,
        "source_text": source_text,
        "first_day": first,
        "last_day": last,
        "articles": articles,
        "quotes": quotes,
    }


@lru_cache(maxsize=128)
def _statements(shape: tuple[str, ...], sort: str, after: bool, dialect: str) -> tuple[Any, Any]:
    """The COUNT and the page SELECT for one shape of filter and sort."""
    where = []
    if shape:
        # the statements one of whose quotes the quote list would show under these filters
        where.append(
            STATEMENT.c.id.in_(select(QUOTE.c.statement_id).where(*conditions(models.Quote, shape, dialect)))
        )
    count = select(func.count()).select_from(STATEMENT).where(*where)
    column, descending = ORDERS[sort]
    ident = STATEMENT.c.id
    last_id = bindparam("after_id", type_=ident.type)
    if column is None:
        order = [ident.desc() if descending else ident]
        start = ident < last_id if descending else ident > last_id
    else:
        value = bindparam("after_value", type_=column.type)
        if descending:  # most first; equal values by id, lowest first, so a page break is exact
            order = [column.desc(), ident]
            start = or_(column < value, and_(column == value, ident > last_id))
        else:
            order = [column, ident]
            start = or_(column > value, and_(column == value, ident > last_id))
    page = _select().where(*where)
    if after:
        page = page.where(start)
    return count, page.order_by(*order).limit(bindparam("limit"))


def _cursor(sort: str, row: Any) -> str:
    """The cursor after a page's last row: its sort value and id."""
    if sort == "reach":
        return encode_name_cursor(sort, str(row.articles), row.id, listing=LISTING)
    day = row.first_day if sort.endswith("first") else None
    return encode_cursor(sort, day, row.id, listing=LISTING)


def _position(cursor: str | None, sort: str) -> tuple[Any, int] | None:
    """The (sort value, id) a cursor points after; 400 for one this list did not give out."""
    if not cursor:
        return None
    if sort == "reach":
        named = decode_name_cursor(cursor, sort, listing=LISTING)
        if named is None or not named[0].isdigit():
            raise BadCursor("cursor is not one this API gave out; use the 'next' value of a previous page")
        return int(named[0]), named[1]
    position = decode_cursor(cursor, sort, listing=LISTING)
    if position is None:
        return None
    day, _kind, ident = position
    if sort.endswith("first") and not isinstance(day, dt.date):
        raise BadCursor("cursor is not one this API gave out; use the 'next' value of a previous page")
    return day, ident


def attach_occurrences(session: Session, statements: list[dict[str, Any]], limit: int) -> None:
    """Give each statement its first `limit` reports (by day, then quote id): one statement."""
    if not statements:
        return
    ids = [s["id"] for s in statements]
    rank = (
        func.row_number()
        .over(partition_by=QUOTE.c.statement_id, order_by=(QUOTE.c.day, QUOTE.c.id))
        .label("rank")
    )
    ranked = (
        select(
            QUOTE.c.statement_id,
            QUOTE.c.id,
            QUOTE.c.article_id,
            QUOTE.c.day,
            QUOTE.c.text,
            QUOTE.c.speaker_text,
            QUOTE.c.start,
            QUOTE.c.end,
            QUOTE.c.sentence_start,
            QUOTE.c.sentence_end,
            SEGMENT.c.kind,
            rank,
        )
        .join(SEGMENT, SEGMENT.c.id == QUOTE.c.segment_id)
        .where(QUOTE.c.statement_id.in_(ids))
        .subquery()
    )
    rows = session.execute(
        select(*(c for c in ranked.c if c.name != "rank"))
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.statement_id, ranked.c.day, ranked.c.id)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for (
        statement_id,
        quote_id,
        article_id,
        day,
        text,
        source_text,
        start,
        end,
        s_start,
        s_end,
        segment,
    ) in rows:
        found[statement_id].append(
            {
                "quote_id": quote_id,
                "article_id": article_id,
                "day": day,
                "text": text,
                "source_text": source_text,
                "span": {
                    "article_id": article_id,
                    "segment": segment,
                    "start": start,
                    "end": end,
                    "sentence_start": s_start,
                    "sentence_end": s_end,
                },
            }
        )
    for statement in statements:
        statement["occurrences"] = found.get(statement["id"], [])
