"""Tables. Every fact row keeps its article, its segment and its character span.

Entities are shared across articles (the same person or place is one id); mentions
tie them to the spans of each article that names them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, MetaData, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Constraint names are fixed so migrations can drop and recreate them on any backend.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


# Ids are INTEGER columns: 32-bit on PostgreSQL. Larger ids in a request can match nothing.
MAX_ID = 2**31 - 1


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, unique=True)
    published: dt.date = Field(index=True)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    dateline: str | None = None
    text: str
    extractor_version: str
    # when the article was stored: `?since=` syncs on it (migration 0009 indexes it)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class Segment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    position: int
    kind: str = Field(max_length=16, index=True)
    start: int
    end: int
    credit: str | None = None
    date: dt.date | None = None  # a caption's own date


class Entity(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16, index=True)  # person | place | organization
    key: str = Field(max_length=200)  # identity across articles: folded name, or geonames id
    name: str
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # every written form with how many stored articles use it: the display name is the
    # most used one (Mykolaiv, not the gazetteer's Mykolayiv)
    forms: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default=text("'{}'"))
    )
    # a person's surname variant key, when the name has more than one word: a surname
    # alone finds (and merges with) the one person who bears it
    surname_key: str | None = Field(default=None, max_length=200, index=True)
    country: str | None = Field(default=None, max_length=2, index=True)
    lat: float | None = None
    lon: float | None = None
    place_kind: str | None = Field(default=None, max_length=16)
    geonameid: int | None = None


class EntityName(SQLModel, table=True):
    """Every folded name an entity goes by, and its variant key, for forgiving lookup (`?place=kiev`)."""

    __tablename__ = "entity_name"
    __table_args__ = (UniqueConstraint("entity_id", "folded"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", ondelete="CASCADE", index=True)
    folded: str = Field(max_length=200, index=True)
    # the variant key (extract.people.names.match_key): every spelling of the entity shares it
    match_key: str | None = Field(default=None, max_length=200, index=True)


class Mention(SQLModel, table=True):
    # (entity, article, span): the place filter finds a place's mentions and their
    # spans from this index alone, never reading the table (see filters._place_clause)
    __table_args__ = (
        Index("ix_mention_article_id_start", "article_id", "start"),
        Index("ix_mention_entity_span", "entity_id", "article_id", "start", "end"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    segment_id: int = Field(foreign_key="segment.id", ondelete="CASCADE", index=True)
    entity_id: int = Field(foreign_key="entity.id", ondelete="CASCADE")
    start: int
    end: int
    text: str


class FactColumns(SQLModel):
    """What every fact has: where it is in which article, and the day it is about."""

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    segment_id: int = Field(foreign_key="segment.id", ondelete="CASCADE", index=True)
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    text: str
    date: dt.date | None = None  # the day the clause is about, where the text gives one
    # date, else the article's publication date: what filters use; indexed with the id (day_index)
    day: dt.date


def day_index(table: str) -> Index:
    """(day, id): a day's facts in id order from the index alone (PostgreSQL keeps equal keys
    in heap order, not id order; migration 0006)."""
    return Index(f"ix_{table}_day_id", "day", "id")


def sentence_index(table: str, **kw: Any) -> Index:
    """(article, sentence span): which facts' sentences hold a mention, read from the
    index alone; it also serves every lookup by article."""
    return Index(f"ix_{table}_article_sentence", "article_id", "sentence_start", "sentence_end", **kw)


class Quote(FactColumns, table=True):
    __table_args__ = (sentence_index("quote"), day_index("quote"))

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL", index=True)
    speaker_text: str | None = None
    # the statement this quote reports (app/statements/), every quote with words has one.
    # No foreign key: SQLite adds one to a stored table only by rebuilding it (migration
    # 0010), and none is needed: a statement is deleted only once no quote points at it.
    statement_id: int | None = Field(default=None, index=True)


class Statement(SQLModel, table=True):
    """What one speaker said, however many articles quote it and however each cut it.

    The columns after `speaker_id` are kept from its quotes (`statements.grouping.refresh`),
    so a list sorts by first report or by reach from an index, never by counting quotes.
    """

    __table_args__ = (
        Index("ix_statement_first_day_id", "first_day", "id"),
        Index("ix_statement_articles_id", "articles", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL", index=True)
    text: str  # its longest quote: what the others cut
    first_day: dt.date
    last_day: dt.date
    articles: int  # how many articles quote it: its reach
    quotes: int


class StatementKey(SQLModel, table=True):
    """The keys that find a statement for a new quote without comparing it with every other.

    A speaker's statements are found by word shingles (`speaker_id`, hashed 3-word run); every
    statement also has its whole normalised text under `speaker_id` NULL (a quote with no
    speaker joins only by that). See app/statements/words.py.
    """

    __tablename__ = "statement_key"
    __table_args__ = (Index("ix_statement_key_lookup", "speaker_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", ondelete="CASCADE", index=True)
    speaker_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="CASCADE")
    key: str = Field(max_length=20)


class Claim(FactColumns, table=True):
    __table_args__ = (sentence_index("claim"), day_index("claim"))

    id: int | None = Field(default=None, primary_key=True)
    source_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL", index=True)
    source_text: str
    verb: str


class Figure(FactColumns, table=True):
    # a figure names its own place, else its sentence's: only the unplaced ones are
    # looked up by sentence, and a partial index holds just those
    __table_args__ = (
        Index("ix_figure_article_id", "article_id"),
        day_index("figure"),
        sentence_index(
            "figure", sqlite_where=text("place_id IS NULL"), postgresql_where=text("place_id IS NULL")
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(max_length=16, index=True)
    value: int | None = None
    value_min: int | None = None
    value_max: int | None = None
    qualifier: str | None = None
    approximate: bool = False
    place_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL", index=True)
    # indexed (migration 0011): a person's figures, and the counts of a list of people
    source_id: int | None = Field(default=None, foreign_key="entity.id", ondelete="SET NULL", index=True)
    source_text: str | None = None
    incident: str | None = Field(default=None, max_length=120, index=True)  # category|place|date


class DateMention(SQLModel, table=True):
    __tablename__ = "date_mention"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE", index=True)
    segment_id: int = Field(foreign_key="segment.id", ondelete="CASCADE")
    start: int
    end: int
    text: str
    value: str = Field(max_length=32, index=True)
    granularity: str = Field(max_length=8)


class DataVersion(SQLModel, table=True):
    """One row counting the writes to every table a GET reads (bumped by triggers, migration
    0009): what a GET's ETag is made of, so a revalidation reads it and nothing else."""

    __tablename__ = "data_version"
    id: int = Field(primary_key=True)
    version: int = Field(sa_type=BigInteger)
    changed_at: dt.datetime


class Job(SQLModel, table=True):
    """Articles sent to be stored (or re-extracted) later: one POST, one batch, one `ingest --queue`."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "ingest" or "reextract"
    total: int
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class JobArticle(SQLModel, table=True):
    """One article of a job: what a worker takes from the broker (the message holds only this id).

    The body waits here, not in the message, so a broker that loses its messages loses
    no article: what is queued in the database can be sent again (`factsapi worker`
    does not need the broker to hold the text).
    """

    __tablename__ = "job_article"
    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", ondelete="CASCADE", index=True)
    position: int
    # queued, running, stored, duplicate, failed
    status: str = Field(max_length=16, default="queued")
    body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    content_type: str | None = Field(default=None, max_length=32)
    # the article stored (or found stored, or re-extracted); no foreign key: a job's record
    # outlives a DELETE of its article, and says which id it was
    article_id: int | None = None
    problem: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    attempts: int = 0
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
