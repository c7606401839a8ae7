"""People and organizations as the speakers and sources of facts: those of the facts a filter
keeps (`/v1/people?place=Mykolaiv`), and how many quotes, claims and figures each has under it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, union
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from .filters import FACT_TABLES, FactFilter, conditions, fact_counts_by, person_column, table_of

# The fact filters a list of people or organizations takes: where, when and in what the
# facts are; `person` and `organization` would name the list's own rows, and `q` there
# already searches their names
SPEAKER_FILTERS = frozenset({"place", "day", "since", "until", "article", "segment", "category"})
ENTITY = table_of(models.Entity)


def speakers_of_facts(session: Session, kind: str, f: FactFilter) -> tuple[int, ...]:
    """The people (or organizations) who said or reported a fact the filters keep."""
    dialect = dialect_of(session)
    params = f.params(dialect)
    said = [
        select(person_column(model)).where(*conditions(model, tuple(params), dialect))
        for model in FACT_TABLES.values()
    ]
    stmt = select(ENTITY.c.id).where(ENTITY.c.kind == kind, ENTITY.c.id.in_(union(*said)))
    return tuple(session.execute(stmt, params).scalars())


def speaker_counts(
    session: Session, entities: Sequence[models.Entity], f: FactFilter
) -> dict[int, dict[str, Any]]:
    """Each one's quotes (as speaker), claims and figures (as source) the filters keep, by id."""
    ids = [e.id for e in entities if e.id is not None]
    return dict(fact_counts_by(session, f, ids, person_column))
