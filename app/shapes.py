"""Fact rows in their public JSON shape, as plain dicts, from one joined SELECT.

The lists are the API's hot path. Built as pydantic models, a page of 50 facts cost
three times the SQL behind it; so one statement fetches a fact with its segment kind
and the names it points to, each row becomes a dict in the field order of
`schemas.QuotePublic` / `ClaimPublic` / `FigurePublic`, and a page is serialised in one
call. The API tests validate every response against those schemas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from . import models
from .filters import KIND_OF, FactModel, table_of

# Each public field in order; a (column, field) pair is a reference to an entity.
FIELDS: dict[FactModel, tuple[str | tuple[str, str], ...]] = {
    models.Quote: ("id", "text", ("speaker_id", "speaker"), "speaker_text", "date", "day"),
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


def shape(model: FactModel, row: Sequence[Any]) -> dict[str, Any]:
    """One row of `fact_select(model)` as the public fact (columns after its own are ignored)."""
    out: dict[str, Any] = {"kind": KIND_OF[model]}
    i = 0
    for field in FIELDS[model]:
        if isinstance(field, tuple):
            ident = row[i]
            out[field[1]] = None if ident is None else {"id": ident, "name": row[i + 1], "kind": row[i + 2]}
            i += 3
        else:
            out[field] = row[i]
            i += 1
    article_id, start, end, sentence_start, sentence_end, segment = row[i : i + 6]
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
    return [shape(model, row) for row in rows]
