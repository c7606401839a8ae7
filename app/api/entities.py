"""People, places and organizations: by id, canonical name or any alias."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session

from ..db import new_session
from ..errors import BadRequest
from ..formats import MEDIA, link_header, negotiate
from ..queries.entities import (
    ENTITY_SORTS,
    did_you_mean,
    entity_public,
    entity_select,
    get_entity,
    list_entities,
)
from ..queries.facets import PLACE_FACETS, parse_facets, place_facet_counts
from ..queries.filters import FactFilter, FilterQuery, filter_dependency
from ..queries.geo import PLACE_FILTERS, feature_collection, place_counts, places_of_facts
from ..queries.speakers import SPEAKER_FILTERS, speaker_counts, speakers_of_facts
from ..schemas import FacetValue, Organization, Page, Person, Place, PlaceFeatureCollection
from .deps import NameQuery, Paging, PagingDep
from .lookups import IdsDep

router = APIRouter(prefix="/v1", tags=["entities"])

Ref = Annotated[
    str, Path(alias="id", max_length=200, description="Its id, or its canonical name or any alias")
]
# the fact filters a place list takes: the places of the facts they keep
PlaceFilterDep = Annotated[
    FilterQuery, Depends(filter_dependency(figures=True, only=PLACE_FILTERS, sortable=False))
]
# an enum in the document (as a Literal renders), checked in code: a value no place sorts by
# (`day`) is a 400 naming the choices, as before places took `sort` (then an unknown
# parameter), not the 422 a Literal would make it
PlaceSort = Annotated[
    str | None,
    Query(
        description="Order: by id, or by name (code point order, then id); '-' reverses. "
        "Without it: id order, or with `q` the names with a word starting with it first",
        json_schema_extra=lambda schema: schema["anyOf"][0].update(enum=list(ENTITY_SORTS)),
    ),
]
PlaceFacets = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: country, place_kind (counted over every place matching)",
    ),
]


@dataclass(frozen=True)
class PlaceOrder:
    """How a place list answers besides its filters: the sort, and the facets it counts."""

    sort: str | None
    facets: list[str]


async def place_order(sort: PlaceSort = None, facets: PlaceFacets = None) -> PlaceOrder:
    """`sort` and `facets` of a place list, checked before any query runs."""
    if sort is not None and sort not in ENTITY_SORTS:
        choices = ", ".join(ENTITY_SORTS)
        raise BadRequest(f"this list cannot sort by {sort}; choose from {choices}", parameter="sort")
    return PlaceOrder(sort, parse_facets(facets, PLACE_FACETS))


PlaceOrderDep = Annotated[PlaceOrder, Depends(place_order)]
SpeakerFilterDep = Annotated[
    FilterQuery, Depends(filter_dependency(figures=True, only=SPEAKER_FILTERS, sortable=False))
]


async def sort_only(sort: PlaceSort = None) -> PlaceOrder:
    """`sort` of a list of people or organizations (no facets), checked before any query runs."""
    return await place_order(sort, None)


SortDep = Annotated[PlaceOrder, Depends(sort_only)]


def entity_page(
    kind: str,
    paging: Paging,
    ids: tuple[int, ...] | None,
    q: str | None,
    facts: FilterQuery | None = None,
    order: PlaceOrder | None = None,
) -> Any:
    """A page of people, places or organizations in their public shape (places: of the facts
    the filters keep, in the order and with the facets asked for)."""
    order = order or PlaceOrder(None, [])
    with new_session() as session:
        filters = facts.resolve(session) if facts is not None else FactFilter()
        ids = of_facts(session, kind, filters, ids)
        rows, count, nxt = list_entities(
            session, kind, q=q, limit=paging.limit, cursor=paging.cursor, ids=ids, sort=order.sort
        )
        counted = place_facets(session, order, q, ids)
        # what a map shows of each place, as its GeoJSON has it; what each person said
        counts = (place_counts if kind == "place" else speaker_counts)(session, rows, filters)
        data = [entity_public(r).model_copy(update=counts[r.id]) for r in rows]
        close = did_you_mean(session, kind, q, ids) if count == 0 else None
        page = Page(data=data, count=count, next=nxt, facets=counted, suggestions=close)
    paging.link(nxt)
    return page


def place_facets(
    session: Session, order: PlaceOrder, q: str | None, ids: tuple[int, ...] | None
) -> dict[str, list[FacetValue]] | None:
    """The facets asked for, counted over every place the list holds; None when none is."""
    if not order.facets:
        return None
    return place_facet_counts(session, entity_select("place", q=q, ids=ids), order.facets)


def of_facts(
    session: Session, kind: str, filters: FactFilter, ids: tuple[int, ...] | None
) -> tuple[int, ...] | None:
    """The entities a list may show: the places of the facts the filters keep, or the people
    and organizations who said or reported them (of `ids`, when given); None, all of them,
    when no fact filter is set."""
    if not filters.values:  # resolving keeps only the filters that are set
        return ids
    found = (
        places_of_facts(session, filters) if kind == "place" else speakers_of_facts(session, kind, filters)
    )
    return found if ids is None else tuple(sorted(set(found) & set(ids)))


def one_entity(kind: str, ref: str) -> Any:
    """The person, place or organization an id or name points to, in its public shape."""
    with new_session() as session:
        return entity_public(get_entity(session, kind, ref))


@router.get("/people", response_model=Page[Person], summary="List people")
def list_people(
    paging: PagingDep, ids: IdsDep, filters: SpeakerFilterDep, order: SortDep, q: NameQuery = None
) -> Page[Person]:
    """People named in the articles, with aliases and roles.

    `q` autocompletes: names and aliases containing it, compared as lookups compare names
    (`?q=Zelenskiy` finds Zelenskyy), those with a word starting with it first (`?q=zel`);
    when no name holds it, `suggestions` has the names spelled closest (`?q=Stoltenburg`).
    `ids=1,2,3` fetches several people in one request. The fact filters (`place`, `day`,
    `from`, `to`, `article`, `segment`, `category`) keep the people who said or reported a
    fact they keep, and each person's `quotes`, `claims` and `figures` count those facts;
    `sort=name` (or `id`, `-` reversing) orders them.
    Example: `/v1/people?place=Ukraine&sort=name`.
    """
    return entity_page("person", paging, ids, q, filters, order)


@router.get("/people/{id}", response_model=Person, summary="Get a person")
def get_person(ref: Ref) -> Person:
    """One person, by id or by any name the articles use (`/v1/people/stoltenberg`)."""
    return one_entity("person", ref)


GEOJSON: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {MEDIA["geojson"]: {"schema": {"$ref": "#/components/schemas/PlaceFeatureCollection"}}},
        "description": "A page as JSON, or a GeoJSON FeatureCollection (`format=geojson` or that Accept)",
    }
}


class GeoJSONResponse(JSONResponse):
    media_type = MEDIA["geojson"]


@router.get("/places", response_model=Page[Place], summary="List places", responses=GEOJSON)
def list_places(
    request: Request,
    paging: PagingDep,
    ids: IdsDep,
    filters: PlaceFilterDep,
    order: PlaceOrderDep,
    q: NameQuery = None,
    format: Annotated[
        Literal["json", "geojson"] | None, Query(description="json, or geojson for a map")
    ] = None,
) -> Any:
    """Places named in the articles, geocoded: country code, coordinates and kind.

    As GeoJSON (`Accept: application/geo+json`, `format=geojson` or `/v1/places.geojson`)
    each place is a Feature with counts of quotes, claims and figures and casualty totals
    that count each incident once. The fact filters (`person`, `organization`, `day`,
    `from`, `to`, `article`, `category`, `min_value`, `max_value`) keep the places of the facts they
    match, as JSON or GeoJSON; `q` matches the places' own names, any spelling a lookup takes
    (`?q=kiev` finds Kyiv), with `suggestions` when none holds it. `sort=name` (or `id`, `-`
    reversing) orders them; `facets=country,place_kind` counts every place matching.
    """
    if negotiate(request, format, allowed=("json", "geojson")) == "geojson":
        return places_as_geojson(request, paging, filters, q, order, ids)
    return entity_page("place", paging, ids, q, filters, order)


@router.get(
    "/places.geojson",
    summary="Places as GeoJSON",
    response_model=PlaceFeatureCollection,
    response_class=GeoJSONResponse,
    operation_id="listPlaceFeatures",  # a page of the places as map features: list<Things>
)
def places_geojson(
    request: Request, paging: PagingDep, filters: PlaceFilterDep, order: PlaceOrderDep, q: NameQuery = None
) -> JSONResponse:
    """The places as a GeoJSON FeatureCollection, for a map layer, a page at a time.

    The collection carries `count` (places in all) and `next` (the cursor of the next page,
    also in a `Link: rel="next"` header). The fact filters (`person`, `organization`,
    `day`, `from`, `to`, `article`, `category`, `min_value`, `max_value`) keep the places of the facts
    they match, and each place's counts and casualty totals count only those facts:
    `?category=killed&from=2022-03-01` maps the deaths reported since. `q` matches place names.
    `sort` and `facets` (`country`, `place_kind`: a `facets` member) as `/v1/places` takes them.
    """
    return places_as_geojson(request, paging, filters, q, order)


def places_as_geojson(
    request: Request,
    paging: Paging,
    query: FilterQuery,
    q: str | None,
    order: PlaceOrder,
    ids: tuple[int, ...] | None = None,
) -> JSONResponse:
    """A page of places as a FeatureCollection, each with its fact counts and casualty totals
    under the filters; `count`, `next` and (when asked) `facets` beside the features, as a
    page has them."""
    with new_session() as session:
        filters = query.resolve(session)
        ids = of_facts(session, "place", filters, ids)
        rows, count, nxt = list_entities(
            session, "place", q=q, limit=paging.limit, cursor=paging.cursor, ids=ids, sort=order.sort
        )
        collection = {**feature_collection(session, rows, filters), "count": count, "next": nxt}
        if count == 0 and (close := did_you_mean(session, "place", q, ids)):
            collection["suggestions"] = close  # a foreign member, as `facets`
        counted = place_facets(session, order, q, ids)
        if counted is not None:  # a foreign member, only when asked: the collection is unchanged without
            collection["facets"] = {
                name: [v.model_dump() for v in values] for name, values in counted.items()
            }
    response = GeoJSONResponse(collection)
    link_header(request, response, nxt)
    return response


@router.get("/places/{id}", response_model=Place, summary="Get a place")
def get_place(ref: Ref) -> Place:
    """One place, by id or any spelling (`/v1/places/mykolayiv` finds Mykolaiv)."""
    return one_entity("place", ref)


@router.get("/organizations", response_model=Page[Organization], summary="List organizations")
def list_organizations(
    paging: PagingDep, ids: IdsDep, filters: SpeakerFilterDep, order: SortDep, q: NameQuery = None
) -> Page[Organization]:
    """Organizations named in the articles; `q` autocompletes names (with `suggestions` when none
    holds it), `ids=1,2` fetches several. The fact filters, the counts and `sort` work as on
    `/v1/people`."""
    return entity_page("organization", paging, ids, q, filters, order)


@router.get("/organizations/{id}", response_model=Organization, summary="Get an organization")
def get_organization(ref: Ref) -> Organization:
    """One organization, by id or any name (`/v1/organizations/red cross`)."""
    return one_entity("organization", ref)
