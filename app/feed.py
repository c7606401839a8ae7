"""Quotes, claims and figures as one stream (`/v1/facts`), and counts per day (`/v1/timeline`)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, literal, or_, union_all
from sqlmodel import Session, col, select

from . import models
from .errors import BadRequest
from .queries import FactFilter, FactModel, columns_of, dialect_of, fact_conditions, shape_mixed
from .schemas import TimelineDay

TABLES: dict[str, FactModel] = {"quote": models.Quote, "claim": models.Claim, "figure": models.Figure}


def feed_page(
    session: Session, f: FactFilter, kinds: Sequence[str], *, limit: int, cursor: str | None
) -> tuple[list, int, str | None]:
    """One keyset page of the merged stream, ordered by day (then kind and id)."""
    dialect = dialect_of(session)
    parts: list[Any] = [
        select(literal(kind).label("kind"), col(model.id).label("id"), col(model.day).label("day")).where(
            *fact_conditions(model, f, dialect)
        )
        for kind, model in TABLES.items()
        if kind in kinds
    ]
    union = union_all(*parts).subquery()
    count = session.exec(select(func.count()).select_from(union)).one()
    descending = f.sort.startswith("-")
    key = (union.c.day, union.c.kind, union.c.id)
    stmt = select(*key)
    position = _decode(cursor, f.sort)
    if position is not None:
        day, kind, last = position
        if descending:
            stmt = stmt.where(
                or_(
                    union.c.day < day,
                    and_(
                        union.c.day == day,
                        or_(union.c.kind < kind, and_(union.c.kind == kind, union.c.id < last)),
                    ),
                )
            )
        else:
            stmt = stmt.where(
                or_(
                    union.c.day > day,
                    and_(
                        union.c.day == day,
                        or_(union.c.kind > kind, and_(union.c.kind == kind, union.c.id > last)),
                    ),
                )
            )
    order = [c.desc() for c in key] if descending else list(key)
    keys = list(session.exec(stmt.order_by(*order).limit(limit + 1)))
    nxt = _encode(keys[limit - 1], f.sort) if len(keys) > limit else None
    keys = keys[:limit]
    return _load(session, keys), count, nxt


def _load(session: Session, keys: Sequence[Any]) -> list:
    """Fetch and shape the facts behind (day, kind, id) keys, keeping their order."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _day, kind, ident in keys:
        by_kind[kind].append(ident)
    rows: list[tuple[FactModel, Any]] = []
    for kind, ids in by_kind.items():
        model = TABLES[kind]
        rows.extend(
            (model, r) for r in session.exec(select(*columns_of(model)).where(col(model.id).in_(ids)))
        )
    shaped = {(fact.kind, fact.id): fact for fact in shape_mixed(session, rows)}
    return [shaped[(kind, ident)] for _day, kind, ident in keys]


def _encode(key: Any, sort: str) -> str:
    day, kind, ident = key
    raw = json.dumps({"s": sort, "d": day.isoformat(), "k": kind, "i": ident}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str | None, sort: str) -> tuple[dt.date, str, int] | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["s"] != sort or data["k"] not in TABLES:
            raise ValueError(data)
        ident = int(data["i"])
        if not 0 <= ident <= models.MAX_ID:
            raise ValueError(ident)
        return dt.date.fromisoformat(data["d"]), data["k"], ident
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise BadRequest(
            "cursor is not one this API gave out for this sort; use a previous page's 'next'"
        ) from exc


def timeline(session: Session, f: FactFilter, kinds: Sequence[str], *, with_facts: bool) -> list[TimelineDay]:
    """Counts of quotes, claims and figures per day under the filters, oldest day first."""
    dialect = dialect_of(session)
    per_day: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"quote": 0, "claim": 0, "figure": 0})
    for kind, model in TABLES.items():
        if kind not in kinds:
            continue
        rows = session.exec(
            select(col(model.day), func.count())
            .where(*fact_conditions(model, f, dialect))
            .group_by(col(model.day))
        ).all()
        for day, n in rows:
            per_day[day][kind] = n
    days = []
    for day in sorted(per_day):
        c = per_day[day]
        facts = None
        if with_facts:
            facts, _count, _next = feed_page(session, _on(f, day), kinds, limit=100, cursor=None)
        days.append(
            TimelineDay(
                date=day,
                quotes=c["quote"],
                claims=c["claim"],
                figures=c["figure"],
                total=sum(c.values()),
                facts=facts,
            )
        )
    return days


def _on(f: FactFilter, day: dt.date) -> FactFilter:
    from dataclasses import replace

    return replace(f, day=day, sort="id" if not f.sort.startswith("-") else "-id")
