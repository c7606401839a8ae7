"""What the API returns. Field names follow the facts document in shared/eval/README.md."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Generic, Literal, TypeAlias, TypeVar, get_origin

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from .extract.lexicon import (
    COUNT_QUALIFIERS,
    COUNT_QUALIFIERS_AFTER,
    REPORTING_VERBS,
    STATEMENT_LIGHT_VERBS,
    STATEMENT_NOUNS,
)
from .extract.types import Category, EntityKind, Granularity, PlaceKind, SegmentKind

T = TypeVar("T")
# Stored rows always have an id, so the API never sends null; only a document extracted
# offline (`factsapi extract`) has none. The OpenAPI document describes what the API sends.
Id = Annotated[int | None, WithJsonSchema({"type": "integer"}, mode="serialization")]


class EntityRef(BaseModel):
    """A pointer to a person, place or organization."""

    id: Id
    name: str
    kind: EntityKind


def unexpanded(value: object) -> bool:
    """An `expand=` field the request did not ask for: left out, so the fact reads as without it."""
    return value is None


def expanded(description: str) -> Any:
    """A field only `expand=` fills: optional in the schema, absent from the response otherwise."""
    return Field(default=None, exclude_if=unexpanded, description=description)


class FactEntity(EntityRef):
    """A fact's speaker, source or place: a reference, or with `expand=` the whole entity."""

    aliases: Annotated[list[str] | None, expanded("With `expand`: every other name it goes by")]
    roles: Annotated[list[str] | None, expanded("With `expand`, a person: the roles the articles give")]
    country: Annotated[str | None, expanded("With `expand=place`: ISO 3166-1 alpha-2")]
    lat: Annotated[float | None, expanded("With `expand=place`")]
    lon: Annotated[float | None, expanded("With `expand=place`")]
    place_kind: Annotated[PlaceKind | None, expanded("With `expand=place`")]


class Span(BaseModel):
    """Where a fact is in its article: segment kind, sentence and character span."""

    article_id: Id = Field(description="The article the fact was read from")
    segment: SegmentKind
    start: int = Field(description="Character offset of the fact in the article text")
    end: int
    sentence_start: int
    sentence_end: int


class ArticleSummary(BaseModel):
    """What a card shows of an article (no text): a fact's `article` with `expand=article`."""

    id: Id
    published: dt.date
    title: str | None
    source: str | None
    url: str | None
    authors: list[str]
    dateline: str | None


class ArticlePublic(ArticleSummary):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": 1,
                "published": "2022-03-31",
                "title": None,
                "source": "000_fc4ee9ee1c3e4ec7.txt",
                "url": None,
                "authors": ["Karmanau"],
                "dateline": "Lviv",
                "content_hash": "3f1c…",
                "extractor_version": "2026.11.1",
            }
        },
    )

    content_hash: str
    extractor_version: str


class SegmentPublic(BaseModel):
    """A paragraph of the article: its kind and span in the article text."""

    position: int
    kind: SegmentKind
    start: int
    end: int
    credit: str | None = Field(description="A caption's photo credit, kept apart from its text")
    date: dt.date | None = Field(description="A caption's own date")


class ArticleDetail(ArticlePublic):
    """An article with, on request (`include=text`), its text and segments for highlighting."""

    text: str | None = None
    segments: list[SegmentPublic] | None = None


class FactCounts(BaseModel):
    people: int
    places: int
    organizations: int
    quotes: int
    claims: int
    figures: int
    dates: int


class ArticleCreated(ArticlePublic):
    """The stored article and how many facts it gave."""

    counts: FactCounts
    created: bool = Field(description="False when the same content had been ingested before")


class PersonPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 7,
                "kind": "person",
                "name": "Jens Stoltenberg",
                "aliases": ["Stoltenberg"],
                "roles": ["NATO Secretary-General"],
            }
        }
    )

    id: Id
    kind: Literal["person"] = "person"
    name: str
    aliases: list[str]
    roles: list[str]


class OrganizationPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"id": 3, "kind": "organization", "name": "Red Cross", "aliases": []}}
    )

    id: Id
    kind: Literal["organization"] = "organization"
    name: str
    aliases: list[str]


class PlacePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 12,
                "kind": "place",
                "name": "Mykolaiv",
                "aliases": ["Mykolayiv"],
                "country": "UA",
                "lat": 46.97625,
                "lon": 31.99296,
                "place_kind": "city",
            }
        }
    )

    id: Id
    kind: Literal["place"] = "place"
    name: str
    aliases: list[str]
    country: str | None
    lat: float | None
    lon: float | None
    place_kind: PlaceKind | None


# The fields the three kinds of fact write alike
FactDate = Annotated[
    dt.date | None, Field(description="The day the sentence is about, where the text gives one")
]
FactDay = Annotated[
    dt.date, Field(description="date, else the article's publication date: what date filters use")
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
# one of the count qualifiers; a claim's verb is a reporting verb's lemma, "according to",
# or a light verb with a statement noun ("give assurance"): the three paths of extract/claims.py
QUALIFIERS = (*COUNT_QUALIFIERS, *COUNT_QUALIFIERS_AFTER)
VERBS = (
    *sorted(REPORTING_VERBS),
    "according to",
    *sorted(f"{verb} {noun}" for verb in STATEMENT_LIGHT_VERBS for noun in STATEMENT_NOUNS),
)
Qualifier: TypeAlias = Literal.__getitem__(QUALIFIERS)  # type: ignore[valid-type]
Verb: TypeAlias = Literal.__getitem__(VERBS)  # type: ignore[valid-type]


class QuotePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 9,
                "text": "Russia has repeatedly lied about its intentions,",
                "speaker": {"id": 7, "name": "Jens Stoltenberg", "kind": "person"},
                "speaker_text": "Stoltenberg",
                "date": None,
                "day": "2022-03-31",
            }
        }
    )

    kind: Literal["quote"] = "quote"
    id: Id
    text: str
    speaker: FactEntity | None
    speaker_text: str | None
    date: FactDate
    day: FactDay
    span: Span
    highlight: Highlight
    article: FactArticle


class ClaimPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 4,
                "text": "its teams were headed for Mariupol with medical supplies",
                "source": {"id": 3, "name": "Red Cross", "kind": "organization"},
                "source_text": "The Red Cross",
                "verb": "say",
                "date": None,
                "day": "2022-03-31",
            }
        }
    )

    kind: Literal["claim"] = "claim"
    id: Id
    text: str
    source: FactEntity | None
    source_text: str
    verb: Verb
    date: FactDate
    day: FactDay
    span: Span
    highlight: Highlight
    article: FactArticle


class FigurePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 2,
                "category": "killed",
                "value": 20,
                "value_min": None,
                "value_max": None,
                "qualifier": None,
                "approximate": False,
                "place": {"id": 12, "name": "Mykolaiv", "kind": "place"},
                "date": "2022-03-29",
                "day": "2022-03-29",
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
    value: int | None
    value_min: int | None
    value_max: int | None
    qualifier: Qualifier | None
    approximate: bool
    place: FactEntity | None
    date: FactDate
    day: FactDay
    source: FactEntity | None
    source_text: str | None
    incident: str | None = Field(description="category|place|day: reports of one incident share it")
    text: str
    span: Span
    article: FactArticle


class DatePublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"text": "Tuesday", "value": "2022-03-29"}})

    text: str
    value: str = Field(description="ISO 8601 as in TimeML: 2022-03-29, 2022-W12, 2022-03, 2022")
    granularity: Granularity
    segment: SegmentKind
    start: int
    end: int


class FactsDocument(BaseModel):
    """Every fact of one article, in the shape shared/eval/README.md describes."""

    article: ArticlePublic
    people: list[PersonPublic]
    places: list[PlacePublic]
    organizations: list[OrganizationPublic]
    quotes: list[QuotePublic]
    claims: list[ClaimPublic]
    figures: list[FigurePublic]
    dates: list[DatePublic]


class FacetValue(BaseModel):
    value: str = Field(description="The value: an entity id, a day, a category, ...")
    label: str | None = Field(default=None, description="An entity's name, where the value is its id")
    count: int


class Page(BaseModel, Generic[T]):
    """One page of a list: the rows, how many match in all, and the cursor to the next page."""

    def __class_getitem__(cls, params: Any) -> Any:
        # A concrete subclass per row type: its name, `QuotePage`, is the schema's name in
        # the OpenAPI document (pydantic names `Page[QuotePublic]` from its origin and args)
        page = super().__class_getitem__(params)
        if cls is not Page or not isinstance(page, type) or page.__pydantic_generic_metadata__["parameters"]:
            return page
        return named_page(page)

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        (row,) = params
        name = "Fact" if get_origin(row) is Annotated else getattr(row, "__name__", "Row")
        return name.removesuffix("Public") + "Page"

    data: list[T]
    count: int = Field(description="Rows matching the filters, over all pages")
    next: str | None = Field(default=None, description="Cursor for the next page; null on the last")
    facets: dict[str, list[FacetValue]] | None = Field(
        default=None, description="Counts over the filtered set, when `facets=` asks for them"
    )


@functools.cache
def named_page(page: type[Page[Any]]) -> type[Page[Any]]:
    """`Page[QuotePublic]` as the class `QuotePage`, made once."""
    return type(page.__name__, (page,), {"__module__": __name__, "__doc__": Page.__doc__})


Fact = Annotated[QuotePublic | ClaimPublic | FigurePublic, Field(discriminator="kind")]


class TimelineDay(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"date": "2022-03-29", "quotes": 0, "claims": 1, "figures": 2, "total": 3}
        }
    )

    date: dt.date
    quotes: int
    claims: int
    figures: int
    total: int
    facts: list[Fact] | None = Field(
        default=None, description="The day's facts, with `facts=true` (at most 100)"
    )


class Timeline(BaseModel):
    data: list[TimelineDay]


class IncidentGroup(BaseModel):
    """Reports of one incident (category, place, day) with every reported value kept."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "incident": "killed|mykolaiv|2022-03-29",
                "category": "killed",
                "place": {"id": 12, "name": "Mykolaiv", "kind": "place"},
                "date": "2022-03-29",
                "values": [20, 15],
                "best": 20,
                "consistent": True,
            }
        }
    )

    incident: str
    category: Category
    place: EntityRef | None
    date: dt.date | None
    values: list[int] = Field(
        description="Every reported value (a lower bound for 'at least N' or vague counts)"
    )
    best: int = Field(description="The highest value reported: see the rule in the endpoint's description")
    consistent: bool = Field(description="False when exact reports disagree (two different exact tolls)")
    reports: list[FigurePublic]


class ValidationIssue(BaseModel):
    """One thing wrong with a request, as the validator saw it."""

    loc: list[str | int] = Field(description="Where: `query`, `path` or `body`, then the name")
    msg: str
    type: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details; switch on `type` (see docs/errors.md)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "example": {
                "type": "https://factsapi.dev/problems/unknown-name",
                "title": "Not Found",
                "status": 404,
                "detail": "no person named 'Zelensky'",
                "instance": "/v1/quotes",
                "suggestions": ["Volodymyr Zelenskyy"],
            }
        },
    )

    type: str = Field(default="about:blank", description="A stable URI naming the kind of error")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[ValidationIssue] | None = Field(default=None, description="Every invalid value, on a 422")
    suggestions: list[str] | None = Field(
        default=None, description="Close names, when a name matched nothing"
    )
    parameter: str | None = Field(default=None, description="The query or path parameter at fault")
    allowed: list[str] | None = Field(
        default=None, description="The parameters this endpoint takes, or the values `parameter` takes"
    )
