"""`expand=`: a page of facts with the article each is from and its whole speaker, source
or place, so a client draws a quote card from one request.

Two statements per page whatever its size: one IN-query for the page's articles, one for
its entities. A fact's ref `{id, name, kind}` keeps its keys and order and gains the
entity's other fields; an unexpanded fact is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlmodel import Session, col, select

from .. import models
from ..errors import BadRequest
from ..schemas import ArticleSummary
from .entities import entity_public
from .filters import table_of

# `speaker` is a quote's `source` under its old name (README, "Vocabulary"): one dict in a
# quote (queries/facts.py `shape`), so either name expands both
ENTITY_FIELDS = ("source", "place", "speaker")
EXPANDABLE = ("article", *ENTITY_FIELDS)
ARTICLE_COLUMNS = tuple(ArticleSummary.model_fields)


async def expand_query(
    expand: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Comma-separated: article, source, place. `article` adds each fact's "
            "article (title, published, source, url, authors, dateline); the others turn that ref into "
            "the whole entity (aliases, roles; a place's country, lat, lon, place_kind). `speaker`, a "
            "quote's `source` by its deprecated name, expands the same",
        ),
    ] = None,
) -> frozenset[str]:
    """The fields to expand; a 400 naming the allowed ones for any other."""
    asked = frozenset(part.strip() for part in (expand or "").split(",") if part.strip())
    unknown = sorted(asked - set(EXPANDABLE))
    if unknown:
        raise BadRequest(
            f"expand takes {', '.join(EXPANDABLE)}, not {', '.join(unknown)}",
            parameter="expand",
            allowed=list(EXPANDABLE),
        )
    return asked


ExpandDep = Annotated[frozenset[str], Depends(expand_query)]


def expand_facts(
    session: Session, facts: list[dict[str, Any]], fields: frozenset[str]
) -> list[dict[str, Any]]:
    """The facts (public dicts, changed in place) with the asked fields expanded."""
    if not facts or not fields:
        return facts
    if "article" in fields:
        articles = article_summaries(session, {fact["span"]["article_id"] for fact in facts})
        for fact in facts:
            fact["article"] = articles.get(fact["span"]["article_id"])
    refs = [fact[name] for fact in facts for name in ENTITY_FIELDS if name in fields and fact.get(name)]
    if refs:
        entities = public_entities(session, {ref["id"] for ref in refs})
        for ref in refs:
            ref.update(entities[ref["id"]])
    return facts


def article_summaries(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The articles with these ids as a card shows them (no text), by id: one statement."""
    t = table_of(models.Article)
    rows = session.execute(select(*(t.c[c] for c in ARTICLE_COLUMNS)).where(t.c.id.in_(list(ids))))
    return {row.id: ArticleSummary.model_validate(row, from_attributes=True).model_dump() for row in rows}


def public_entities(session: Session, ids: Iterable[int]) -> dict[int | None, dict[str, Any]]:
    """The entities with these ids in their public shape, by id: one statement."""
    rows = session.exec(select(models.Entity).where(col(models.Entity.id).in_(list(ids))))
    return {row.id: entity_public(row).model_dump() for row in rows}
