"""Facet counts over a filtered set of facts: how many per place, person, category, day, ..."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

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
        days = session.exec(select(col(model.day), func.count()).where(*where).group_by(col(model.day))).all()
        return [(d.isoformat(), None, n) for d, n in days]
    if name == "category":
        if model is not models.Figure:
            return []
        categories = session.exec(
            select(col(models.Figure.category), func.count())
            .where(*where)
            .group_by(col(models.Figure.category))
        ).all()
        return [(c, None, n) for c, n in categories]
    if name == "segment":
        kinds = session.exec(
            select(col(models.Segment.kind), func.count())
            .select_from(model)
            .join(models.Segment, col(models.Segment.id) == model.segment_id)
            .where(*where)
            .group_by(col(models.Segment.kind))
        ).all()
        return [(k, None, n) for k, n in kinds]
    if name in ("person", "organization"):
        column = person_column(model)
        rows = session.exec(
            select(col(models.Entity.id), col(models.Entity.name), func.count())
            .select_from(model)
            .join(models.Entity, col(models.Entity.id) == column)
            .where(*where, col(models.Entity.kind) == name)
            .group_by(col(models.Entity.id), col(models.Entity.name))
        ).all()
        return [(i, label, n) for i, label, n in rows]
    return _place_counts(session, model, where)


def _place_counts(session: Session, model: FactModel, where: list[Any]) -> list[tuple[Any, str | None, int]]:
    # a figure counts for its own place; a quote or claim for each place its sentence names
    if model is models.Figure:
        rows = session.exec(
            select(col(models.Entity.id), col(models.Entity.name), func.count())
            .select_from(models.Figure)
            .join(models.Entity, col(models.Entity.id) == col(models.Figure.place_id))
            .where(*where)
            .group_by(col(models.Entity.id), col(models.Entity.name))
        ).all()
        return [(i, label, n) for i, label, n in rows]
    mention = and_(
        col(models.Mention.article_id) == model.article_id,
        col(models.Mention.start) >= model.sentence_start,
        col(models.Mention.end) <= model.sentence_end,
    )
    rows = session.exec(
        select(col(models.Entity.id), col(models.Entity.name), func.count(func.distinct(model.id)))
        .select_from(model)
        .join(models.Mention, mention)
        .join(models.Entity, col(models.Entity.id) == col(models.Mention.entity_id))
        .where(*where, col(models.Entity.kind) == "place")
        .group_by(col(models.Entity.id), col(models.Entity.name))
    ).all()
    return [(i, label, n) for i, label, n in rows]
