"""Places as GeoJSON: a Feature per geocoded place with its fact counts and casualty totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from .. import models
from ..extract.types import Category
from ..schemas import FigurePublic
from .facts import fact_select
from .filters import in_sentence, table_of
from .incidents import casualty_totals, figures_public, group


def feature_collection(session: Session, places: Sequence[models.Entity]) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the places that have coordinates."""
    ids = [p.id for p in places if p.id is not None]
    quotes = _sentence_counts(session, models.Quote, ids)
    claims = _sentence_counts(session, models.Claim, ids)
    figures = _figures_by_place(session, ids)
    features = []
    for p in places:
        if p.lat is None or p.lon is None:
            continue
        figs = figures.get(p.id or 0, [])
        features.append(
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
                    "quotes": quotes.get(p.id or 0, 0),
                    "claims": claims.get(p.id or 0, 0),
                    "figures": len(figs),
                    "casualties": _totals(figs),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _sentence_counts(
    session: Session, model: type[models.Quote] | type[models.Claim], ids: list[int]
) -> dict[int, int]:
    if not ids:
        return {}
    t = table_of(model)
    mention = table_of(models.Mention)
    rows = session.execute(
        select(mention.c.entity_id, func.count(func.distinct(t.c.id)))
        .select_from(t)
        .join(mention, in_sentence(t))
        .where(mention.c.entity_id.in_(ids))
        .group_by(mention.c.entity_id)
    ).all()
    return {entity_id: n for entity_id, n in rows}


def _figures_by_place(session: Session, ids: list[int]) -> dict[int, list[FigurePublic]]:
    if not ids:
        return {}
    figure = table_of(models.Figure)
    rows = session.execute(fact_select(models.Figure).where(figure.c.place_id.in_(ids)))
    out: dict[int, list[FigurePublic]] = defaultdict(list)
    for fig in figures_public(rows):
        if fig.place and fig.place.id is not None:
            out[fig.place.id].append(fig)
    return out


def _totals(figs: Sequence[FigurePublic]) -> dict[str, int]:
    by_incident: dict[str, list[FigurePublic]] = defaultdict(list)
    loose = []
    for fig in figs:
        if fig.category in (Category.POPULATION, Category.OTHER):  # counts kept apart, not casualties
            continue
        if fig.incident:
            by_incident[fig.incident].append(fig)
        else:
            loose.append(fig)
    return casualty_totals([group(k, v) for k, v in by_incident.items()], loose)
