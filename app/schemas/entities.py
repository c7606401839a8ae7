"""People, places and organizations as the API returns them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..extract.types import Category, PlaceKind
from .common import FacetValue, Id, expanded

# what a list of people or organizations tells of each, under its fact filters
SaidCount = Annotated[int | None, expanded("In a list: the quotes it spoke that the fact filters keep")]
SourcedCount = Annotated[
    int | None, expanded("In a list: the facts of this kind it is the source of, under the filters")
]
# per category, each incident's best report once (see `/v1/figures/groups`' `counted`)
Casualties = dict[Category, int]


class Person(BaseModel):
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
    quotes: SaidCount
    claims: SourcedCount
    figures: SourcedCount


class Organization(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"id": 3, "kind": "organization", "name": "Red Cross", "aliases": []}}
    )

    id: Id
    kind: Literal["organization"] = "organization"
    name: str
    aliases: list[str]
    quotes: SaidCount
    claims: SourcedCount
    figures: SourcedCount


class Place(BaseModel):
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
    # what a map needs of each place, in a list as in its GeoJSON: the counts under the filters
    quotes: Annotated[
        int | None, expanded("In `/v1/places`: quotes whose sentence names it, under the filters")
    ]
    claims: Annotated[
        int | None, expanded("In `/v1/places`: claims whose sentence names it, under the filters")
    ]
    figures: Annotated[int | None, expanded("In `/v1/places`: figures of this place, under the filters")]
    casualties: Annotated[
        Casualties | None,
        expanded("In `/v1/places`: casualty totals per category, each incident counted once (as the map)"),
    ]


class PlaceProperties(BaseModel):
    """A place on a map: who it is, and its counts under the filters."""

    id: int
    name: str
    aliases: list[str]
    country: str | None
    place_kind: PlaceKind | None
    quotes: int = Field(description="Quotes whose sentence names it, under the filters")
    claims: int = Field(description="Claims whose sentence names it, under the filters")
    figures: int = Field(description="Figures of this place, under the filters")
    casualties: Casualties = Field(
        description="Casualty totals per category: each incident's best report once, an undated "
        "running toll only beyond them"
    )


class Point(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[longitude, latitude]")


class PlaceFeature(BaseModel):
    """A geocoded place as a GeoJSON Feature (RFC 7946)."""

    type: Literal["Feature"] = "Feature"
    id: int
    geometry: Point
    properties: PlaceProperties


class PlaceFeatureCollection(BaseModel):
    """A page of places as a GeoJSON FeatureCollection, with the page's members beside it."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PlaceFeature]
    count: int = Field(description="Places matching, over all pages")
    next: str | None = Field(default=None, description="Cursor for the next page; null on the last")
    facets: dict[str, list[FacetValue]] | None = Field(
        default=None, description="With `facets=`: counts over every place matching"
    )
