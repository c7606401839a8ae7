"""Facts per day (`/v1/timeline`): every day's counts, or, with its facts, the days a page at a time.

One request's work is bounded (issue #21). Counts alone are three grouped statements
however many days there are, and a row a day. With `facts=true` the days come in pages:
at most `days` days and at most MAX_PAGE_FACTS facts (the largest page of a list), each
day with its first `per_day` facts, and `next` continues. The facts of every day of a
page are one statement: a window numbers each day's facts, the first `per_day` are kept.
Before, each day was a query of its own and every day came at once: a search matching
most facts over 3,000 articles took 20 s on the one read thread, and held every page in
memory until the answer was written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, literal, select, union, union_all
from sqlmodel import Session

from ..db import dialect_of
from ..errors import BadCursor
from .cursors import bound_to, cursor_for, decode_cursor, encode_cursor
from .expand import expand_facts
from .facts import rows_of_keys, shape
from .filters import FACT_TABLES, FactFilter, conditions, table_of
from .packed import Packed, fetch_rows

MAX_PAGE_FACTS = 500  # the facts one page of days carries at most (a list's largest page)
MAX_PER_DAY = 100
TIMELINE = "timeline"  # the list a timeline cursor names


@dataclass(frozen=True)
class DayPage:
    """The days of one answer, how many days match over all pages, and the cursor to the
    next page of days (None: the last)."""

    days: list[dict[str, Any]]
    count: int
    next: str | None = None


def timeline(session: Session, f: FactFilter, kinds: Sequence[str]) -> list[dict[str, Any]]:
    """Counts of quotes, claims and figures on every day under the filters, oldest day first
    (each a `schemas.TimelineDay` as a dict: the answer is written in one call, as the lists are)."""
    return [_day(day, c) for day, c in sorted(_counts(session, f, kinds, None, None).items())]


def timeline_page(
    session: Session,
    f: FactFilter,
    kinds: Sequence[str],
    *,
    days: int,
    per_day: int,
    cursor: str | None,
    expand: frozenset[str] = frozenset(),
) -> DayPage:
    """The next `days` days (oldest first) after the cursor, each with its counts and its
    first `per_day` facts, stopping before MAX_PAGE_FACTS facts (a page holds one day at
    least); the facts expanded as `expand` asks."""
    position = decode_cursor(cursor, f.sort, listing=TIMELINE)
    after = None
    if position is not None:
        if position[0] is None:
            raise BadCursor("cursor is not one this API gave out; use the 'next' value of a previous page")
        after = position[0]
    counts = _counts(session, f, kinds, after, days + 1)
    ahead = sorted(counts)[: days + 1]
    chosen: list[dt.date] = []
    shown = 0
    for day in ahead[:days]:
        n = min(per_day, sum(counts[day].values()))
        if chosen and shown + n > MAX_PAGE_FACTS:
            break
        chosen.append(day)
        shown += n
    total = day_count(session, f, kinds)
    if not chosen:
        return DayPage([], total)
    facts_of = _facts(session, f, kinds, chosen[0], chosen[-1], per_day)
    expand_facts(session, [fact for facts in facts_of.values() for fact in facts], expand)
    out = []
    for day in chosen:
        facts = facts_of.get(day, [])
        entry = _day(day, counts[day], facts)
        if facts and len(facts) < entry["total"]:
            entry["facts_next"] = _rest_of_day(f.sort, facts[-1])
        out.append(entry)
    more = len(chosen) < len(ahead)
    return DayPage(out, total, encode_cursor(f.sort, chosen[-1], 0, listing=TIMELINE) if more else None)


def day_count(session: Session, f: FactFilter, kinds: Sequence[str]) -> int:
    """The days with facts under the filters, over every page: a timeline's `count`."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    days = [
        select(table_of(model).c.day).where(*conditions(model, tuple(params), dialect))
        for kind, model in FACT_TABLES.items()
        if kind in kinds
    ]
    every = union(*days).subquery("fact_days") if len(days) > 1 else days[0].distinct().subquery("fact_days")
    return session.execute(select(func.count()).select_from(every), params).scalar_one()


def _day(day: dt.date, c: dict[str, int], facts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A day as `schemas.TimelineDay` has it."""
    return {
        "day": day,
        "date": day,  # deprecated: `day`
        "quotes": c["quote"],
        "claims": c["claim"],
        "figures": c["figure"],
        "total": sum(c.values()),
        "facts": facts,
        "facts_next": None,
    }


def _rest_of_day(sort: str, last: dict[str, Any]) -> str:
    """The `/v1/facts` cursor after a day's last fact shown: that list, with `day` the day and
    the same filters and sort, goes on with the day's other facts in the same order."""
    stream_sort = "-day" if sort.startswith("-") else "day"  # the stream orders by day (`by_day`)
    with bound_to(day=str(last["day"])):  # signed for the request it continues
        return (
            cursor_for("fact", encode_cursor(stream_sort, last["day"], last["id"], kind=last["kind"])) or ""
        )


def _counts(
    session: Session, f: FactFilter, kinds: Sequence[str], after: dt.date | None, days: int | None
) -> dict[dt.date, dict[str, int]]:
    """Facts of each kind per day under the filters: every day, or the first `days` days after
    `after`. Each kind's first `days` days hold every kind's count for the first `days` days
    of all: a day among them has at most `days` - 1 days of that kind before it."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    per_day: dict[dt.date, dict[str, int]] = {}
    for kind, model in FACT_TABLES.items():
        if kind not in kinds:
            continue
        t = table_of(model)
        stmt = select(t.c.day, func.count()).where(*conditions(model, tuple(params), dialect))
        if after is not None:
            stmt = stmt.where(t.c.day > after)
        stmt = stmt.group_by(t.c.day)
        if days is not None:
            stmt = stmt.order_by(t.c.day).limit(days)
        for day, n in session.execute(stmt, params):
            if day is not None:  # a fact with no day is on no timeline
                per_day.setdefault(day, {"quote": 0, "claim": 0, "figure": 0})[kind] = n
    return per_day


def _facts(
    session: Session, f: FactFilter, kinds: Sequence[str], first: dt.date, last: dt.date, per_day: int
) -> dict[dt.date, list[dict[str, Any]]]:
    """Each day's first `per_day` facts from `first` to `last`, in one statement."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    chosen = tuple(k for k in FACT_TABLES if k in kinds)
    page, blocks = _statement(chosen, tuple(params), f.sort.startswith("-"), dialect)
    rows = fetch_rows(session, page, {**params, "first_day": first, "last_day": last, "per_day": per_day})
    out: dict[dt.date, list[dict[str, Any]]] = {}
    for row in rows:
        start, end = blocks[row[1]]
        out.setdefault(row[0], []).append(shape(FACT_TABLES[row[1]], row[start:end]))
    return out


@lru_cache(maxsize=256)
def _statement(
    kinds: tuple[str, ...], shape_: tuple[str, ...], descending: bool, dialect: str
) -> tuple[Packed, dict[str, tuple[int, int]]]:
    """For one shape of filter: the first `:per_day` facts of each day from `:first_day` to
    `:last_day`, a day's facts in the stream's order (kind, then id), as `/v1/facts` gives them."""
    parts = []
    for kind in kinds:
        t = table_of(FACT_TABLES[kind])
        where = conditions(FACT_TABLES[kind], shape_, dialect)
        parts.append(
            select(literal(kind).label("kind"), t.c.id.label("id"), t.c.day.label("day")).where(
                *where, t.c.day >= bindparam("first_day"), t.c.day <= bindparam("last_day")
            )
        )
    keys = union_all(*parts).subquery("day_keys")
    within = [keys.c.kind.desc(), keys.c.id.desc()] if descending else [keys.c.kind, keys.c.id]
    ranked = select(
        keys.c.day,
        keys.c.kind,
        keys.c.id,
        func.row_number().over(partition_by=keys.c.day, order_by=within).label("n"),
    ).subquery("ranked")
    first = select(ranked.c.day, ranked.c.kind, ranked.c.id).where(ranked.c.n <= bindparam("per_day"))
    return rows_of_keys(first.subquery("page"), kinds, [], descending, dialect)
