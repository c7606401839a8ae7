"""The pieces every response shares: ids, entity references, spans, pages and problems."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Generic, TypeVar, get_origin

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from ..extract.types import EntityKind, PlaceKind, SegmentKind

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
    """A fact's source or place: a reference, or with `expand=` the whole entity."""

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


class FacetValue(BaseModel):
    value: int | str = Field(
        description="The value: an entity's id (an integer, as ids are everywhere: `place`, `person`, "
        "`organization`), else a day, a category, a segment or a kind"
    )
    label: str | None = Field(default=None, description="An entity's name, where the value is its id")
    count: int


class Page(BaseModel, Generic[T]):
    """One page of a list: the rows, how many match in all, and the cursor to the next page."""

    def __class_getitem__(cls, params: Any) -> Any:
        # A concrete subclass per row type: its name, `QuotePage`, is the schema's name in
        # the OpenAPI document (pydantic names `Page[Quote]` from its origin and args)
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
    suggestions: list[str] | None = Field(
        default=None,
        description="On a people, places or organizations list whose `q` no name holds: the names "
        "spelled closest to it (did you mean), as an unknown-name problem offers them",
    )


@functools.cache
def named_page(page: type[Page[Any]]) -> type[Page[Any]]:
    """`Page[Quote]` as the class `QuotePage`, made once."""
    return type(page.__name__, (page,), {"__module__": __name__, "__doc__": Page.__doc__})


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
                "type": "/problems/unknown-name",
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
