"""Places as GeoJSON: a Feature per geocoded place with its fact counts and casualty totals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from . import models
from .incidents import casualty_totals, group
from .queries import shape_facts
from .schemas import FigurePublic


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
    mention = and_(
        col(models.Mention.article_id) == model.article_id,
        col(models.Mention.start) >= model.sentence_start,
        col(models.Mention.end) <= model.sentence_end,
    )
    rows = session.exec(
        select(col(models.Mention.entity_id), func.count(func.distinct(model.id)))
        .select_from(model)
        .join(models.Mention, mention)
        .where(col(models.Mention.entity_id).in_(ids))  # type: ignore[attr-defined]
        .group_by(col(models.Mention.entity_id))
    ).all()
    return dict(rows)


def _figures_by_place(session: Session, ids: list[int]) -> dict[int, list[FigurePublic]]:
    if not ids:
        return {}
    rows = list(session.exec(select(models.Figure).where(col(models.Figure.place_id).in_(ids))))  # type: ignore[union-attr]
    out: dict[int, list[FigurePublic]] = defaultdict(list)
    for fig in shape_facts(session, rows, models.Figure):
        if fig.place and fig.place.id is not None:
            out[fig.place.id].append(fig)
    return out


def _totals(figs: Sequence[FigurePublic]) -> dict[str, int]:
    by_incident: dict[str, list[FigurePublic]] = defaultdict(list)
    loose = []
    for fig in figs:
        if fig.category in ("population", "other"):
            continue
        if fig.incident:
            by_incident[fig.incident].append(fig)
        else:
            loose.append(fig)
    return casualty_totals([group(k, v) for k, v in by_incident.items()], loose)
