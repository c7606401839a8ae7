"""The list of articles (`/v1/articles`): by published day, source, a word of the title,
the facts they hold, or when they were stored; in id or published order; each with how
many of its quotes, claims and figures the filters keep."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, union
from sqlmodel import Session

from .. import models
from ..db import dialect_of
from .cursors import decode_cursor, encode_cursor
from .entities import like_literal
from .filters import FACT_TABLES, FactFilter, conditions, fact_counts_by, table_of

ARTICLE = table_of(models.Article)
ARTICLE_SORTS = ("id", "-id", "published", "-published")
# the fact filters an article list takes: articles holding a fact they keep
ARTICLE_FACT_FILTERS = frozenset({"person", "organization", "place", "category"})


@dataclass(frozen=True)
class ArticleQuery:
    """What an article list asks besides paging: its own filters, the fact filters, the order."""

    ids: tuple[int, ...] | None = None
    since: dt.datetime | None = None  # stored after
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    sources: tuple[str, ...] | None = None
    title: str | None = None
    facts: FactFilter = field(default_factory=FactFilter)
    sort: str = "id"


def list_articles(
    session: Session, query: ArticleQuery, *, limit: int, cursor: str | None
) -> tuple[list[Any], int, str | None, dict[int, dict[str, int]]]:
    """A page of articles, how many match, the next cursor, and each one's fact counts by id."""
    dialect = dialect_of(session)
    params = query.facts.params(dialect)
    where = _where(query, params, dialect)
    count = session.execute(select(func.count()).select_from(ARTICLE).where(*where), params).scalar_one()
    by_published = query.sort.lstrip("-") == "published"
    descending = query.sort.startswith("-")
    keys = [ARTICLE.c.published, ARTICLE.c.id] if by_published else [ARTICLE.c.id]
    position = decode_cursor(cursor, query.sort, listing="article")
    if position is not None:
        day, _kind, after = position
        where.append(_after(day, after, by_published, descending))
    order = [k.desc() for k in keys] if descending else keys
    rows = list(session.execute(select(ARTICLE).where(*where).order_by(*order).limit(limit + 1), params))
    nxt = None
    if len(rows) > limit:
        last = rows[limit - 1]
        nxt = encode_cursor(query.sort, last.published if by_published else None, last.id, listing="article")
    rows = rows[:limit]
    return rows, count, nxt, _fact_counts(session, [r.id for r in rows], query.facts)


def _where(query: ArticleQuery, params: dict[str, Any], dialect: str) -> list[Any]:
    where: list[Any] = []
    if query.ids is not None:
        where.append(ARTICLE.c.id.in_(query.ids))
    if query.since is not None:
        where.append(ARTICLE.c.created_at > query.since)
    if query.published_from is not None:
        where.append(ARTICLE.c.published >= query.published_from)
    if query.published_to is not None:
        where.append(ARTICLE.c.published <= query.published_to)
    if query.sources:
        where.append(ARTICLE.c.source.in_(query.sources))
    if query.title:
        # a word of the title: from the start of one of its words, case-insensitive; a space
        # before the title lets its first word start like any other
        word = "% " + like_literal(query.title.lower()) + "%"
        where.append((" " + func.lower(ARTICLE.c.title)).like(word, escape="/"))
    if params:
        shape = tuple(params)
        holding = [
            select(table_of(model).c.article_id).where(*conditions(model, shape, dialect))
            for model in FACT_TABLES.values()
        ]
        where.append(ARTICLE.c.id.in_(union(*holding)))
    return where


def _after(day: dt.date | None, ident: int, by_published: bool, descending: bool) -> Any:
    """The rows after a cursor's (published, id) or id, in the list's order."""
    beyond = (lambda a, b: a < b) if descending else (lambda a, b: a > b)
    if not by_published or day is None:
        return beyond(ARTICLE.c.id, ident)
    return or_(
        beyond(ARTICLE.c.published, day), and_(ARTICLE.c.published == day, beyond(ARTICLE.c.id, ident))
    )


def _fact_counts(session: Session, ids: list[int], f: FactFilter) -> dict[int, dict[str, int]]:
    """Each article's quotes, claims and figures the fact filters keep (all of them, without)."""
    return fact_counts_by(session, f, ids, lambda model: table_of(model).c.article_id)
