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
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from ..extract.types import Category
from ..schemas import Figure, IncidentGroup
from .cursors import decode_cursor, encode_cursor
from .expand import expand_facts
from .facts import fact_select, keyset, shape, shape_all
from .filters import FactFilter, conditions, table_of
from .incident_keys import day_of_key, group_key, group_key_of, is_running_toll
from .ranges import shown_value

FIGURE = table_of(models.Figure)
GROUPS = "group"  # the list a groups cursor names: a figure's id means nothing here
MAX_PAGE_REPORTS = 500  # the reports one page of groups shows at most (a list's largest page)
MAX_REPORTS = 100
# What a report says, for a group's summary: the value it counts for, its exact count as
# stored (None for a range or a vague count) and its qualifier
Told = tuple[int, int | None, str | None]


def incident_groups(
    session: Session,
    f: FactFilter,
    *,
    limit: int,
    cursor: str | None,
    reports: int = MAX_REPORTS,
    expand: frozenset[str] = frozenset(),
) -> tuple[list[IncidentGroup], int, str | None]:
    """One page of the groups of figures reporting the same incident, how many groups match
    in all, and the next cursor.

    A group sorts as its first report (`id`: the lowest figure id, ingest order; `day`:
    its earliest day, then that id), both taken over the reports the filters keep, so a
    keyset on (day, id) pages the groups as the fact lists page facts.

    Bounded (issue #21): a group shows its first `reports` reports (by day, then id) with
    `report_count`, its values and best taken over all of them; a page stops before it
    would show MAX_PAGE_REPORTS reports (it holds one group at least). Before, a page of
    500 groups carried every report of each: 1.9 MB for one page.

    A place's undated running toll is a group too (`incident_keys`), and each group says
    what it adds to its place's casualty total (`counted`), so a place's groups add up to
    the map's total; the reports are expanded as `expand` asks.
    """
    dialect = dialect_of(session)
    params = f.params(dialect)
    position = decode_cursor(cursor, f.sort, listing=GROUPS)
    count, page, shown, summary, dated = _group_statements(
        tuple(params), f.sort, position is not None, dialect
    )
    total = session.execute(count, params).scalar_one()
    if position is not None:
        params["after_day"], _kind, params["after_id"] = position
    keys = session.execute(page, {**params, "limit": limit + 1}).all()
    taken: list[Any] = []
    showing = 0
    for key in keys[:limit]:
        n = min(reports, key.reports)
        if taken and showing + n > MAX_PAGE_REPORTS:
            break
        taken.append(key)
        showing += n
    nxt = None
    if len(taken) < len(keys):
        last = taken[-1]
        nxt = encode_cursor(f.sort, last.day, last.id, listing=GROUPS)
    if not taken:
        return [], total, nxt
    incidents = [k.incident for k in taken]
    rows = shape_all(models.Figure, session.execute(shown, {**params, "keys": incidents, "reports": reports}))
    by_incident: dict[str, list[Figure]] = defaultdict(list)
    for fig in (Figure.model_validate(r) for r in expand_facts(session, rows, expand)):
        of_group = group_key_of(fig.category, fig.place.id if fig.place else None, fig.incident)
        if of_group:
            by_incident[of_group].append(fig)
    told: dict[str, list[Told]] = defaultdict(list)
    for incident, value, exact, qualifier in session.execute(summary, {**params, "keys": incidents}):
        told[incident].append((value, exact, qualifier))
    groups = [group(i, by_incident[i], told[i]) for i in incidents if by_incident[i]]
    running = [g for g in groups if is_running_toll(g.incident) and g.place is not None]
    if running:
        places = sorted({g.place.id for g in running if g.place and g.place.id is not None})
        incidents_sum = {(c, p): n for c, p, n in session.execute(dated, {**params, "places": places})}
        for g in running:
            # a running toll includes the place's dated incidents: it adds only what exceeds them
            g.counted = max(0, g.best - incidents_sum.get((g.category, g.place.id if g.place else None), 0))
    return groups, total, nxt


@lru_cache(maxsize=256)
def _group_statements(
    shape_: tuple[str, ...], sort: str, after: bool, dialect: str
) -> tuple[Any, Any, Any, Any, Any]:
    """For one shape of filter: the COUNT of groups, the page of group keys with each group's
    number of reports, the first `:reports` reports of each group on a page, what every
    report of those groups says, and the sum of the dated incidents' best values of each
    category of the `:places` (cached, as the fact lists' statements are)."""
    where = conditions(models.Figure, shape_, dialect)
    incident = group_key(FIGURE)
    groups = (
        select(
            incident.label("incident"),
            func.min(FIGURE.c.id).label("id"),
            func.min(FIGURE.c.day).label("day"),
            func.count().label("reports"),
        )
        .where(*where, incident.is_not(None))
        .group_by(incident)
        .subquery("incident_group")
    )
    count = select(func.count()).select_from(groups)
    order, start = keyset(groups, sort)
    page = select(groups.c.incident, groups.c.id, groups.c.day, groups.c.reports)
    if after:
        page = page.where(start)
    page = page.order_by(*order).limit(bindparam("limit"))
    of_page = incident.in_(bindparam("keys", expanding=True))
    ranked = (
        select(
            FIGURE.c.id,
            func.row_number().over(partition_by=incident, order_by=[FIGURE.c.day, FIGURE.c.id]).label("n"),
        )
        .where(*where, of_page)
        .subquery("ranked")
    )
    first = select(ranked.c.id).where(ranked.c.n <= bindparam("reports"))
    shown = (
        fact_select(models.Figure).where(FIGURE.c.id.in_(first)).order_by(incident, FIGURE.c.day, FIGURE.c.id)
    )
    summary = (
        select(incident, shown_value(FIGURE), FIGURE.c.value, FIGURE.c.qualifier)
        .where(*where, of_page)
        .order_by(incident, FIGURE.c.day, FIGURE.c.id)
    )
    best = (
        select(FIGURE.c.category, FIGURE.c.place_id, func.max(shown_value(FIGURE)).label("best"))
        .where(
            *where, FIGURE.c.incident.is_not(None), FIGURE.c.place_id.in_(bindparam("places", expanding=True))
        )
        .group_by(FIGURE.c.incident, FIGURE.c.category, FIGURE.c.place_id)
        .subquery("incident_best")
    )
    dated = select(best.c.category, best.c.place_id, func.sum(best.c.best)).group_by(
        best.c.category, best.c.place_id
    )
    return count, page, shown, summary, dated


def figures_public(rows: Iterable[Sequence[Any]]) -> list[Figure]:
    """Rows of `fact_select(Figure)` as models, for the code that reasons over figures."""
    return [Figure.model_validate(shape(models.Figure, row)) for row in rows]


def reported_value(fig: Figure) -> int:
    """What a report counts for: its `value` (the exact count, else its lower bound)."""
    return fig.value


def group(key: str, reports: Sequence[Figure], told: Sequence[Told] | None = None) -> IncidentGroup:
    """Reports of one incident as a group: every value kept, the highest as `best`.

    `told`: what every report of the incident says, when `reports` are only the first of
    them; the values, `best` and `consistent` are always every report's.
    """
    if told is None:
        # a count the text gives as one number has equal bounds, or one bound and a qualifier;
        # a range or a vague count ("thousands") is no exact count to compare
        told = [(r.value, r.value if r.low == r.high or r.qualifier else None, r.qualifier) for r in reports]
    values = [value for value, _exact, _q in told]
    exact = {value for _v, value, q in told if value is not None and q in (None, "at least", "more than")}
    exact_only = {value for _v, value, q in told if value is not None and q is None}
    first = reports[0]
    # the incident's day is its key's (category|place|day): a report that joined it without a
    # day of its own (`figure_facts.py`) may come first; a running toll's key has no day
    day = day_of_key(key)
    return IncidentGroup(
        incident=key,
        category=first.category,
        place=first.place,
        day=day,
        date=day,  # deprecated: `day`
        values=values,
        best=max(values),
        counted=max(values),
        consistent=len(exact_only) <= 1 and all(v <= max(values) for v in exact),
        report_count=len(told),
        reports=list(reports),
    )


def casualty_totals(groups: Sequence[IncidentGroup], loose: Sequence[Figure]) -> dict[str, int]:
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
