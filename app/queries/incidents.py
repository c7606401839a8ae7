"""Reports of one incident, told apart from each other and never silently averaged.

A figure's incident is (category, place, day). Several reports of it (20 killed per the
emergency services, "at least 15" per a caption) are one group with every value kept.
The group's `best` is the highest value reported: death tolls rise as bodies are
found and "at least N" agrees with any higher count, so the highest consistent report
is the latest state of knowledge. Totals per place add each incident's best once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..extract.types import Category
from ..schemas import FigurePublic, IncidentGroup
from .facts import fact_select, shape
from .filters import FactFilter, conditions, table_of

FIGURE = table_of(models.Figure)


def incident_groups(
    session: Session, f: FactFilter, *, limit: int, after: str | None
) -> tuple[list[IncidentGroup], str | None]:
    """Groups of figures that report the same incident, in incident-key order (keyset on the key)."""
    params = f.params(dialect_of(session))
    where = conditions(models.Figure, tuple(params), dialect_of(session))
    incident = FIGURE.c.incident
    keys_stmt = select(incident).where(*where, incident.is_not(None)).distinct()
    if after:
        keys_stmt = keys_stmt.where(incident > bindparam("after"))
    keys = list(
        session.execute(keys_stmt.order_by(incident).limit(limit + 1), {**params, "after": after}).scalars()
    )
    nxt = keys[limit - 1] if len(keys) > limit else None
    keys = keys[:limit]
    rows = session.execute(
        fact_select(models.Figure)
        .where(*where, incident.in_(bindparam("keys", expanding=True)))
        .order_by(incident, FIGURE.c.day, FIGURE.c.id),
        {**params, "keys": keys},
    )
    reports: dict[str, list[FigurePublic]] = defaultdict(list)
    for fig in figures_public(rows):
        if fig.incident:
            reports[fig.incident].append(fig)
    return [group(key, reports[key]) for key in keys if key and reports[key]], nxt


def figures_public(rows: Iterable[Sequence[Any]]) -> list[FigurePublic]:
    """Rows of `fact_select(Figure)` as models, for the code that reasons over figures."""
    return [FigurePublic.model_validate(shape(models.Figure, row)) for row in rows]


def reported_value(fig: FigurePublic) -> int:
    """What a report says at least happened: its exact value, else its lower bound."""
    return fig.value if fig.value is not None else (fig.value_min or 0)


def group(key: str, reports: Sequence[FigurePublic]) -> IncidentGroup:
    """Reports of one incident as a group: every value kept, the highest as `best`."""
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
    # in the order of the categories: a set's order would change with each process's hash seed
    return {
        c: max(incidents.get(c, 0), running.get(c, 0)) for c in Category if c in incidents or c in running
    }
