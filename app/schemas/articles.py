"""Articles as the API returns them: the summary a card shows, the whole article, what a POST stored."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ..extract.types import SegmentKind
from .common import Id, expanded


class ArticleSummary(BaseModel):
    """What a card shows of an article (no text): a fact's `article` with `expand=article`."""

    id: Id
    published: dt.date
    title: str | None
    source: str | None
    url: str | None
    authors: list[str]
    dateline: str | None


class Article(ArticleSummary):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": 1,
                "published": "2022-03-31",
                "title": "The pullout came amid continued fighting…",
                "source": "000_fc4ee9ee1c3e4ec7.txt",
                "url": None,
                "authors": ["Karmanau"],
                "dateline": "Lviv",
                "content_hash": "3f1c…",
                "extractor_version": "2026.11.1",
                "created_at": "2026-12-07T22:30:00.123456Z",
            }
        },
    )

    content_hash: str
    extractor_version: str
    # what a list of articles tells of each (`/v1/articles`), under its fact filters
    quotes: Annotated[int | None, expanded("In `/v1/articles`: its quotes the fact filters keep")]
    claims: Annotated[int | None, expanded("In `/v1/articles`: its claims the fact filters keep")]
    figures: Annotated[int | None, expanded("In `/v1/articles`: its figures the fact filters keep")]
    created_at: dt.datetime | None = Field(
        description="When it was stored (UTC): what `?since=` compares; null in the document of an "
        "article not stored (`factsapi extract`)"
    )


class Segment(BaseModel):
    """A paragraph of the article: its kind and span in the article text."""

    position: int
    kind: SegmentKind
    start: int
    end: int
    credit: str | None = Field(description="A caption's photo credit, kept apart from its text")
    # read from the stored segment's `date`, named `day` as every day is (README, "Vocabulary")
    day: dt.date | None = Field(validation_alias="date", description="A caption's own day")
    date: dt.date | None = Field(deprecated=True, description="Deprecated: `day`, the same value")


class ArticleDetail(Article):
    """An article with, on request (`include=text`), its text and segments for highlighting."""

    text: str | None = None
    segments: list[Segment] | None = None


class FactCounts(BaseModel):
    people: int
    places: int
    organizations: int
    quotes: int
    claims: int
    figures: int
    dates: int


class ArticleCreated(Article):
    """The stored article and how many facts it gave."""

    counts: FactCounts
    created: bool = Field(description="False when the same content had been ingested before")
