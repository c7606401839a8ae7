"""Facet counts over a filtered set of facts: how many per place, person, category, day, ..."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..errors import BadRequest
from ..schemas import FacetValue
from .filters import KIND_OF, FactFilter, FactModel, conditions, in_sentence, person_column, table_of
from .incident_keys import group_key

FACETS = ("place", "person", "organization", "category", "day", "segment", "kind")
GROUP_FACETS = FACETS[:-1]  # incident groups are all of figures: `kind` would say nothing
# a facet's name before the API's vocabulary: still counted, under the name it was asked by
RENAMED_FACETS = {"date": "day"}
# statements are all of quotes: no category, no kind
STATEMENT_FACETS = ("place", "person", "organization", "day", "segment")
TOP = 50
ENTITY, MENTION, SEGMENT = (table_of(m) for m in (models.Entity, models.Mention, models.Segment))


def parse_facets(raw: str | None, allowed: Sequence[str] = FACETS) -> list[str]:
    """`facets=place,person` to a list, refusing names the list does not facet on."""
    if not raw:
        return []
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if RENAMED_FACETS.get(n, n) not in allowed]
    if unknown:
        raise BadRequest(f"unknown facet {', '.join(unknown)}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(names))


def facet_counts(
    session: Session,
    tables: Sequence[FactModel],
    f: FactFilter,
    names: Iterable[str],
    *,
    incidents: bool = False,
    statements: bool = False,
) -> dict[str, list[FacetValue]]:
    """Counts per value of each named facet, summed over the fact tables, most frequent first.

    `incidents`: count incident groups (figures sharing an incident key) instead of facts;
    a group counts once under each value its reports hold (two sources: under both).
    `statements`: count the statements of quotes likewise (a day counts each statement
    reported on it once).
    """
    out: dict[str, list[FacetValue]] = {}
    params = f.params(dialect_of(session))
    for name in names:
        counts: Counter[tuple[int | str, str | None]] = Counter()
        for model in tables:
            for value, label, n in _counts(session, model, params, name, incidents, statements):
                counts[(value, label)] += n  # an entity's id stays an integer, as ids are everywhere
        out[name] = [FacetValue(value=v, label=label, count=n) for (v, label), n in counts.most_common(TOP)]
    return out


def _counts(
    session: Session, model: FactModel, params: dict[str, Any], name: str, incidents: bool, statements: bool
) -> list[tuple[Any, str | None, int]]:
    t = table_of(model)
    where = conditions(model, tuple(params), dialect_of(session))
    tally = func.count()
    counted = t.c.id  # what one count is: a fact, unless groups of them are counted
    if incidents:
        key = group_key(t)  # a dated incident, or a place's undated running toll
        where.append(key.is_not(None))
        tally, counted = func.count(func.distinct(key)), key
    if statements:
        where.append(t.c.statement_id.is_not(None))
        tally, counted = func.count(func.distinct(t.c.statement_id)), t.c.statement_id
    if name == "kind":
        n = session.execute(select(tally).select_from(t).where(*where), params).scalar_one()
        return [(KIND_OF[model], None, n)] if n else []
    if RENAMED_FACETS.get(name, name) == "day":
        days = session.execute(select(t.c.day, tally).where(*where).group_by(t.c.day), params)
        return [(d.isoformat(), None, n) for d, n in days]
    if name == "category":
        if model is not models.Figure:
            return []
        categories = session.execute(select(t.c.category, tally).where(*where).group_by(t.c.category), params)
        return [(c, None, n) for c, n in categories]
    if name == "segment":
        kinds = session.execute(
            select(SEGMENT.c.kind, tally)
            .select_from(t)
            .join(SEGMENT, SEGMENT.c.id == t.c.segment_id)
            .where(*where)
            .group_by(SEGMENT.c.kind),
            params,
        )
        return [(k, None, n) for k, n in kinds]
    if name in ("person", "organization"):
        by_entity = (
            select(ENTITY.c.id, ENTITY.c.name, tally)
            .select_from(t)
            .join(ENTITY, ENTITY.c.id == person_column(model))
            .where(*where, ENTITY.c.kind == name)
            .group_by(ENTITY.c.id, ENTITY.c.name)
        )
        return [(i, label, n) for i, label, n in session.execute(by_entity, params)]
    return _place_counts(session, model, where, params, tally, counted)


def _place_counts(
    session: Session, model: FactModel, where: list[Any], params: dict[str, Any], tally: Any, counted: Any
) -> list[tuple[Any, str | None, int]]:
    # a figure counts for its own place; a quote or claim for each place its sentence names
    t = table_of(model)
    if model is models.Figure:
        stmt = (
            select(ENTITY.c.id, ENTITY.c.name, tally)
            .select_from(t)
            .join(ENTITY, ENTITY.c.id == t.c.place_id)
            .where(*where)
            .group_by(ENTITY.c.id, ENTITY.c.name)
        )
    else:
        stmt = (
            select(ENTITY.c.id, ENTITY.c.name, func.count(func.distinct(counted)))
            .select_from(t)
            .join(MENTION, in_sentence(t))
            .join(ENTITY, ENTITY.c.id == MENTION.c.entity_id)
            .where(*where, ENTITY.c.kind == "place")
            .group_by(ENTITY.c.id, ENTITY.c.name)
        )
    return [(i, label, n) for i, label, n in session.execute(stmt, params)]


PLACE_FACETS = ("country", "place_kind")


def place_facet_counts(session: Session, places: Any, names: Iterable[str]) -> dict[str, list[FacetValue]]:
    """Counts per country code or kind of place over every place `places` selects, most
    frequent first; places without one are left out."""
    matched = places.subquery()
    out: dict[str, list[FacetValue]] = {}
    for name in names:
        value, tally = matched.c[name], func.count()
        rows = session.execute(
            select(value, tally)
            .where(value.is_not(None))
            .group_by(value)
            .order_by(tally.desc(), value)
            .limit(TOP)
        )
        out[name] = [FacetValue(value=v, count=n) for v, n in rows]
    return out
