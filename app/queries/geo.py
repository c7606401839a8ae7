"""Places as GeoJSON: a Feature per geocoded place with its fact counts and casualty totals,
and the places of the facts a filter keeps (`/v1/places?person=...`), counted under it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, union
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..extract.types import Category
from ..schemas import Figure
from .facts import fact_select
from .filters import FactFilter, FactModel, conditions, in_sentence, table_of
from .incidents import casualty_totals, figures_public, group

# The fact filters a place list takes: the facts' own; `place` and `segment` say nothing of a
# place's facts as a whole, and `q` already names the places themselves there
PLACE_FILTERS = frozenset(
    {"person", "organization", "day", "since", "until", "article", "category", "min_value", "max_value"}
)
MENTION = table_of(models.Mention)
FIGURE = table_of(models.Figure)


def places_of_facts(session: Session, f: FactFilter) -> tuple[int, ...]:
    """The places of the facts the filters keep: a figure's own place, the places a quote's or
    claim's sentence names (what the features count, so none of them counts zero)."""
    named = []
    for model in (models.Quote, models.Claim):
        t = table_of(model)
        where, params = _filtered(session, model, f)
        named.append(select(MENTION.c.entity_id).select_from(t).join(MENTION, in_sentence(t)).where(*where))
    where, params = _filtered(session, models.Figure, f)
    own = select(FIGURE.c.place_id).where(*where, FIGURE.c.place_id.is_not(None))
    entity = table_of(models.Entity)
    stmt = select(entity.c.id).where(entity.c.kind == "place", entity.c.id.in_(union(*named, own)))
    return tuple(session.execute(stmt, params).scalars())


def place_counts(
    session: Session, places: Sequence[models.Entity], f: FactFilter
) -> dict[int, dict[str, Any]]:
    """Each place's counts of the facts the filters keep and its casualty totals, by id: what
    a map shows of it, in the JSON list and the GeoJSON alike."""
    ids = [p.id for p in places if p.id is not None]
    quotes = _sentence_counts(session, models.Quote, ids, f)
    claims = _sentence_counts(session, models.Claim, ids, f)
    figures = _figures_by_place(session, ids, f)
    return {
        i: {
            "quotes": quotes.get(i, 0),
            "claims": claims.get(i, 0),
            "figures": len(figures.get(i, [])),
            "casualties": _totals(figures.get(i, [])),
        }
        for i in ids
    }


def feature_collection(
    session: Session, places: Sequence[models.Entity], f: FactFilter | None = None
) -> dict[str, Any]:
    """GeoJSON FeatureCollection (`schemas.PlaceFeatureCollection`) of the places that have
    coordinates, each counting the facts the filters keep (all, without)."""
    mapped = [p for p in places if p.lat is not None and p.lon is not None and p.id is not None]
    counts = place_counts(session, mapped, f or FactFilter())
    features = [
        {
            "type": "Feature",
            "id": p.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "id": p.id,
                "name": p.name,
                "aliases": p.aliases,
                "country": p.country,
                "place_kind": p.place_kind,
                **counts[p.id or 0],
            },
        }
        for p in mapped
    ]
    return {"type": "FeatureCollection", "features": features}


def _filtered(session: Session, model: FactModel, f: FactFilter) -> tuple[list[Any], dict[str, Any]]:
    """The WHERE conditions of the filters on a fact table, and the values they bind."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    return conditions(model, tuple(params), dialect), params


def _sentence_counts(
    session: Session, model: type[models.Quote] | type[models.Claim], ids: list[int], f: FactFilter
) -> dict[int, int]:
    if not ids:
        return {}
    t = table_of(model)
    where, params = _filtered(session, model, f)
    rows = session.execute(
        select(MENTION.c.entity_id, func.count(func.distinct(t.c.id)))
        .select_from(t)
        .join(MENTION, in_sentence(t))
        .where(MENTION.c.entity_id.in_(ids), *where)
        .group_by(MENTION.c.entity_id),
        params,
    ).all()
    return {entity_id: n for entity_id, n in rows}


def _figures_by_place(session: Session, ids: list[int], f: FactFilter) -> dict[int, list[Figure]]:
    if not ids:
        return {}
    where, params = _filtered(session, models.Figure, f)
    rows = session.execute(fact_select(models.Figure).where(FIGURE.c.place_id.in_(ids), *where), params)
    out: dict[int, list[Figure]] = defaultdict(list)
    for fig in figures_public(rows):
        if fig.place and fig.place.id is not None:
            out[fig.place.id].append(fig)
    return out


def _totals(figs: Sequence[Figure]) -> dict[str, int]:
    by_incident: dict[str, list[Figure]] = defaultdict(list)
    loose = []
    for fig in figs:
        if fig.category in (Category.POPULATION, Category.OTHER):  # counts kept apart, not casualties
            continue
        if fig.incident:
            by_incident[fig.incident].append(fig)
        else:
            loose.append(fig)
    return casualty_totals([group(k, v) for k, v in by_incident.items()], loose)
