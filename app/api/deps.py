"""Dependencies the routes share: paging, a name search, and the 400 for an unknown
query parameter, parsed on the event loop. (The fact filters are built from their specs
in `queries/filters.py`.)

They are `async def` on purpose: they only validate the query string, and each sync
dependency costs a trip to the thread pool, a handoff of the GIL between the event
loop and a thread. The database work (resolving a name to ids, the queries) happens in
the endpoint, in one trip, inside a session opened and closed there.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import BadRequest, UnknownParameter
from ..extract.text.folding import fold
from ..formats import link_header
from ..queries.cursors import MAX_CURSOR, bind_filters
from ..queries.filters import RENAMED
from ..queries.search import SEARCHABLE, searchable
from ..schemas import Problem

# Documented in the OpenAPI schema, checked in code: a pattern FastAPI enforced would turn
# these 400s into 422s. A cursor is base64url.
CURSOR_PATTERN = "^[A-Za-z0-9_-]*$"


# each route's query parameters, walked on its first request: routes are unhashable, so
# keyed by id and holding the route itself, which an id reused by a later app cannot match
_QUERY_PARAMETERS: dict[int, tuple[APIRoute, frozenset[str], frozenset[str]]] = {}
# the parameters that are comma lists in the document and may also be repeated (their values
# joined by `CommaLists` before a route reads them): neither is a filter a checkbox sets
COMMA_LISTS = frozenset({"expand", "facets", "ids"})


def _takes_several(annotation: Any) -> bool:
    """A parameter declared as a list (optional or not): FastAPI reads every repeat of it."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _takes_several(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_takes_several(arg) for arg in typing.get_args(annotation))
    return origin in (list, tuple, set, frozenset)


def query_parameters(route: APIRoute) -> frozenset[str]:
    """The query parameters a route declares, its dependencies' included, as a client spells them."""
    return _parameters(route)[0]


def _parameters(route: APIRoute) -> tuple[frozenset[str], frozenset[str]]:
    """A route's query parameters, and those of them that take several values."""
    known = _QUERY_PARAMETERS.get(id(route))
    if known is not None and known[0] is route:
        return known[1], known[2]

    # walked by hand over the public Dependant fields (FastAPI's flattening helpers are private)
    def walk(dependant: Dependant) -> tuple[set[str], set[str]]:
        names = {param.alias for param in dependant.query_params}
        several = {p.alias for p in dependant.query_params if _takes_several(p.field_info.annotation)}
        for sub in dependant.dependencies:
            more, more_several = walk(sub)
            names |= more
            several |= more_several
        return names, several

    names, several = walk(route.dependant)
    _QUERY_PARAMETERS[id(route)] = (route, frozenset(names), frozenset(several | (names & COMMA_LISTS)))
    return frozenset(names), frozenset(several | (names & COMMA_LISTS))


async def known_query(request: Request) -> None:
    """400 for a query parameter the endpoint does not take: `?speaker=Putin` must not list every
    quote; and for one that takes a single value given twice, where the last would silently win."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the docs pages: Swagger's OAuth redirect takes parameters of its own
    allowed, several = _parameters(route)
    query = request.query_params
    if len(query) != len(query.multi_items()):
        repeated = sorted({name for name in query if len(query.getlist(name)) > 1} & allowed - several)
        if repeated:
            name = repeated[0]
            raise BadRequest(
                f"{name} takes one value, given {len(query.getlist(name))} times; "
                f"the parameters that take several here: {', '.join(sorted(several)) or 'none'}",
                parameter=name,
            )
    if not allowed.issuperset(request.query_params):
        unknown = sorted(set(request.query_params) - allowed)
        takes = ", ".join(sorted(allowed)) or "no query parameters"
        raise UnknownParameter(
            f"unknown query parameter {', '.join(unknown)}; this endpoint takes {takes}",
            parameter=unknown[0],
            allowed=sorted(allowed),
        )
    # the cursors this request makes and reads are bound to its filters (queries/cursors.py)
    if query:
        # an old name is its new name's filter (`date` is `day`): a cursor carries over
        bind_filters((RENAMED.get(name, name), value) for name, value in query.multi_items())


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
    """`limit` (1..500) and an opaque `cursor` from a previous page's `next` (bound to the
    filters of the request that made it: `known_query`)."""
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


class CommaLists:
    """`?expand=article&expand=speaker` as `?expand=article,speaker`: a comma-list parameter
    given twice means its values joined, so every route reads (and validates) one list.

    Pure ASGI, outside the routes: `facets` and `expand` are read by several dependencies and
    routes, and this keeps them typed as the one comma-separated string the document shows.
    """

    MARKS = tuple(f"{name}=".encode() for name in COMMA_LISTS)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw: bytes = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if raw and any(raw.count(mark) > 1 for mark in self.MARKS):
            scope = {**scope, "query_string": joined(raw.decode("latin-1")).encode("latin-1")}
        await self.app(scope, receive, send)


def joined(query: str) -> str:
    """The query string with the repeats of each comma-list parameter joined into one value."""
    pairs = parse_qsl(query, keep_blank_values=True)
    lists: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        if name in COMMA_LISTS:
            if name not in lists:
                lists[name] = []
                out.append((name, ""))
            lists[name].append(value)
        else:
            out.append((name, value))
    return urlencode([(n, ",".join(lists[n]) if n in lists else v) for n, v in out])


def problem_responses(*answers: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for error statuses, each a problem+json body: typed clients then
    read one error type whatever the route (the write routes list theirs this way)."""
    return {
        code: {
            "model": Problem,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
            "description": text,
        }
        for code, text in answers
    }
