"""Quotes, claims, figures and dates as the API returns them, alone, per day and per incident."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from ..extract.lexicon import (
    CHARACTERISING_VERBS,
    COUNT_QUALIFIERS,
    COUNT_QUALIFIERS_AFTER,
    REPORTING_VERBS,
    STATEMENT_LIGHT_VERBS,
    STATEMENT_NOUNS,
)
from ..extract.types import Category, Granularity, SegmentKind
from .articles import Article, ArticleSummary
from .common import EntityRef, FactEntity, Id, Span, expanded
from .entities import Organization, Person, Place

# The fields the three kinds of fact write alike. A fact's day is `day`, never null, and
# `day_from` says where it came from; `date` (null where the text gives no day) was the
# only day a fact had before `day`, kept one version for the clients reading it
FactDay = Annotated[
    dt.date,
    Field(
        description="The day the fact is about: the day the text gives, else the article's publication "
        "day (`day_from` says which); what `day`, `from` and `to` filter on"
    ),
]
DayFrom = Literal["text", "published"]
FactDayFrom = Annotated[
    DayFrom,
    Field(description="`text`: the article says which day; `published`: it does not, the publication day"),
]
FactDate = Annotated[
    dt.date | None,
    Field(deprecated=True, description="Deprecated: `day` where `day_from` is `text`, else null"),
]
Highlight = Annotated[
    list[list[int]] | None,
    Field(
        default=None,
        description="Only in a `q` search: [start, end) character offsets within `text` of the words "
        "that match (begin with a word of q), for a client to wrap in <mark>; offsets, not markup, "
        "so no HTML is built from article text",
    ),
]
FactArticle = Annotated[
    ArticleSummary | None, expanded("With `expand=article`: the article the fact is from")
]
# The closed value sets of extraction, as enums for typed clients: a figure's qualifier is
# one of the count qualifiers; a claim's verb is a reporting or characterising verb's lemma,
# "according to", or a light verb with a statement noun ("give assurance"): the paths of
# extract/people/claims.py
QUALIFIERS = (*COUNT_QUALIFIERS, *COUNT_QUALIFIERS_AFTER)
VERBS = (
    *sorted(REPORTING_VERBS | CHARACTERISING_VERBS),
    "according to",
    *sorted(f"{verb} {noun}" for verb in STATEMENT_LIGHT_VERBS for noun in STATEMENT_NOUNS),
)
Qualifier: TypeAlias = Literal.__getitem__(QUALIFIERS)  # type: ignore[valid-type]
Verb: TypeAlias = Literal.__getitem__(VERBS)  # type: ignore[valid-type]


class Quote(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 9,
                "text": "Russia has repeatedly lied about its intentions,",
                "source": {"id": 7, "name": "Jens Stoltenberg", "kind": "person"},
                "source_text": "Stoltenberg",
                "day": "2022-03-31",
                "day_from": "published",
            }
        }
    )

    kind: Literal["quote"] = "quote"
    id: Id
    text: str
    source: FactEntity | None = Field(description="Who said it: a person or organization, or null")
    source_text: str | None = Field(description="Who said it, in the article's words")
    day: FactDay
    day_from: FactDayFrom
    # before the vocabulary a quote's source was its speaker: the same values, one more version
    speaker: FactEntity | None = Field(deprecated=True, description="Deprecated: `source`")
    speaker_text: str | None = Field(deprecated=True, description="Deprecated: `source_text`")
    date: FactDate
    statement_id: int | None = Field(
        default=None,
        description="The statement this quote reports (`/v1/statements/{id}`): its other reports, "
        "however cut or worded; null only in a document extracted without storing",
    )
    span: Span
    highlight: Highlight
    article: FactArticle


class Claim(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 4,
                "text": "its teams were headed for Mariupol with medical supplies",
                "source": {"id": 3, "name": "Red Cross", "kind": "organization"},
                "source_text": "The Red Cross",
                "verb": "say",
                "day": "2022-03-31",
                "day_from": "published",
            }
        }
    )

    kind: Literal["claim"] = "claim"
    id: Id
    text: str
    source: FactEntity | None
    source_text: str
    verb: Verb
    day: FactDay
    day_from: FactDayFrom
    date: FactDate
    span: Span
    highlight: Highlight
    article: FactArticle


class Figure(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 2,
                "category": "killed",
                "value": 20,
                "low": 20,
                "high": 20,
                "value_min": None,
                "value_max": None,
                "qualifier": None,
                "approximate": False,
                "place": {"id": 12, "name": "Mykolaiv", "kind": "place"},
                "day": "2022-03-29",
                "day_from": "text",
                "source": None,
                "source_text": "Ukraine’s emergency services",
                "incident": "killed|mykolaiv|2022-03-29",
                "text": "the death toll had risen to 20 in a Russian missile strike Tuesday",
            }
        }
    )

    kind: Literal["figure"] = "figure"
    id: Id
    category: Category
    value: int = Field(
        description="The number to show and the one the map adds up: the exact count, else the "
        'lower bound ("thousands": 1000), else the count a ceiling names ("up to 15": 15); '
        "what `min_value` / `max_value` compare"
    )
    low: int | None = Field(description='The lower bound; null when the text gives none ("up to 15")')
    high: int | None = Field(
        description='The upper bound; null when the text gives none ("at least 15", "thousands")'
    )
    value_min: int | None = Field(
        description="Deprecated: `low` where the text gives a range or a vague count", deprecated=True
    )
    value_max: int | None = Field(description="Deprecated: `high` of a range", deprecated=True)
    qualifier: Qualifier | None
    approximate: bool
    place: FactEntity | None
    day: FactDay
    day_from: FactDayFrom
    date: FactDate
    source: FactEntity | None
    source_text: str | None
    incident: str | None = Field(description="category|place|day: reports of one incident share it")
    text: str
    span: Span
    article: FactArticle


class DateMention(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"text": "Tuesday", "value": "2022-03-29"}})

    text: str
    value: str = Field(description="ISO 8601 as in TimeML: 2022-03-29, 2022-W12, 2022-03, 2022")
    granularity: Granularity
    segment: SegmentKind
    start: int
    end: int


class FactsDocument(BaseModel):
    """Every fact of one article, in the shape shared/eval/README.md describes."""

    article: Article
    people: list[Person]
    places: list[Place]
    organizations: list[Organization]
    quotes: list[Quote]
    claims: list[Claim]
    figures: list[Figure]
    dates: list[DateMention]


Fact = Annotated[Quote | Claim | Figure, Field(discriminator="kind")]


class TimelineDay(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"day": "2022-03-29", "quotes": 0, "claims": 1, "figures": 2, "total": 3}
        }
    )

    day: dt.date
    date: dt.date = Field(deprecated=True, description="Deprecated: `day`, the same value")
    quotes: int
    claims: int
    figures: int
    total: int
    facts: list[Fact] | None = Field(
        default=None, description="The day's facts, with `facts=true`: its first `per_day` (at most 100)"
    )
    facts_next: str | None = Field(
        default=None,
        description="When the day has more facts than `facts` holds: the `cursor` that lists the rest "
        "on `/v1/facts` with `day` set to this day and the same filters and sort",
    )


class Timeline(BaseModel):
    """Days with facts, oldest first: a page like every list's."""

    data: list[TimelineDay]
    count: int = Field(description="Days with facts under the filters, over all pages")
    next: str | None = Field(
        default=None,
        description="With `facts=true`: the cursor for the next page of days; null on the last, and "
        "without facts (every day is in one answer)",
    )


class IncidentGroup(BaseModel):
    """Reports of one incident (category, place, day) with every reported value kept."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "incident": "killed|mykolaiv|2022-03-29",
                "category": "killed",
                "place": {"id": 12, "name": "Mykolaiv", "kind": "place"},
                "day": "2022-03-29",
                "values": [20, 15],
                "best": 20,
                "consistent": True,
            }
        }
    )

    incident: str = Field(
        description="The group's key: the reports' `incident` (`killed|mykolaiv|2022-03-29`), or for a "
        "place's undated running toll `category|#place id|` (`killed|#12|`); `/v1/figures?incident=` "
        "lists the reports of either"
    )
    category: Category
    place: EntityRef | None = Field(
        description="The place (with `expand=place`, each report's is the whole entity)"
    )
    day: dt.date | None = Field(description="The incident's day; null for a running toll")
    date: dt.date | None = Field(deprecated=True, description="Deprecated: `day`, the same value")
    values: list[int] = Field(
        description="Every report's `value` (a lower bound for 'at least N' or vague counts)"
    )
    best: int = Field(description="The highest value reported: see the rule in the endpoint's description")
    counted: int = Field(
        description="What the group adds to its place's `casualties` on the map: `best` for an incident; "
        "for a running toll (which includes the place's incidents) only what exceeds their sum. A "
        "place's groups of a category add up to its map total"
    )
    consistent: bool = Field(description="False when exact reports disagree (two different exact tolls)")
    report_count: int = Field(
        description="Reports of the incident under the filters; `values`, `best` and `consistent` are "
        "theirs, `reports` their first (`reports=`); `/v1/figures?incident=` lists them all"
    )
    reports: list[Figure] = Field(description="The first reports, by day then id (`reports=`, default 20)")
