"""Reports of one incident, told apart from each other and never silently averaged.

A figure's incident is (category, place, day). Several reports of it (20 killed per the
emergency services, "at least 15" per a caption) are one group with every value kept.
The group's `best` is the highest value reported: death tolls rise as bodies are
found and "at least N" agrees with any higher count, so the highest consistent report
is the latest state of knowledge. Totals per place add each incident's best once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from . import models
from .queries import FactFilter, dialect_of, fact_conditions, shape_facts
from .schemas import FigurePublic, IncidentGroup


def incident_groups(
    session: Session, f: FactFilter, *, limit: int, after: str | None
) -> tuple[list[IncidentGroup], str | None]:
    """Groups of figures that report the same incident, in incident-key order (keyset on the key)."""
    conditions = fact_conditions(models.Figure, f, dialect_of(session))
    keys_stmt = (
        select(col(models.Figure.incident))
        .where(*conditions, col(models.Figure.incident).is_not(None))
        .distinct()
    )  # type: ignore[union-attr]
    if after:
        keys_stmt = keys_stmt.where(col(models.Figure.incident) > after)  # type: ignore[operator]
    keys = list(session.exec(keys_stmt.order_by(col(models.Figure.incident)).limit(limit + 1)))
    nxt = keys[limit - 1] if len(keys) > limit else None
    keys = keys[:limit]
    rows = list(
        session.exec(
            select(models.Figure)
            .where(*conditions, col(models.Figure.incident).in_(keys))  # type: ignore[union-attr]
            .order_by(col(models.Figure.incident), col(models.Figure.day), col(models.Figure.id))
        )
    )
    reports: dict[str, list[FigurePublic]] = defaultdict(list)
    for fig in shape_facts(session, rows, models.Figure):
        if fig.incident:
            reports[fig.incident].append(fig)
    return [group(key, reports[key]) for key in keys if key and reports[key]], nxt


def reported_value(fig: FigurePublic) -> int:
    """What a report says at least happened: its exact value, else its lower bound."""
    return fig.value if fig.value is not None else (fig.value_min or 0)


def group(key: str, reports: Sequence[FigurePublic]) -> IncidentGroup:
    values = [reported_value(r) for r in reports]
    exact = {
        r.value for r in reports if r.value is not None and r.qualifier in (None, "at least", "more than")
    }
    exact_only = {r.value for r in reports if r.value is not None and r.qualifier is None}
    first = reports[0]
    return IncidentGroup(
        incident=key,
        category=first.category,
        place=first.place,
        date=first.date,
        values=values,
        best=max(values),
        consistent=len(exact_only) <= 1 and all(v <= max(values) for v in exact),
        reports=list(reports),
    )


def casualty_totals(groups: Sequence[IncidentGroup], loose: Sequence[FigurePublic]) -> dict[str, int]:
    """Totals per category, counting nothing twice.

    Dated incidents add up (each incident's best once). An undated figure is usually a
    running toll ("thousands have died") that already includes those incidents, so it is
    never added to them: the total is the larger of the incidents' sum and the largest
    undated figure.
    """
    incidents: dict[str, int] = defaultdict(int)
    for g in groups:
        incidents[g.category] += g.best
    running: dict[str, int] = defaultdict(int)
    for fig in loose:
        running[fig.category] = max(running[fig.category], reported_value(fig))
    return {c: max(incidents.get(c, 0), running.get(c, 0)) for c in {*incidents, *running}}
