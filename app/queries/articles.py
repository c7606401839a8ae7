"""Articles: one or a page of them, and the stored facts of one as a facts document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, select

from .. import models
from ..errors import NotFound
from ..schemas import Article, DateMention, FactsDocument
from .entities import entity_public
from .facts import fact_select, shape_all
from .filters import FactModel, table_of


def get_article(session: Session, article_id: int) -> models.Article:
    """The stored article with this id; 404 otherwise."""
    row = session.get(models.Article, article_id)
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return row


def article_public(row: models.Article) -> Article:
    """A stored article in its public shape."""
    return Article.model_validate(row, from_attributes=True)


def stored_document(session: Session, row: models.Article) -> FactsDocument:
    """The stored facts of one article, in the facts-document shape."""
    entities = session.exec(
        select(models.Entity)
        .where(
            exists().where(
                col(models.Mention.entity_id) == col(models.Entity.id),
                col(models.Mention.article_id) == row.id,
            )
        )
        .order_by(col(models.Entity.id))
    ).all()
    segments = {
        s.id: s.kind
        for s in session.exec(select(models.Segment).where(col(models.Segment.article_id) == row.id))
        if s.id is not None
    }
    dates = session.exec(
        select(models.DateMention)
        .where(col(models.DateMention.article_id) == row.id)
        .order_by(col(models.DateMention.start))
    ).all()

    def facts(model: FactModel) -> list[Any]:
        t = table_of(model)
        return shape_all(
            model, session.execute(fact_select(model).where(t.c.article_id == row.id).order_by(t.c.start))
        )

    return facts_document(
        row,
        entities,
        {model: facts(model) for model in (models.Quote, models.Claim, models.Figure)},
        [date_public(d, segments[d.segment_id]) for d in dates],  # type: ignore[index]
    )


def facts_document(
    article: models.Article,
    entities: Sequence[models.Entity],
    facts: Mapping[FactModel, list[Any]],
    dates: list[DateMention],
) -> FactsDocument:
    """One article's facts in the document shape, stored or not: entities by kind, facts by table."""
    return FactsDocument(
        article=article_public(article),
        people=[entity_public(e) for e in entities if e.kind == "person"],
        places=[entity_public(e) for e in entities if e.kind == "place"],
        organizations=[entity_public(e) for e in entities if e.kind == "organization"],
        quotes=facts[models.Quote],
        claims=facts[models.Claim],
        figures=facts[models.Figure],
        dates=dates,
    )


def date_public(row: Any, segment: str) -> DateMention:
    """A date mention (a stored row, or one about to be stored) in its public shape."""
    return DateMention.model_validate(
        {
            "text": row.text,
            "value": row.value,
            "granularity": row.granularity,
            "segment": segment,
            "start": row.start,
            "end": row.end,
        }
    )
