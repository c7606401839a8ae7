"""Quotes, claims and figures as one stream (`/v1/facts`), and counts per day (`/v1/timeline`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, bindparam, func, literal, or_, select, union_all
from sqlmodel import Session

from .cursors import decode_cursor, encode_cursor
from .db import dialect_of
from .errors import BadRequest
from .filters import FACT_TABLES, FactFilter, conditions, table_of
from .schemas import TimelineDay
from .shapes import fact_select, shape

FactKey = tuple[Any, ...]  # (day, kind, id) in the stream's order; a first page adds the total


def feed_page(
    session: Session, f: FactFilter, kinds: Sequence[str], *, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], int, str | None]:
    """One keyset page of the merged stream, ordered by day (then kind and id)."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    position = decode_cursor(cursor, f.sort, kinds=tuple(FACT_TABLES))
    if position is not None and position[0] is None:
        raise BadRequest("cursor is not one this API gave out; use the 'next' value of a previous page")
    chosen = tuple(k for k in FACT_TABLES if k in kinds)
    count, keys_stmt = _statements(chosen, tuple(params), f.sort, position is not None, dialect)
    if position is None:  # a first page carries the total in a window column
        keys: list[Any] = list(session.execute(keys_stmt, {**params, "limit": limit + 1}).all())
        total = keys[0][3] if keys else 0
    else:
        total = session.execute(count, params).scalar_one()
        params["after_day"], params["after_kind"], params["after_id"] = position
        keys = list(session.execute(keys_stmt, {**params, "limit": limit + 1}).all())
    nxt = (
        encode_cursor(f.sort, keys[limit - 1][0], keys[limit - 1][2], kind=keys[limit - 1][1])
        if len(keys) > limit
        else None
    )
    return load_facts(session, keys[:limit]), total, nxt


@lru_cache(maxsize=512)
def _statements(
    kinds: tuple[str, ...], shape_: tuple[str, ...], sort: str, after: bool, dialect: str
) -> tuple[Any, Any]:
    """The COUNT and the page of (day, kind, id) keys over the chosen tables, for one shape of filter."""
    parts = []
    for kind in kinds:
        t = table_of(FACT_TABLES[kind])
        parts.append(
            select(literal(kind).label("kind"), t.c.id.label("id"), t.c.day.label("day")).where(
                *conditions(FACT_TABLES[kind], shape_, dialect)
            )
        )
    union = union_all(*parts).subquery()
    count = select(func.count()).select_from(union)
    key = (union.c.day, union.c.kind, union.c.id)
    stmt = select(*key) if after else select(*key, func.count().over().label("total"))
    if after:
        day = bindparam("after_day", type_=union.c.day.type)
        after_kind: Any = bindparam("after_kind")
        last: Any = bindparam("after_id")
        if sort.startswith("-"):
            later = or_(union.c.kind < after_kind, and_(union.c.kind == after_kind, union.c.id < last))
            stmt = stmt.where(or_(union.c.day < day, and_(union.c.day == day, later)))
        else:
            later = or_(union.c.kind > after_kind, and_(union.c.kind == after_kind, union.c.id > last))
            stmt = stmt.where(or_(union.c.day > day, and_(union.c.day == day, later)))
    order = [c.desc() for c in key] if sort.startswith("-") else list(key)
    return count, stmt.order_by(*order).limit(bindparam("limit"))


def load_facts(session: Session, keys: Sequence[FactKey]) -> list[dict[str, Any]]:
    """The public facts behind (day, kind, id) keys, in the keys' order: one SELECT per kind."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        by_kind[key[1]].append(key[2])
    facts: dict[tuple[str, int], dict[str, Any]] = {}
    for kind, ids in by_kind.items():
        model = FACT_TABLES[kind]
        for row in session.execute(_by_ids(kind), {"ids": ids}):
            fact = shape(model, row)
            facts[(kind, fact["id"])] = fact
    return [facts[(key[1], key[2])] for key in keys]


@lru_cache(maxsize=3)
def _by_ids(kind: str) -> Any:
    t = table_of(FACT_TABLES[kind])
    return fact_select(FACT_TABLES[kind]).where(t.c.id.in_(bindparam("ids", expanding=True)))


def timeline(session: Session, f: FactFilter, kinds: Sequence[str], *, with_facts: bool) -> list[TimelineDay]:
    """Counts of quotes, claims and figures per day under the filters, oldest day first."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    per_day: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"quote": 0, "claim": 0, "figure": 0})
    for kind, model in FACT_TABLES.items():
        if kind not in kinds:
            continue
        t = table_of(model)
        stmt = (
            select(t.c.day, func.count()).where(*conditions(model, tuple(params), dialect)).group_by(t.c.day)
        )
        for day, n in session.execute(stmt, params):
            per_day[day][kind] = n
    days = []
    for day in sorted(per_day):
        c = per_day[day]
        facts = None
        if with_facts:
            one_day = replace(f, day=day, sort="-id" if f.sort.startswith("-") else "id")
            facts, _count, _next = feed_page(session, one_day, kinds, limit=100, cursor=None)
        days.append(
            TimelineDay(
                date=day,
                quotes=c["quote"],
                claims=c["claim"],
                figures=c["figure"],
                total=sum(c.values()),
                facts=facts,  # type: ignore[arg-type]
            )
        )
    return days
