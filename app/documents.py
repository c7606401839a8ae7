"""The facts document of an extraction that has not been stored (`factsapi extract`).

Ids are positions in the document's own lists; the stored document (`GET
/v1/articles/{id}/facts`) has the same shape with database ids.
"""

from __future__ import annotations

import datetime as dt

from .extract.article import Article
from .extract.entities import Entity
from .extract.pipeline import ArticleFacts, Located
from .extract.types import DateMention
from .extract.version import EXTRACTOR_VERSION
from .schemas import (
    ArticlePublic,
    ClaimPublic,
    DatePublic,
    EntityRef,
    FactsDocument,
    FigurePublic,
    OrganizationPublic,
    PersonPublic,
    PlacePublic,
    QuotePublic,
    Span,
)


def facts_document(facts: ArticleFacts, *, source: str | None = None) -> FactsDocument:
    """Build the facts document of one extracted article."""
    article = facts.article
    refs = [EntityRef(id=i, name=e.name, kind=e.kind) for i, e in enumerate(facts.entities)]

    def ref(index: int | None) -> EntityRef | None:
        return refs[index] if index is not None else None

    def span(where: Located, start: int, end: int) -> Span:
        return Span(
            article_id=None,
            segment=article.segments[where.segment].kind,
            start=start,
            end=end,
            sentence_start=where.sentence[0],
            sentence_end=where.sentence[1],
        )

    def day(date: dt.date | None) -> dt.date:
        return date or article.published

    return FactsDocument(
        article=article_public(article, source=source),
        people=[person(i, e) for i, e in enumerate(facts.entities) if e.kind == "person"],
        places=[place(i, e) for i, e in enumerate(facts.entities) if e.kind == "place"],
        organizations=[
            OrganizationPublic(id=i, name=e.name, aliases=e.aliases)
            for i, e in enumerate(facts.entities)
            if e.kind == "organization"
        ],
        quotes=[
            QuotePublic(
                id=n,
                text=q.quote.text,
                speaker=ref(q.speaker),
                speaker_text=q.quote.speaker_text,
                date=_day_of(q.date),
                day=day(_day_of(q.date)),
                span=span(q.where, q.quote.start, q.quote.end),
            )
            for n, q in enumerate(facts.quotes)
        ],
        claims=[
            ClaimPublic(
                id=n,
                text=c.claim.text,
                source=ref(c.source),
                source_text=c.claim.source_text,
                verb=c.claim.verb,
                date=_day_of(c.date),
                day=day(_day_of(c.date)),
                span=span(c.where, c.claim.start, c.claim.end),
            )
            for n, c in enumerate(facts.claims)
        ],
        figures=[
            FigurePublic(
                id=n,
                category=f.figure.category,
                value=f.figure.value,
                value_min=f.figure.value_min,
                value_max=f.figure.value_max,
                qualifier=f.figure.qualifier,
                approximate=f.figure.approximate,
                place=ref(f.place),
                date=f.date,
                day=day(f.date),
                source=ref(f.source),
                source_text=f.source_text,
                incident=f.incident,
                text=f.figure.text,
                span=span(f.where, f.figure.start, f.figure.end),
            )
            for n, f in enumerate(facts.figures)
        ],
        dates=[
            DatePublic(
                text=d.mention.text,
                value=d.mention.value,
                granularity=d.mention.granularity,
                segment=article.segments[d.segment].kind,
                start=d.mention.start,
                end=d.mention.end,
            )
            for d in facts.dates
        ],
    )


def article_public(article: Article, *, source: str | None = None) -> ArticlePublic:
    return ArticlePublic(
        id=None,
        published=article.published,
        title=article.title,
        source=source or article.source,
        url=article.url,
        authors=list(article.authors),
        dateline=article.dateline,
        content_hash=article.content_hash,
        extractor_version=EXTRACTOR_VERSION,
    )


def person(index: int, ent: Entity) -> PersonPublic:
    return PersonPublic(id=index, name=ent.name, aliases=ent.aliases, roles=ent.roles)


def place(index: int, ent: Entity) -> PlacePublic:
    p = ent.place
    return PlacePublic(
        id=index,
        name=ent.name,
        aliases=ent.aliases,
        country=(p.country or None) if p else None,
        lat=p.lat if p else None,
        lon=p.lon if p else None,
        place_kind=p.kind if p else None,
    )


def _day_of(mention: DateMention | None) -> dt.date | None:
    return mention.day if mention else None
