"""Quotes, claims and figures as served: one list (`/v1/quotes`, ...), the three as one
stream (`/v1/facts`), and a fact row in its public shape (`timeline.py` counts them per day).

The lists are the API's hot path. Built as pydantic models, a page of 50 facts cost
three times the SQL behind it; so one statement fetches a fact with its segment kind
and the names it points to, each row becomes a dict in the field order of
`schemas.Quote` / `Claim` / `Figure`, and a page is serialised in one
call. The API tests validate every response against those schemas. Statements are
built once per shape of filter and cached.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, bindparam, func, literal, or_, select, union_all
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..errors import BadCursor
from .cursors import decode_cursor, encode_cursor
from .filters import FACT_TABLES, KIND_OF, FactFilter, FactModel, conditions, count_statement, table_of
from .packed import Packed, fetch_rows, packed
from .ranges import with_range

# Each public field in order; a (column, field) pair is a reference to an entity.
FIELDS: dict[FactModel, tuple[str | tuple[str, str], ...]] = {
    models.Quote: ("id", "text", ("speaker_id", "speaker"), "speaker_text", "date", "day", "statement_id"),
    models.Claim: ("id", "text", ("source_id", "source"), "source_text", "verb", "date", "day"),
    models.Figure: (
        "id",
        "category",
        "value",
        "value_min",
        "value_max",
        "qualifier",
        "approximate",
        ("place_id", "place"),
        "date",
        "day",
        ("source_id", "source"),
        "source_text",
        "incident",
        "text",
    ),
}
SPAN = ("article_id", "start", "end", "sentence_start", "sentence_end")


def fact_select(model: FactModel) -> Any:
    """SELECT a fact's public fields, its span and segment kind, and the names it points to."""
    t = table_of(model)
    columns, joins = fact_columns(model, t)
    joined = t
    for alias, on, outer in joins:
        joined = joined.join(alias, on, isouter=outer)
    return select(*columns).select_from(joined)


def fact_columns(model: FactModel, t: Any, prefix: str = "") -> tuple[list[Any], list[tuple[Any, Any, bool]]]:
    """The columns `shape` reads for a fact of table (or alias) t, and the joins they need
    as (alias, on, outer): a fact always has a segment, not always a speaker or place.

    The joined aliases are named `prefix + segment`, `prefix + speaker`, ...: several
    kinds side by side in one statement (the mixed stream) keep their own.
    """
    entity = table_of(models.Entity)
    columns: list[Any] = []
    joins: list[tuple[Any, Any, bool]] = []
    for field in FIELDS[model]:
        if isinstance(field, tuple):
            ref, name = field
            alias = entity.alias(prefix + name)
            columns += [t.c[ref], alias.c.name, alias.c.kind]
            joins.append((alias, alias.c.id == t.c[ref], True))
        else:
            columns.append(t.c[field])
    segment = table_of(models.Segment).alias(prefix + "segment")
    columns += [t.c[c] for c in SPAN]
    columns.append(segment.c.kind)
    joins.insert(0, (segment, segment.c.id == t.c.segment_id, False))
    return columns, joins


def _layout(model: FactModel) -> tuple[tuple[tuple[str, int, bool], ...], int]:
    """Each public field of a `fact_select(model)` row as (name, column, is a reference),
    and the column its span starts at."""
    fields, i = [], 0
    for field in FIELDS[model]:
        if isinstance(field, tuple):
            fields.append((field[1], i, True))
            i += 3
        else:
            fields.append((field, i, False))
            i += 1
    return tuple(fields), i


# walked once here rather than for every row of every page (a third of shaping a page)
LAYOUT = {model: _layout(model) for model in FIELDS}


def shape(model: FactModel, row: Sequence[Any]) -> dict[str, Any]:
    """One row of `fact_select(model)` as the public fact (columns after its own are ignored)."""
    fields, span = LAYOUT[model]
    out: dict[str, Any] = {"kind": KIND_OF[model]}
    for name, i, reference in fields:
        if reference:
            ident = row[i]
            out[name] = None if ident is None else {"id": ident, "name": row[i + 1], "kind": row[i + 2]}
        else:
            out[name] = row[i]
    # the vocabulary's names (README, "Vocabulary"): where the day came from, and a quote's
    # speaker as every fact's `source`; the one dict for both, so `expand` fills both alike
    out["day_from"] = "published" if out["date"] is None else "text"
    if "speaker" in out:
        out["source"], out["source_text"] = out["speaker"], out["speaker_text"]
    article_id, start, end, sentence_start, sentence_end, segment = row[span : span + 6]
    if model is models.Figure:
        with_range(out)
    out["span"] = {
        "article_id": article_id,
        "segment": segment,
        "start": start,
        "end": end,
        "sentence_start": sentence_start,
        "sentence_end": sentence_end,
    }
    return out


def shape_all(model: FactModel, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows of `fact_select(model)` as public facts."""
    return [shape(model, row) for row in rows]


def as_selected(
    model: FactModel, fact: Any, entities: Sequence[models.Entity], segments: Sequence[models.Segment]
) -> tuple[Any, ...]:
    """A fact row laid out as `fact_select(model)` returns it: its fields with the names they
    point to, its span, its segment's kind. Entities and segments are found by id = position."""
    values: list[Any] = []
    for field in FIELDS[model]:
        if isinstance(field, tuple):
            ident = getattr(fact, field[0])
            entity = entities[ident] if ident is not None else None
            values += [ident, entity.name if entity else None, entity.kind if entity else None]
        else:
            values.append(getattr(fact, field))
    values += [getattr(fact, column) for column in SPAN]
    values.append(segments[fact.segment_id].kind)
    return tuple(values)


def list_facts(
    session: Session, model: FactModel, f: FactFilter, *, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], int, str | None]:
    """One page of a fact table under the filters, the total under them, and the next cursor."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    position = decode_cursor(cursor, f.sort)
    count, page = statements(model, tuple(params), f.sort, position is not None, dialect)
    # The COUNT reads an index alone; a window count on the page would join and read
    # every matching row (2,500 quotes of one speaker) to return 50 of them.
    total = session.execute(count, params).scalar_one()
    if position is not None:
        params["after_day"], _kind, params["after_id"] = position
    rows = fetch_rows(session, page, {**params, "limit": limit + 1})
    data = shape_all(model, rows[:limit])
    nxt = encode_cursor(f.sort, data[-1]["day"], data[-1]["id"]) if len(rows) > limit else None
    return data, total, nxt


@lru_cache(maxsize=512)
def statements(
    model: FactModel, shape_: tuple[str, ...], sort: str, after: bool, dialect: str
) -> tuple[Any, Packed]:
    """The COUNT and the page SELECT for one shape of filter.

    Cached: building a statement and computing its cache key cost more than running it
    on SQLite; one built statement, executed with new values, skips both.
    """
    t = table_of(model)
    where = conditions(model, shape_, dialect)
    count = count_statement(model, shape_, dialect)
    order, start = keyset(t, sort)
    # The page's ids first, from the indexes alone; then the joins for those rows only.
    # Sorting joined rows, SQLite would join all 12,000 figures of a busy place for 50.
    ids = select(t.c.id).where(*where)
    if after:
        ids = ids.where(start)
    ids = ids.order_by(*order).limit(bindparam("limit")).correlate(None)
    page = fact_select(model).where(t.c.id.in_(ids)).order_by(*order)
    return count, packed(page, dialect, order=row_order(model, sort), descending=sort.startswith("-"))


def row_order(model: FactModel, sort: str) -> Callable[[Sequence[Any]], Any]:
    """The sort key of a `fact_select(model)` row under a list's sort: (day, id) or id."""
    if sort.lstrip("-") != "day":
        return operator.itemgetter(0)  # the id is every fact's first field
    return operator.itemgetter(column_position(model, "day"), 0)


def column_position(model: FactModel, name: str) -> int:
    """Where a field's value is in a `fact_select(model)` row (a reference takes three columns)."""
    return next(i for field, i, _reference in LAYOUT[model][0] if field == name)


def keyset(t: Any, sort: str) -> tuple[list[Any], Any]:
    """ORDER BY for a sort, and the condition that starts a page after `:after_day, :after_id`."""
    descending = sort.startswith("-")
    day, ident = bindparam("after_day", type_=t.c.day.type), bindparam("after_id", type_=t.c.id.type)
    if sort.lstrip("-") != "day":
        return [t.c.id.desc() if descending else t.c.id], t.c.id < ident if descending else t.c.id > ident
    if descending:
        return [t.c.day.desc(), t.c.id.desc()], or_(t.c.day < day, and_(t.c.day == day, t.c.id < ident))
    return [t.c.day, t.c.id], or_(t.c.day > day, and_(t.c.day == day, t.c.id > ident))


def feed_page(
    session: Session, f: FactFilter, kinds: Sequence[str], *, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], int, str | None]:
    """One keyset page of the merged stream, ordered by day (then kind and id)."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    position = decode_cursor(cursor, f.sort, kinds=tuple(FACT_TABLES))
    if position is not None and position[0] is None:
        raise BadCursor("cursor is not one this API gave out; use the 'next' value of a previous page")
    chosen = tuple(k for k in FACT_TABLES if k in kinds)
    after = None if position is None else position[1]
    count, page, blocks = _statements(chosen, tuple(params), f.sort, after, dialect)
    if position is None:  # a first page carries the total in a column of its own
        rows = fetch_rows(session, page, {**params, "limit": limit + 1})
        total = rows[0][3] if rows else 0
    else:
        total = session.execute(count, params).scalar_one()
        params["after_day"], _kind, params["after_id"] = position
        rows = fetch_rows(session, page, {**params, "limit": limit + 1})
    facts = []
    for row in rows[:limit]:
        start, end = blocks[row[1]]
        facts.append(shape(FACT_TABLES[row[1]], row[start:end]))
    last = rows[limit - 1] if len(rows) > limit else None
    nxt = encode_cursor(f.sort, last[0], last[2], kind=last[1]) if last is not None else None
    return facts, total, nxt


@lru_cache(maxsize=512)
def _statements(
    kinds: tuple[str, ...], shape_: tuple[str, ...], sort: str, after: str | None, dialect: str
) -> tuple[Any, Packed, dict[str, tuple[int, int]]]:
    """For one shape of filter: the COUNT, and one statement that pages the stream
    (`after`: the kind of the cursor's fact, None on a first page).

    The page picks its (day, kind, id) keys from a UNION of the chosen tables, then joins
    each kind's row, segment and names for those keys alone: every kind's columns side by
    side, the row's own block read by `blocks[kind]` (start, end). One statement, where
    a page of keys and a SELECT per kind were four, each a GIL handoff under load.
    """
    descending = sort.startswith("-")
    parts, counted = [], []
    for kind in kinds:
        t = table_of(FACT_TABLES[kind])
        where = conditions(FACT_TABLES[kind], shape_, dialect)
        counted.append(select(t.c.id).where(*where))
        part = select(literal(kind).label("kind"), t.c.id.label("id"), t.c.day.label("day")).where(*where)
        if after is not None:
            part = part.where(_after(t, kind, after, descending))
        # each kind's own first `limit` keys, read in (day, id) order from its indexes:
        # the page is among them, so at most 3 × limit keys are sorted, not a whole day
        order = [t.c.day.desc(), t.c.id.desc()] if descending else [t.c.day, t.c.id]
        parts.append(select(part.order_by(*order).limit(bindparam("limit")).subquery(kind)))
    union = union_all(*parts).subquery()
    count = select(func.count()).select_from(union_all(*counted).subquery())
    key = (union.c.day, union.c.kind, union.c.id)
    stmt = select(*key) if after is not None else select(*key, count.scalar_subquery().label("total"))
    order = [c.desc() for c in key] if descending else list(key)
    keys = stmt.order_by(*order).limit(bindparam("limit")).subquery("page")

    extra = [] if after is not None else [keys.c.total]
    page, blocks = rows_of_keys(keys, kinds, extra, descending, dialect)
    return count, page, blocks


def rows_of_keys(
    keys: Any, kinds: Sequence[str], extra: Sequence[Any], descending: bool, dialect: str
) -> tuple[Packed, dict[str, tuple[int, int]]]:
    """The facts whose (day, kind, id) a subquery `keys` holds, in (day, kind, id) order: each
    row its key, the `extra` columns, then every kind's columns side by side, the row's own
    block read by `blocks[kind]` (start, end). Each kind's row, segment and names are joined
    for those keys alone.
    """
    columns: list[Any] = [keys.c.day, keys.c.kind, keys.c.id, *extra]
    joined: Any = keys
    blocks: dict[str, tuple[int, int]] = {}
    for kind in kinds:
        model = FACT_TABLES[kind]
        row = table_of(model).alias(f"{kind}_row")
        joined = joined.outerjoin(row, and_(keys.c.kind == kind, row.c.id == keys.c.id))
        block, joins = fact_columns(model, row, prefix=f"{kind}_")
        for alias, on, _outer in joins:  # all outer: a row of another kind has none of these
            joined = joined.outerjoin(alias, on)
        blocks[kind] = (len(columns), len(columns) + len(block))
        columns += block
    page_key = (keys.c.day, keys.c.kind, keys.c.id)
    page_order = [c.desc() for c in page_key] if descending else list(page_key)
    page = select(*columns).select_from(joined).order_by(*page_order)
    # a row starts with its (day, kind, id): the stream's order
    return packed(page, dialect, order=operator.itemgetter(0, 1, 2), descending=descending), blocks


def _after(t: Any, kind: str, cursor_kind: str, descending: bool) -> Any:
    """The rows of one kind that come after a cursor at (:after_day, cursor_kind, :after_id).

    The stream runs in (day, kind, id) order, so a kind that sorts after the cursor's
    starts on the cursor's day, one before it on the next day, and the cursor's own kind
    after the cursor's id: three plain range conditions the day index serves.
    """
    day, last = bindparam("after_day", type_=t.c.day.type), bindparam("after_id", type_=t.c.id.type)
    if descending:
        if kind == cursor_kind:
            return or_(t.c.day < day, and_(t.c.day == day, t.c.id < last))
        return t.c.day <= day if kind < cursor_kind else t.c.day < day
    if kind == cursor_kind:
        return or_(t.c.day > day, and_(t.c.day == day, t.c.id > last))
    return t.c.day >= day if kind > cursor_kind else t.c.day > day
