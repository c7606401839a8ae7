"""Article in, facts stored: extract, then write everything of one article in one transaction.

Ingest is idempotent: the same content (text and date) is one article, whatever its
file name; a second ingest returns the stored one and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from . import models
from .extract.article import Article, ArticleFormatError, build_article, read_article
from .extract.version import EXTRACTOR_VERSION
from .identities import forget_article, settle_people, settle_surnames, surnames_of, upsert_entity

if TYPE_CHECKING:  # the read path must not import spaCy
    from .extract.pipeline import ArticleFacts

ARTICLE_SUFFIXES = {".txt", ".json"}


@dataclass(frozen=True)
class Stored:
    """The outcome of ingesting one article."""

    article: models.Article
    created: bool
    counts: dict[str, int]


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named, folders walked in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def read_file(path: Path) -> Article:
    content_type = "application/json" if path.suffix == ".json" else "text/plain"
    # the file's name only: a directory of the server is no business of an API client
    return read_article(path.read_bytes(), content_type=content_type, source=path.name)


def find_existing(session: Session, article: Article) -> models.Article | None:
    return session.exec(
        select(models.Article).where(col(models.Article.content_hash) == article.content_hash)
    ).first()


def store(engine: Engine, facts: ArticleFacts) -> Stored:
    """Write one article and its facts in one transaction; return the stored one if it exists."""
    with Session(engine) as session:
        existing = find_existing(session, facts.article)
        if existing is not None:
            return Stored(existing, False, fact_counts(session, existing.id))
        try:
            row = write_facts(session, facts)
            session.commit()
        except IntegrityError:
            # another process stored the same content between our check and our write
            session.rollback()
            existing = find_existing(session, facts.article)
            if existing is None:
                raise
            return Stored(existing, False, fact_counts(session, existing.id))
        session.refresh(row)
        return Stored(row, True, fact_counts(session, row.id))


def write_facts(
    session: Session, facts: ArticleFacts, *, row: models.Article | None = None
) -> models.Article:
    """Add the article (or refill `row`) and its facts to the session, without committing."""
    art = facts.article
    if row is None:
        row = models.Article(
            content_hash=art.content_hash,
            published=art.published,
            title=art.title,
            source=art.source,
            url=art.url,
            authors=list(art.authors),
            dateline=art.dateline,
            text=art.text,
            extractor_version=EXTRACTOR_VERSION,
        )
        session.add(row)
    else:
        row.extractor_version = EXTRACTOR_VERSION
    session.flush()
    assert row.id is not None
    segments = []
    for pos, seg in enumerate(art.segments):
        seg_row = models.Segment(
            article_id=row.id,
            position=pos,
            kind=seg.kind,
            start=seg.start,
            end=seg.end,
            credit=seg.credit,
            date=facts.segment_dates.get(pos),
        )
        session.add(seg_row)
        segments.append(seg_row)
    session.flush()
    segment_ids = [seg.id for seg in segments if seg.id is not None]
    entity_ids = [upsert_entity(session, ent) for ent in facts.entities]
    for ent, ent_id in zip(facts.entities, entity_ids, strict=True):
        for m in ent.mentions:
            seg_id = segment_ids[_segment_index(art, m.start)]
            session.add(models.Mention(article_id=row.id, segment_id=seg_id, entity_id=ent_id, **vars(m)))

    def where(segment: int, start: int, end: int, sentence: tuple[int, int]) -> dict:
        return {
            "article_id": row.id,
            "segment_id": segment_ids[segment],
            "start": start,
            "end": end,
            "sentence_start": sentence[0],
            "sentence_end": sentence[1],
        }

    def eid(index: int | None) -> int | None:
        return entity_ids[index] if index is not None else None

    for q in facts.quotes:
        date = q.date.day if q.date else None
        session.add(
            models.Quote(
                **where(q.where.segment, q.quote.start, q.quote.end, q.where.sentence),
                text=q.quote.text,
                speaker_id=eid(q.speaker),
                speaker_text=q.quote.speaker_text,
                date=date,
                day=date or art.published,
            )
        )
    for c in facts.claims:
        date = c.date.day if c.date else None
        session.add(
            models.Claim(
                **where(c.where.segment, c.claim.start, c.claim.end, c.where.sentence),
                text=c.claim.text,
                source_id=eid(c.source),
                source_text=c.claim.source_text,
                verb=c.claim.verb,
                date=date,
                day=date or art.published,
            )
        )
    for f in facts.figures:
        fig = f.figure
        session.add(
            models.Figure(
                **where(f.where.segment, fig.start, fig.end, f.where.sentence),
                text=fig.text,
                category=fig.category,
                value=fig.value,
                value_min=fig.value_min,
                value_max=fig.value_max,
                qualifier=fig.qualifier,
                approximate=fig.approximate,
                place_id=eid(f.place),
                source_id=eid(f.source),
                source_text=f.source_text,
                incident=f.incident,
                date=f.date,
                day=f.date or art.published,
            )
        )
    for d in facts.dates:
        session.add(
            models.DateMention(
                article_id=row.id,
                segment_id=segment_ids[d.segment],
                start=d.mention.start,
                end=d.mention.end,
                text=d.mention.text,
                value=d.mention.value,
                granularity=d.mention.granularity,
            )
        )
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


def reextract(engine: Engine, article_id: int, extract: Callable[[Article], ArticleFacts]) -> None:
    """Replace one stored article's facts with a fresh extraction, atomically."""
    with Session(engine) as session:
        row = session.get(models.Article, article_id)
        if row is None:
            return
        article = build_article(row.text, row.published, title=row.title, source=row.source, url=row.url)
        facts = extract(article)
        entity_ids = _delete_facts(session, row)
        write_facts(session, facts, row=row)
        _drop_orphans(session, entity_ids)
        session.commit()


def stale_articles(session: Session) -> list[int]:
    """Ids of articles extracted by another extractor version than this one."""
    return list(
        session.exec(
            select(col(models.Article.id))
            .where(col(models.Article.extractor_version) != EXTRACTOR_VERSION)
            .order_by(col(models.Article.id))  # type: ignore[arg-type]
        )
    )


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


def fact_counts(session: Session, article_id: int | None) -> dict[str, int]:
    from sqlalchemy import func

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


def _segment_index(article: Article, offset: int) -> int:
    for i, seg in enumerate(article.segments):
        if seg.start <= offset < seg.end:
            return i
    return 0


def iter_articles(paths: Iterable[Path]) -> Iterator[tuple[Path, Article | ArticleFormatError]]:
    """Read each file, yielding the error instead of stopping at a bad one."""
    for path in paths:
        try:
            yield path, read_file(path)
        except ArticleFormatError as exc:
            yield path, exc
