"""Statements as the API returns them: one speaker's words once, with every report of them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from .articles import ArticleSummary
from .common import FactEntity, Span, expanded


class Occurrence(BaseModel):
    """One report of a statement: the quote, its article and where it sits there."""

    quote_id: int = Field(description="The quote (`/v1/quotes?statement=` lists them whole)")
    article_id: int
    day: dt.date = Field(
        description="The quote's day: the day its text gives, else its article's publication"
    )
    text: str = Field(description="The words as this article quotes them")
    source_text: str | None = Field(description="The words this article names the speaker by")
    span: Span
    article: ArticleSummary | None = expanded("With `expand=article`: the article (no text)")


class Statement(BaseModel):
    """What one speaker said, however many articles quote it and however each cut it."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 3,
                "text": "CentOS Stream isn't a replacement for CentOS Linux; rather, it's a natural, "
                "inevitable next step intended to fulfill the project's goal of furthering enterprise "
                "Linux innovation.",
                "source": {"id": 41, "name": "Chris Wright", "kind": "person"},
                "source_text": "Chris Wright",
                "first_day": "2020-12-14",
                "last_day": "2020-12-19",
                "articles": 3,
                "quotes": 3,
            }
        }
    )

    id: int
    text: str = Field(description="Its longest quote: the one the others cut")
    source: FactEntity | None = Field(
        description="Who said it (its quotes' speaker), or null when no report names one"
    )
    source_text: str | None = Field(description="The words its first report names the speaker by")
    first_day: dt.date = Field(description="The earliest day a quote of it is about or was published")
    last_day: dt.date
    articles: int = Field(description="How many articles quote it: its reach")
    quotes: int = Field(description="How many quotes report it (an article may quote it twice)")
    occurrences: list[Occurrence] = Field(
        description="Its reports, earliest first: the first `occurrences` of them (default 20)"
    )
