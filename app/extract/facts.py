"""What one article yields: its entities and its facts, each tied to where it sits, plus the
indexes the pipeline builds over them while it resolves speakers, places and days."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass, field
from typing import TypeVar, cast

from .people.entities import Entity
from .places.location import Located
from .text.article import Article
from .types import Claim, DateMention, Figure, Quote


@dataclass
class QuoteFact:
    quote: Quote
    where: Located
    speaker: int | None  # index into ArticleFacts.entities
    date: DateMention | None


@dataclass
class ClaimFact:
    claim: Claim
    where: Located
    source: int | None
    date: DateMention | None


@dataclass
class FigureFact:
    figure: Figure
    where: Located
    place: int | None
    date: dt.date | None
    source: int | None
    source_text: str | None
    incident: str | None = None
    # the day is only when the figure was said ("officials said Tuesday"): the incident's own
    # day, told elsewhere in the article, comes first
    date_said: bool = False
    # its sentence tells a time that is not its day ("deaths since 2015"): no other day is its own
    other_time: bool = False


@dataclass
class DateFact:
    mention: DateMention
    segment: int


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity]
    quotes: list[QuoteFact] = field(default_factory=list)
    claims: list[ClaimFact] = field(default_factory=list)
    figures: list[FigureFact] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    segment_dates: dict[int, dt.date] = field(default_factory=dict)


Index = TypeVar("Index")

_article_indexes: dict[int, dict[type, object]] = {}


def article_index(facts: ArticleFacts, kind: type[Index]) -> Index:
    """This article's index of one kind, made empty on first use; each kind keeps itself current."""
    # every fact asking a scan of all the others made long articles quadratic
    indexes = _article_indexes.get(id(facts))
    if indexes is None:
        indexes = _article_indexes[id(facts)] = {}
        # dropped with the article's facts, so a recycled id never finds another's indexes
        weakref.finalize(facts, _article_indexes.pop, id(facts), None)
    index = indexes.get(kind)
    if index is None:
        index = indexes[kind] = kind()
    return cast(Index, index)
