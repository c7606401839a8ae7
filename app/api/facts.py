"""Quotes, claims and figures: each alone, all in one stream, per day, and per incident."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from .. import models
from ..cursors import cursor_for, cursor_from
from ..db import new_session
from ..formats import LIST_CONTENT, batched, json_page, link_header, negotiate, stream
from ..queries.facets import GROUP_FACETS, facet_counts, parse_facets
from ..queries.facts import feed_page, list_facts, timeline
from ..queries.filters import FACT_TABLES, KIND_OF, FactFilter, FactModel, FilterQuery, filter_dependency
from ..queries.incidents import incident_groups
from ..queries.search import highlight
from ..schemas import ClaimPublic, Fact, FigurePublic, IncidentGroup, Page, QuotePublic, Timeline
from .deps import Paging, PagingDep

router = APIRouter(prefix="/v1", tags=["facts"])

# the filters every fact route takes, and (figure routes) with the figure-only ones
FilterDep = Annotated[FilterQuery, Depends(filter_dependency(figures=False))]
FigureFilterDep = Annotated[FilterQuery, Depends(filter_dependency(figures=True))]
FormatQuery = Annotated[
    Literal["json", "csv", "ndjson"] | None,
    Query(description="json (a page), or csv / ndjson (every matching row, streamed); or use Accept"),
]
FacetsQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: place, person, organization, category, date, segment, kind",
    ),
]
FactKind = Literal["quote", "claim", "figure"]
FACT_KINDS: tuple[FactKind, ...] = ("quote", "claim", "figure")
PUBLIC_SHAPES: dict[str, type[QuotePublic | ClaimPublic | FigurePublic]] = {
    "quote": QuotePublic,
    "claim": ClaimPublic,
    "figure": FigurePublic,
}
KindQuery = Annotated[list[FactKind] | None, Query(description="Which kinds of fact (repeatable)")]


@dataclass(frozen=True)
class Output:
    """How a list answers: its format, and the facets it counts."""

    format: str | None
    facets: str | None


async def output(format: FormatQuery = None, facets: FacetsQuery = None) -> Output:
    """How a list answers: `format` (or Accept) and the `facets` to count."""
    return Output(format, facets)


OutputDep = Annotated[Output, Depends(output)]


def fact_list(request: Request, model: FactModel, query: FilterQuery, paging: Paging, out: Output) -> Any:
    """A JSON page with facets and a Link header, or the whole set streamed as CSV/NDJSON."""
    chosen = negotiate(request, out.format)
    names = parse_facets(out.facets)
    # the three lists share one pager; a cursor names the list that gave it out, since a
    # claim's id means nothing among quotes
    listing = KIND_OF[model]
    cursor = cursor_from(listing, paging.cursor)
    with new_session() as session:
        filters = query.resolve(session)
        if chosen != "json":
            shape = PUBLIC_SHAPES[listing]
            return stream(chosen, batched(partial(_next_batch, model, filters)), model.__tablename__, [shape])  # type: ignore[arg-type]
        data, count, nxt = list_facts(session, model, filters, limit=paging.limit, cursor=cursor)
        facet_values = facet_counts(session, [model], filters, names) if names else None
    return json_page(request, with_highlights(data, filters.q), count, cursor_for(listing, nxt), facet_values)


def with_highlights(data: list[dict[str, Any]], q: str | None) -> list[dict[str, Any]]:
    """Each quote and claim of a `q` search with the offsets of its matching words."""
    if q:
        for fact in data:
            if fact["kind"] != "figure":  # q never matches a figure
                fact["highlight"] = highlight(fact["text"], q)
    return data


def _next_batch(model: FactModel, filters: FactFilter, cursor: str | None) -> tuple[list, str | None]:
    # each batch its own session: the request's is closed before streaming ends
    with new_session() as session:
        data, _count, nxt = list_facts(session, model, filters, limit=500, cursor=cursor)
        return data, nxt


@router.get("/quotes", response_model=Page[QuotePublic], summary="List direct quotes", responses=LIST_CONTENT)
def list_quotes(request: Request, filters: FilterDep, paging: PagingDep, out: OutputDep) -> Any:
    """Direct quotes with their speakers.

    `person` / `organization` match the speaker; `place` a place named in the quote's
    sentence; `q` searches the quoted words. Example: `/v1/quotes?person=Stoltenberg`.
    """
    return fact_list(request, models.Quote, filters, paging, out)


@router.get(
    "/claims", response_model=Page[ClaimPublic], summary="List attributed claims", responses=LIST_CONTENT
)
def list_claims(request: Request, filters: FilterDep, paging: PagingDep, out: OutputDep) -> Any:
    """Attributed statements ("X said that ...") with their source.

    `person` / `organization` match the source. Example: `/v1/claims?date=2022-03-30`.
    """
    return fact_list(request, models.Claim, filters, paging, out)


@router.get(
    "/figures", response_model=Page[FigurePublic], summary="List casualty figures", responses=LIST_CONTENT
)
def list_figures(request: Request, filters: FigureFilterDep, paging: PagingDep, out: OutputDep) -> Any:
    """Casualty figures: category, value, qualifier, place, day and who reported them.

    Each carries `incident` (category|place|day): reports of one incident share it; see
    `/v1/figures/groups`. Example: `/v1/figures?place=Mykolaiv&category=killed`.
    """
    return fact_list(request, models.Figure, filters, paging, out)


GroupFacetsQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: place, person, organization, category, date, segment (groups counted)",
    ),
]


@router.get(
    "/figures/groups", response_model=Page[IncidentGroup], summary="Casualty reports grouped by incident"
)
def list_figure_groups(
    request: Request,
    response: Response,
    filters: FigureFilterDep,
    paging: PagingDep,
    facets: GroupFacetsQuery = None,
) -> Page[IncidentGroup]:
    """Reports of the same incident (category, place, day) with every value and its source.

    `best` is the highest value reported, never an average: tolls rise as bodies are
    found and "at least 15" agrees with a later 20. `consistent` is false when two exact
    reports disagree. Example: `/v1/figures/groups?place=Mykolaiv`.

    Pages like the other lists: `count` is every group matching, `Link` points to the next
    page, and `sort` orders the groups by their first report (`id`) or earliest `day`.
    The filters keep the reports they match; `facets` counts groups, not reports.
    """
    names = parse_facets(facets, GROUP_FACETS)
    with new_session() as session:
        resolved = filters.resolve(session)
        groups, count, nxt = incident_groups(session, resolved, limit=paging.limit, cursor=paging.cursor)
        tables = [models.Figure]
        facet_values = facet_counts(session, tables, resolved, names, incidents=True) if names else None
    link_header(request, response, nxt)
    return Page(data=groups, count=count, next=nxt, facets=facet_values)


@router.get(
    "/facts",
    response_model=Page[Fact],
    summary="Quotes, claims and figures in one stream",
    responses=LIST_CONTENT,
)
def list_all_facts(
    request: Request,
    query: FilterDep,
    paging: PagingDep,
    kind: KindQuery = None,
    *,
    out: OutputDep,
) -> Any:
    """Every kind of fact in one stream, each with a `kind` field, ordered by day.

    The same filters as the single lists; what a timeline or a feed consumes.
    Example: `/v1/facts?date=2022-03-29`.
    """
    kinds: list[FactKind] = kind or list(FACT_KINDS)
    chosen = negotiate(request, out.format)
    names = parse_facets(out.facets)
    cursor = cursor_from("fact", paging.cursor)
    with new_session() as session:
        filters = query.resolve(session)
        if filters.sort in ("id", "-id"):  # the stream has no single id order: by day instead
            filters = replace(filters, sort="-day" if filters.sort == "-id" else "day")
        if chosen != "json":
            shapes = [PUBLIC_SHAPES[k] for k in kinds]
            return stream(chosen, batched(partial(_next_feed_batch, filters, kinds)), "facts", shapes)
        data, count, nxt = feed_page(session, filters, kinds, limit=paging.limit, cursor=cursor)
        tables = [FACT_TABLES[k] for k in kinds]
        facet_values = facet_counts(session, tables, filters, names) if names else None
    return json_page(request, with_highlights(data, filters.q), count, cursor_for("fact", nxt), facet_values)


def _next_feed_batch(
    filters: FactFilter, kinds: list[FactKind], cursor: str | None
) -> tuple[list, str | None]:
    with new_session() as session:
        data, _count, nxt = feed_page(session, filters, kinds, limit=500, cursor=cursor)
        return data, nxt


@router.get("/timeline", response_model=Timeline, summary="Facts per day")
def get_timeline(
    filters: FilterDep,
    kind: KindQuery = None,
    facts: Annotated[bool, Query(description="Include each day's facts (at most 100 a day)")] = False,
) -> Timeline:
    """Counts of quotes, claims and figures per day under the same filters, oldest first.

    Example: `/v1/timeline?person=Putin`.
    """
    with new_session() as session:
        days = timeline(session, filters.resolve(session), kind or list(FACT_KINDS), with_facts=facts)
    return Timeline(data=days)
