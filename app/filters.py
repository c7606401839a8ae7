"""The filters every fact list shares, as SQL conditions with named parameters.

Conditions hold bind parameters, not values: a statement built for one *shape* of
filter (a person and a day, say) serves every request of that shape, so the hot lists
build and key their SQL once instead of on every request (see `lists.py`, `feed.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, bindparam, false, or_, select
from sqlmodel import SQLModel

from . import models
from .search import search_param, text_matches

FactModel = type[models.Quote] | type[models.Claim] | type[models.Figure]

FACT_TABLES: dict[str, FactModel] = {"quote": models.Quote, "claim": models.Claim, "figure": models.Figure}
KIND_OF: dict[FactModel, str] = {model: kind for kind, model in FACT_TABLES.items()}


@dataclass(frozen=True)
class FactFilter:
    """The filters every fact list shares; entity filters hold the ids a name resolved to."""

    people: tuple[int, ...] | None = None
    organizations: tuple[int, ...] | None = None
    places: tuple[int, ...] | None = None
    article: int | None = None
    day: dt.date | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    category: str | None = None
    segment: str | None = None
    q: str | None = None
    sort: str = "id"

    def params(self, dialect: str) -> dict[str, Any]:
        """The values of the filters that are set, by the names their conditions bind."""
        out: dict[str, Any] = {}
        for name in FILTERS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "q":
                if (term := search_param(value, dialect)) is None:
                    continue  # no words to search for: the filter is not applied
                value = term
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


FILTERS = tuple(f.name for f in fields(FactFilter) if f.name != "sort")


def table_of(model: type[SQLModel]) -> Any:
    """The Core table of a model: statements on it skip the ORM's per-statement work."""
    return model.__table__  # type: ignore[attr-defined]


def conditions(model: FactModel, shape: Sequence[str], dialect: str) -> list[Any]:
    """The WHERE conditions for a shape of filter, on any fact table, binding its names.

    A filter that cannot apply to a table (a category on quotes) matches nothing there,
    so the combined stream (`/v1/facts`) stays consistent with the single lists.
    """
    t = table_of(model)
    where: list[Any] = []
    for name in shape:
        if name == "article":
            where.append(t.c.article_id == bindparam("article"))
        elif name == "day":
            where.append(t.c.day == bindparam("day"))
        elif name == "since":
            where.append(t.c.day >= bindparam("since"))
        elif name == "until":
            where.append(t.c.day <= bindparam("until"))
        elif name in ("people", "organizations"):
            where.append(person_column(model).in_(bindparam(name, expanding=True)))
        elif name == "places":
            where.append(_place_clause(model))
        elif name == "category":
            where.append(t.c.category == bindparam("category") if model is models.Figure else false())
        elif name == "segment":
            segment = table_of(models.Segment)
            kinds = select(segment.c.id).where(segment.c.kind == bindparam("segment"))
            where.append(t.c.segment_id.in_(kinds))
        elif name == "q":
            where.append(false() if model is models.Figure else text_matches(model, dialect))  # type: ignore[arg-type]
    return where


def person_column(model: FactModel) -> Any:
    """The column a person or organization filter matches: the speaker, else the source."""
    t = table_of(model)
    return t.c.speaker_id if model is models.Quote else t.c.source_id


def in_sentence(t: Any) -> Any:
    """A mention inside the sentence of a fact of table t: what a quote or claim is about."""
    mention = table_of(models.Mention)
    return and_(
        mention.c.article_id == t.c.article_id,
        mention.c.start >= t.c.sentence_start,
        mention.c.end <= t.c.sentence_end,
    )


def _place_clause(model: FactModel) -> Any:
    """A quote or claim is about the places its sentence names; a figure has its own place,
    else (none given) those of its sentence.

    The facts that name a place are found from the place's mentions (an index on
    entity_id, then one on article_id), never by probing every fact for a mention: at
    10,000 articles that probe read every figure in the database.
    """
    t = table_of(model)
    mention = table_of(models.Mention)
    places: Any = bindparam("places", expanding=True)
    fact = t.alias(f"{t.name}_naming")
    naming = select(fact.c.id).join(mention, in_sentence(fact)).where(mention.c.entity_id.in_(places))
    if model is models.Figure:
        return or_(t.c.place_id.in_(places), t.c.id.in_(naming.where(fact.c.place_id.is_(None))))
    return t.c.id.in_(naming)
