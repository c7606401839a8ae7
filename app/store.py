"""The database side of the write path: an extraction's rows, written, replaced or deleted.

Database only: nothing here imports spaCy or the extraction worker. `fact_rows` is the
one conversion from extracted facts to rows; the unstored facts document
(`documents.py`) is shaped from those same rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, SQLModel, col, delete, select

from . import models
from .extract.places.location import Located, segment_of
from .extract.text.article import Article
from .extract.version import EXTRACTOR_VERSION
from .identities import forget_article, settle_people, settle_surnames, surnames_of, upsert_entity

if TYPE_CHECKING:  # the read path must not import spaCy
    from .extract.facts import ArticleFacts
    from .extract.types import Claim, Figure, Quote


# SQLSTATEs of a transaction aborted to break a deadlock (40P01) or a serialization conflict (40001)
LOST_RACE = frozenset({"40P01", "40001"})
WRITE_ATTEMPTS = 5


@dataclass(frozen=True)
class Stored:
    """The outcome of ingesting one article."""

    article: models.Article
    created: bool
    counts: dict[str, int]


@dataclass(frozen=True)
class FactRows:
    """One article's fact rows, in the order they are written."""

    mentions: list[models.Mention]
    quotes: list[models.Quote]
    claims: list[models.Claim]
    figures: list[models.Figure]
    dates: list[models.DateMention]

    def all(self) -> list[SQLModel]:
        return [*self.mentions, *self.quotes, *self.claims, *self.figures, *self.dates]


# ---------------------------------------------------------------- extracted facts -> rows


def article_row(article: Article) -> models.Article:
    """The row of an extracted article, stamped with this extractor's version."""
    return models.Article(
        content_hash=article.content_hash,
        published=article.published,
        title=article.title,
        source=article.source,
        url=article.url,
        authors=list(article.authors),
        dateline=article.dateline,
        text=article.text,
        extractor_version=EXTRACTOR_VERSION,
    )


def segment_rows(facts: ArticleFacts, article_id: int | None) -> list[models.Segment]:
    """The article's segments in text order, each with its caption date."""
    # no article id: an extraction not stored, whose document's spans name no article
    owner: dict[str, Any] = {"article_id": article_id}
    return [
        models.Segment(
            **owner,
            position=pos,
            kind=seg.kind,
            start=seg.start,
            end=seg.end,
            credit=seg.credit,
            date=facts.segment_dates.get(pos),
        )
        for pos, seg in enumerate(facts.article.segments)
    ]


def fact_rows(
    facts: ArticleFacts, *, article_id: int | None, segment_ids: Sequence[int], entity_ids: Sequence[int]
) -> FactRows:
    """Every fact of an extraction as rows; segments and entities by the ids given for their positions."""
    published = facts.article.published
    owner: dict[str, Any] = {"article_id": article_id}  # none: an extraction not stored

    def common(located: Located, found: Quote | Claim | Figure, date: dt.date | None) -> dict[str, Any]:
        """What every fact row has: where it is, its words, and the day it is about."""
        return {
            **owner,
            "segment_id": segment_ids[located.segment],
            "start": found.start,
            "end": found.end,
            "sentence_start": located.sentence[0],
            "sentence_end": located.sentence[1],
            "text": found.text,
            "date": date,
            "day": date or published,
        }

    def eid(index: int | None) -> int | None:
        return entity_ids[index] if index is not None else None

    mentions = [
        models.Mention(
            **owner,
            segment_id=segment_ids[segment_of(facts.article, m.start)],
            entity_id=ent_id,
            **vars(m),
        )
        for ent, ent_id in zip(facts.entities, entity_ids, strict=True)
        for m in ent.mentions
    ]
    quotes = [
        models.Quote(
            **common(q.where, q.quote, q.date.day if q.date else None),
            speaker_id=eid(q.speaker),
            speaker_text=q.quote.speaker_text,
        )
        for q in facts.quotes
    ]
    claims = [
        models.Claim(
            **common(c.where, c.claim, c.date.day if c.date else None),
            source_id=eid(c.source),
            source_text=c.claim.source_text,
            verb=c.claim.verb,
        )
        for c in facts.claims
    ]
    figures = [
        models.Figure(
            **common(f.where, f.figure, f.date),
            category=f.figure.category,
            value=f.figure.value,
            value_min=f.figure.value_min,
            value_max=f.figure.value_max,
            qualifier=f.figure.qualifier,
            approximate=f.figure.approximate,
            place_id=eid(f.place),
            source_id=eid(f.source),
            source_text=f.source_text,
            incident=f.incident,
        )
        for f in facts.figures
    ]
    dates = [
        models.DateMention(
            **owner,
            segment_id=segment_ids[d.segment],
            start=d.mention.start,
            end=d.mention.end,
            text=d.mention.text,
            value=d.mention.value,
            granularity=d.mention.granularity,
        )
        for d in facts.dates
    ]
    return FactRows(mentions, quotes, claims, figures, dates)


# ---------------------------------------------------------------- writing


def find_stored(session: Session, content_hash: str) -> models.Article | None:
    """The stored article with this content, if any."""
    return session.exec(
        select(models.Article).where(col(models.Article.content_hash) == content_hash)
    ).first()


def store(engine: Engine, facts: ArticleFacts) -> Stored:
    """Write one article and its facts in one transaction; the stored one if its content is there.

    The caller checked for a stored copy before extracting; the unique content hash is
    the guard against another writer storing the same content since. A transaction that
    lost a race for something else (two writers inserting the same new entity, or a
    deadlock between them on PostgreSQL) is written again whole: the other writer's rows
    are committed by then, so the second attempt reuses them.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        with Session(engine) as session:
            try:
                row = write_facts(session, facts)
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                if isinstance(exc, IntegrityError):
                    existing = find_stored(session, facts.article.content_hash)
                    if existing is not None:
                        return stored_as_is(session, existing)
                elif not lost_race(exc):
                    raise
                if attempt == WRITE_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)  # let the winner commit before writing again
                continue
            session.refresh(row)
            return Stored(row, True, fact_counts(session, row.id))
    raise AssertionError("unreachable: the last attempt returns or raises")


def lost_race(exc: DBAPIError) -> bool:
    """A deadlock or serialization failure: PostgreSQL aborted this transaction for another's sake."""
    return getattr(exc.orig, "sqlstate", None) in LOST_RACE


def stored_as_is(session: Session, row: models.Article) -> Stored:
    """An article found stored already, with its fact counts."""
    return Stored(row, False, fact_counts(session, row.id))


def replace_facts(engine: Engine, article_id: int, facts: ArticleFacts) -> None:
    """Replace one stored article's facts with these, atomically (nothing if it is gone)."""
    with Session(engine) as session:
        row = session.get(models.Article, article_id)
        if row is None:
            return
        entity_ids = _delete_facts(session, row)
        write_facts(session, facts, row=row)
        _drop_orphans(session, entity_ids)
        session.commit()


def write_facts(
    session: Session, facts: ArticleFacts, *, row: models.Article | None = None
) -> models.Article:
    """Add the article (or restamp `row`) and its facts to the session, without committing."""
    if row is None:
        row = article_row(facts.article)
        session.add(row)
    else:
        row.extractor_version = EXTRACTOR_VERSION
        # stored before titles came from the lede: take the one the article now reads with
        row.title = row.title or facts.article.title
    session.flush()
    assert row.id is not None
    segments = segment_rows(facts, row.id)
    session.add_all(segments)
    session.flush()
    entity_ids = [upsert_entity(session, ent) for ent in facts.entities]
    segment_ids = [seg.id for seg in segments if seg.id is not None]
    session.add_all(fact_rows(facts, article_id=row.id, segment_ids=segment_ids, entity_ids=entity_ids).all())
    session.flush()
    settle_people(session, entity_ids)
    return row


def delete_article(session: Session, row: models.Article) -> None:
    """Delete an article and its facts, then the entities no other article mentions; one transaction."""
    entity_ids = _delete_facts(session, row)
    session.delete(row)
    session.flush()
    _drop_orphans(session, entity_ids)
    session.commit()


def _delete_facts(session: Session, row: models.Article) -> set[int]:
    """Delete every fact row of an article; return the entities it mentioned."""
    entity_ids = set(
        session.exec(select(col(models.Mention.entity_id)).where(col(models.Mention.article_id) == row.id))
    )
    assert row.id is not None
    forget_article(session, row.id)
    for table in (
        models.Quote,
        models.Claim,
        models.Figure,
        models.DateMention,
        models.Mention,
        models.Segment,
    ):
        session.exec(delete(table).where(col(table.article_id) == row.id))  # type: ignore[call-overload]
    session.flush()
    return entity_ids


def _drop_orphans(session: Session, entity_ids: set[int]) -> None:
    """Delete the entities among these that no article mentions any more."""
    if not entity_ids:
        return
    used = set(
        session.exec(
            select(col(models.Mention.entity_id)).where(col(models.Mention.entity_id).in_(entity_ids))  # type: ignore[attr-defined]
        )
    )
    orphans = entity_ids - used
    if orphans:
        surnames = surnames_of(session, orphans)
        session.exec(delete(models.EntityName).where(col(models.EntityName.entity_id).in_(orphans)))  # type: ignore[call-overload,attr-defined]
        session.exec(delete(models.Entity).where(col(models.Entity.id).in_(orphans)))  # type: ignore[call-overload,union-attr]
        # a surname shared by a person now gone may have one bearer again ("Biden" is Joe's)
        settle_surnames(session, surnames)
    session.flush()


# ---------------------------------------------------------------- reading back


def stale_articles(session: Session) -> list[int]:
    """Ids of articles extracted by another extractor version than this one."""
    return list(
        session.exec(
            select(col(models.Article.id))
            .where(col(models.Article.extractor_version) != EXTRACTOR_VERSION)
            .order_by(col(models.Article.id))  # type: ignore[arg-type]
        )
    )


def fact_counts(session: Session, article_id: int | None) -> dict[str, int]:
    """How many facts and entities of each kind one stored article has."""
    counts: dict[str, int] = {}
    for name, table in (("quotes", models.Quote), ("claims", models.Claim), ("figures", models.Figure)):
        counts[name] = session.exec(
            select(func.count()).select_from(table).where(table.article_id == article_id)
        ).one()
    counts["dates"] = session.exec(
        select(func.count())
        .select_from(models.DateMention)
        .where(col(models.DateMention.article_id) == article_id)
    ).one()
    for kind, plural in (("person", "people"), ("place", "places"), ("organization", "organizations")):
        counts[plural] = session.exec(
            select(func.count(func.distinct(col(models.Mention.entity_id))))
            .join(models.Entity, col(models.Entity.id) == col(models.Mention.entity_id))
            .where(col(models.Mention.article_id) == article_id, col(models.Entity.kind) == kind)
        ).one()
    return counts
