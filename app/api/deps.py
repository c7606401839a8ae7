"""Dependencies the routes share: paging and the fact filters, parsed on the event loop.

They are `async def` on purpose: they only validate the query string, and each sync
dependency costs a trip to the thread pool, a handoff of the GIL between the event
loop and a thread. The database work (resolving a name to ids, the queries) happens in
the endpoint, in one trip, inside a session opened and closed there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BeforeValidator
from sqlmodel import Session

from ..errors import BadRequest, UnknownParameter
from ..extract.folding import fold
from ..filters import FactFilter
from ..models import MAX_ID
from ..queries import places_within, resolve_entity

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Documented in the OpenAPI schema, checked in code: a pattern FastAPI enforced would turn
# these 400s into 422s. A cursor is base64url; a search holds a letter or digit.
CURSOR_PATTERN = "^[A-Za-z0-9_-]*$"
SEARCHABLE = r"[^\W_]"


def query_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters a route declares, its dependencies' included, as a client spells them."""

    # walked by hand over the public Dependant fields (FastAPI's flattening helpers are private),
    # on every request: routes are unhashable, and a handful of dependants take microseconds
    def walk(dependant: Dependant) -> set[str]:
        names = {param.alias for param in dependant.query_params}
        for sub in dependant.dependencies:
            names |= walk(sub)
        return names

    return frozenset(walk(route.dependant))


async def known_query(request: Request) -> None:
    """400 for a query parameter the endpoint does not take: `?speaker=Putin` must not list every quote."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the docs pages: Swagger's OAuth redirect takes parameters of its own
    allowed = query_parameters(route)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no query parameters"
        raise UnknownParameter(
            f"unknown query parameter {', '.join(unknown)}; this endpoint takes {takes}",
            parameter=unknown[0],
            allowed=sorted(allowed),
        )


def _iso_day(value: object) -> object:
    # pydantic also reads 0 (a Unix time), 20220304 and 2022-W10-1 as dates; a filter that
    # silently means 1970-01-01 is worse than a 422 saying what to send
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def searchable(q: str | None, words: str | None = None) -> str | None:
    """q as given; 400 when it holds no letter or digit, which would match everything or nothing."""
    if q is not None and not any(ch.isalnum() for ch in (q if words is None else words)):
        raise BadRequest(f"q={q!r} has no letters or digits to search for; leave q out to list everything")
    return q


@dataclass(frozen=True)
class Paging:
    limit: int
    cursor: str | None


async def paging(
    limit: Annotated[int, Query(ge=1, le=500, description="Rows per page, at most 500")] = 50,
    cursor: Annotated[
        str | None,
        Query(
            max_length=200,
            description="The `next` value of the previous page",
            json_schema_extra={"pattern": CURSOR_PATTERN},
        ),
    ] = None,
) -> Paging:
    """`limit` (1..500) and an opaque `cursor` from a previous page's `next`."""
    return Paging(limit, cursor)


PagingDep = Annotated[Paging, Depends(paging)]


@dataclass(frozen=True)
class FilterQuery:
    """The fact filters as asked: names not yet resolved to ids."""

    person: str | None
    organization: str | None
    place: str | None
    article: int | None
    day: dt.date | None
    since: dt.date | None
    until: dt.date | None
    segment: str | None
    q: str | None
    sort: str

    def resolve(self, session: Session, category: str | None = None) -> FactFilter:
        """The filter with names resolved to entity ids (404 with suggestions for an unknown one)."""
        return FactFilter(
            people=resolve_entity(session, "person", self.person) if self.person else None,
            organizations=(
                resolve_entity(session, "organization", self.organization) if self.organization else None
            ),
            places=places_within(session, resolve_entity(session, "place", self.place))
            if self.place
            else None,
            article=self.article,
            day=self.day,
            since=self.since,
            until=self.until,
            category=category,
            segment=self.segment,
            q=self.q,
            sort=self.sort,
        )


async def fact_filter(
    person: Annotated[
        str | None,
        Query(max_length=200, description="Person id or name (any alias, case- and accent-insensitive)"),
    ] = None,
    place: Annotated[
        str | None, Query(max_length=200, description="Place id or name, e.g. `Mykolaiv` or `mykolayiv`")
    ] = None,
    date: Annotated[Day | None, Query(description="Facts about this day (YYYY-MM-DD)")] = None,
    since: Annotated[
        Day | None, Query(alias="from", description="Facts on or after this day (YYYY-MM-DD)")
    ] = None,
    until: Annotated[
        Day | None, Query(alias="to", description="Facts on or before this day (YYYY-MM-DD)")
    ] = None,
    article: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only facts of this article id")
    ] = None,
    organization: Annotated[
        str | None, Query(max_length=200, description="Organization id or name: the speaker or source")
    ] = None,
    segment: Annotated[
        Literal["body", "caption"] | None, Query(description="Only facts read from body text or captions")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Full-text search over quote and claim text (every word must match)",
            json_schema_extra={"pattern": SEARCHABLE},
        ),
    ] = None,
    sort: Annotated[
        Literal["id", "-id", "day", "-day"],
        Query(description="Order: by id (ingest order) or by day; '-' reverses"),
    ] = "id",
) -> FilterQuery:
    if since and until and since > until:
        raise BadRequest(f"'from' ({since}) is after 'to' ({until})")
    return FilterQuery(person, organization, place, article, date, since, until, segment, searchable(q), sort)


FilterDep = Annotated[FilterQuery, Depends(fact_filter)]


async def name_query(
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Names containing this text",
            json_schema_extra={"pattern": SEARCHABLE},
        ),
    ] = None,
) -> str | None:
    """`q` for the lists of people, places and organizations, as names are compared: folded."""
    return searchable(q, fold(q)) if q is not None else None


NameQuery = Annotated[str | None, Depends(name_query)]
