"""Dependencies the routes share: paging, a name search, and the 400 for an unknown
query parameter, parsed on the event loop. (The fact filters are built from their specs
in `queries/filters.py`.)

They are `async def` on purpose: they only validate the query string, and each sync
dependency costs a trip to the thread pool, a handoff of the GIL between the event
loop and a thread. The database work (resolving a name to ids, the queries) happens in
the endpoint, in one trip, inside a session opened and closed there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from ..errors import UnknownParameter
from ..extract.text.folding import fold
from ..formats import link_header
from ..queries.cursors import MAX_CURSOR
from ..queries.search import SEARCHABLE, searchable

# Documented in the OpenAPI schema, checked in code: a pattern FastAPI enforced would turn
# these 400s into 422s. A cursor is base64url.
CURSOR_PATTERN = "^[A-Za-z0-9_-]*$"


# each route's query parameters, walked on its first request: routes are unhashable, so
# keyed by id and holding the route itself, which an id reused by a later app cannot match
_QUERY_PARAMETERS: dict[int, tuple[APIRoute, frozenset[str]]] = {}


def query_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters a route declares, its dependencies' included, as a client spells them."""
    known = _QUERY_PARAMETERS.get(id(route))
    if known is not None and known[0] is route:
        return known[1]

    # walked by hand over the public Dependant fields (FastAPI's flattening helpers are private)
    def walk(dependant: Dependant) -> set[str]:
        names = {param.alias for param in dependant.query_params}
        for sub in dependant.dependencies:
            names |= walk(sub)
        return names

    names = frozenset(walk(route.dependant))
    _QUERY_PARAMETERS[id(route)] = (route, names)
    return names


async def known_query(request: Request) -> None:
    """400 for a query parameter the endpoint does not take: `?speaker=Putin` must not list every quote."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the docs pages: Swagger's OAuth redirect takes parameters of its own
    allowed = query_parameters(route)
    if not allowed.issuperset(request.query_params):
        unknown = sorted(set(request.query_params) - allowed)
        takes = ", ".join(sorted(allowed)) or "no query parameters"
        raise UnknownParameter(
            f"unknown query parameter {', '.join(unknown)}; this endpoint takes {takes}",
            parameter=unknown[0],
            allowed=sorted(allowed),
        )


@dataclass(frozen=True)
class Paging:
    limit: int
    cursor: str | None
    request: Request
    response: Response  # the route's response, whose headers FastAPI sends with its body

    def link(self, next_cursor: str | None) -> None:
        """`Link: <...>; rel="next"` on a page a route returns as a model, as every list sends it."""
        link_header(self.request, self.response, next_cursor)


CursorQuery = Annotated[
    str | None,
    Query(
        max_length=MAX_CURSOR,
        description="The `next` value of the previous page",
        json_schema_extra={"pattern": CURSOR_PATTERN},
    ),
]


async def paging(
    request: Request,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500, description="Rows per page, at most 500")] = 50,
    cursor: CursorQuery = None,
) -> Paging:
    """`limit` (1..500) and an opaque `cursor` from a previous page's `next`."""
    return Paging(limit, cursor, request, response)


PagingDep = Annotated[Paging, Depends(paging)]


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
