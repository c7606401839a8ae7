"""People, places and organizations: by id, canonical name or any alias."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from ..db import new_session
from ..formats import MEDIA, negotiate
from ..queries.entities import entity_public, get_entity, list_entities
from ..queries.geo import feature_collection
from ..schemas import OrganizationPublic, Page, PersonPublic, PlacePublic
from .deps import NameQuery, Paging, PagingDep
from .lookups import IdsDep

router = APIRouter(prefix="/v1", tags=["entities"])

Ref = Annotated[str, Path(max_length=200, description="Id, canonical name or alias")]


def entity_page(kind: str, paging: Paging, ids: tuple[int, ...] | None, q: str | None) -> Any:
    """A page of people, places or organizations in their public shape."""
    with new_session() as session:
        rows, count, nxt = list_entities(
            session, kind, q=q, limit=paging.limit, cursor=paging.cursor, ids=ids
        )
        return Page(data=[entity_public(r) for r in rows], count=count, next=nxt)


def one_entity(kind: str, ref: str) -> Any:
    """The person, place or organization an id or name points to, in its public shape."""
    with new_session() as session:
        return entity_public(get_entity(session, kind, ref))


@router.get("/people", response_model=Page[PersonPublic], summary="List people")
def list_people(paging: PagingDep, ids: IdsDep, q: NameQuery = None) -> Page[PersonPublic]:
    """People named in the articles, with aliases and roles.

    `q` autocompletes: names and aliases containing it, those with a word starting with it
    first (`?q=zel`); `ids=1,2,3` fetches several people in one request.
    """
    return entity_page("person", paging, ids, q)


@router.get("/people/{ref}", response_model=PersonPublic, summary="Get a person")
def get_person(ref: Ref) -> PersonPublic:
    """One person, by id or by any name the articles use (`/v1/people/stoltenberg`)."""
    return one_entity("person", ref)


GEOJSON: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/geo+json": {"schema": {"type": "object"}}},
        "description": "A page as JSON, or a GeoJSON FeatureCollection (`format=geojson` or that Accept)",
    }
}


@router.get("/places", response_model=Page[PlacePublic], summary="List places", responses=GEOJSON)
def list_places(
    request: Request,
    paging: PagingDep,
    ids: IdsDep,
    q: NameQuery = None,
    format: Annotated[
        Literal["json", "geojson"] | None, Query(description="json, or geojson for a map")
    ] = None,
) -> Any:
    """Places named in the articles, geocoded: country code, coordinates and kind.

    As GeoJSON (`Accept: application/geo+json`, `format=geojson` or `/v1/places.geojson`)
    each place is a Feature with counts of quotes, claims and figures and casualty totals
    that count each incident once.
    """
    if negotiate(request, format, allowed=("json", "geojson")) == "geojson":
        return places_as_geojson(paging, q, ids)
    return entity_page("place", paging, ids, q)


@router.get("/places.geojson", summary="Places as GeoJSON", responses=GEOJSON, response_class=JSONResponse)
def places_geojson(paging: PagingDep, q: NameQuery = None) -> JSONResponse:
    """The places as a GeoJSON FeatureCollection, for a map layer."""
    return places_as_geojson(paging, q)


def places_as_geojson(paging: Paging, q: str | None, ids: tuple[int, ...] | None = None) -> JSONResponse:
    """A page of places as a FeatureCollection, each with its fact counts and casualty totals."""
    with new_session() as session:
        rows, _count, _nxt = list_entities(
            session, "place", q=q, limit=paging.limit, cursor=paging.cursor, ids=ids
        )
        return JSONResponse(feature_collection(session, rows), media_type=MEDIA["geojson"])


@router.get("/places/{ref}", response_model=PlacePublic, summary="Get a place")
def get_place(ref: Ref) -> PlacePublic:
    """One place, by id or any spelling (`/v1/places/mykolayiv` finds Mykolaiv)."""
    return one_entity("place", ref)


@router.get("/organizations", response_model=Page[OrganizationPublic], summary="List organizations")
def list_organizations(paging: PagingDep, ids: IdsDep, q: NameQuery = None) -> Page[OrganizationPublic]:
    """Organizations named in the articles; `q` autocompletes names, `ids=1,2` fetches several."""
    return entity_page("organization", paging, ids, q)


@router.get("/organizations/{ref}", response_model=OrganizationPublic, summary="Get an organization")
def get_organization(ref: Ref) -> OrganizationPublic:
    """One organization, by id or any name (`/v1/organizations/red cross`)."""
    return one_entity("organization", ref)
