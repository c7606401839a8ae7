"""People, places and organizations as the API returns them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..extract.types import PlaceKind
from .common import Id


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


class Organization(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"id": 3, "kind": "organization", "name": "Red Cross", "aliases": []}}
    )

    id: Id
    kind: Literal["organization"] = "organization"
    name: str
    aliases: list[str]


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
