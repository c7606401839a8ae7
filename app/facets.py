"""Facet counts over a filtered set of facts: how many per place, person, category, day, ..."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, select

from . import models
from .errors import BadRequest
from .queries import FactFilter, FactModel, dialect_of, fact_conditions, person_column
from .schemas import FacetValue

FACETS = ("place", "person", "organization", "category", "date", "segment", "kind")
KIND_OF = {models.Quote: "quote", models.Claim: "claim", models.Figure: "figure"}
TOP = 50


def parse_facets(raw: str | None) -> list[str]:
    """`facets=place,person` to a list, refusing names we do not facet on."""
    if not raw:
        return []
    names = [n.strip() for n in raw.split(",") if n.strip()]
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        raise BadRequest(f"unknown facet {', '.join(unknown)}; choose from {', '.join(FACETS)}")
    return list(dict.fromkeys(names))


def facet_counts(
    session: Session, tables: Sequence[FactModel], f: FactFilter, names: Iterable[str]
) -> dict[str, list[FacetValue]]:
    """Counts per value of each named facet, summed over the fact tables, most frequent first."""
    out: dict[str, list[FacetValue]] = {}
    for name in names:
        counts: Counter[tuple[str, str | None]] = Counter()
        for model in tables:
            for value, label, n in _counts(session, model, f, name):
                counts[(str(value), label)] += n
        out[name] = [FacetValue(value=v, label=label, count=n) for (v, label), n in counts.most_common(TOP)]
    return out


def _counts(
    session: Session, model: FactModel, f: FactFilter, name: str
) -> list[tuple[Any, str | None, int]]:
    where = fact_conditions(model, f, dialect_of(session))
    if name == "kind":
        n = session.exec(select(func.count()).select_from(model).where(*where)).one()
        return [(KIND_OF[model], None, n)] if n else []
    if name == "date":
        rows = session.exec(select(model.day, func.count()).where(*where).group_by(model.day)).all()
        return [(d.isoformat(), None, n) for d, n in rows]
    if name == "category":
        if model is not models.Figure:
            return []
        rows = session.exec(
            select(models.Figure.category, func.count()).where(*where).group_by(models.Figure.category)
        ).all()
        return [(c, None, n) for c, n in rows]
    if name == "segment":
        rows = session.exec(
            select(models.Segment.kind, func.count())
            .select_from(model)
            .join(models.Segment, models.Segment.id == model.segment_id)
            .where(*where)
            .group_by(models.Segment.kind)
        ).all()
        return [(k, None, n) for k, n in rows]
    if name in ("person", "organization"):
        column = person_column(model)
        rows = session.exec(
            select(models.Entity.id, models.Entity.name, func.count())
            .select_from(model)
            .join(models.Entity, models.Entity.id == column)
            .where(*where, models.Entity.kind == name)
            .group_by(models.Entity.id, models.Entity.name)
        ).all()
        return [(i, label, n) for i, label, n in rows]
    return _place_counts(session, model, where)


def _place_counts(session: Session, model: FactModel, where: list[Any]) -> list[tuple[Any, str | None, int]]:
    # a figure counts for its own place; a quote or claim for each place its sentence names
    if model is models.Figure:
        rows = session.exec(
            select(models.Entity.id, models.Entity.name, func.count())
            .select_from(models.Figure)
            .join(models.Entity, models.Entity.id == models.Figure.place_id)
            .where(*where)
            .group_by(models.Entity.id, models.Entity.name)
        ).all()
        return [(i, label, n) for i, label, n in rows]
    mention = and_(
        models.Mention.article_id == model.article_id,
        models.Mention.start >= model.sentence_start,
        models.Mention.end <= model.sentence_end,
    )
    rows = session.exec(
        select(models.Entity.id, models.Entity.name, func.count(func.distinct(model.id)))
        .select_from(model)
        .join(models.Mention, mention)
        .join(models.Entity, models.Entity.id == models.Mention.entity_id)
        .where(*where, models.Entity.kind == "place")
        .group_by(models.Entity.id, models.Entity.name)
    ).all()
    return [(i, label, n) for i, label, n in rows]
