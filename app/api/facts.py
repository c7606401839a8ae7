"""Quotes, claims and figures: each alone, all in one stream, per day, and per incident."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BeforeValidator, Field

from .. import models
from ..db import new_session
from ..errors import BadCursor, BadRequest
from ..formats import MEDIA, CSVResponse, batched, dumps, json_page, link_header, negotiate, stream
from ..queries.cursors import cursor_for, cursor_from
from ..queries.expand import ExpandDep, expand_facts
from ..queries.facets import GROUP_FACETS, facet_counts, parse_facets
from ..queries.facts import feed_page, list_facts
from ..queries.filters import (
    FACT_TABLES,
    KIND_OF,
    MAX_VALUES,
    FactFilter,
    FactModel,
    FilterQuery,
    filter_dependency,
    split_values,
)
from ..queries.incidents import MAX_REPORTS, incident_groups
from ..queries.search import Search, highlight
from ..queries.timeline import MAX_PER_DAY, timeline, timeline_page
from ..schemas import Claim, Fact, Figure, IncidentGroup, Page, Quote, Timeline
from .deps import CursorQuery, Paging, PagingDep

router = APIRouter(prefix="/v1", tags=["facts"])

# the filters every fact route takes, and (figure routes) with the figure-only ones
FilterDep = Annotated[FilterQuery, Depends(filter_dependency(figures=False))]
FigureFilterDep = Annotated[FilterQuery, Depends(filter_dependency(figures=True))]
# `format=csv|ndjson` (and that Accept) still stream from the list, as before the exports
# had paths of their own; left out of the document, whose list 200 is the JSON page alone
FormatQuery = Annotated[
    Literal["json", "csv", "ndjson"] | None,
    Query(
        include_in_schema=False,
        description="json (a page), or csv / ndjson (every matching row, streamed); or use Accept",
    ),
]
FacetsQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: place, person, organization, category, day, segment, kind "
        "(`date` is `day` by its deprecated name)",
    ),
]
FactKind = Literal["quote", "claim", "figure"]
FACT_KINDS: tuple[FactKind, ...] = ("quote", "claim", "figure")
PUBLIC_SHAPES: dict[str, type[Quote | Claim | Figure]] = {
    "quote": Quote,
    "claim": Claim,
    "figure": Figure,
}
# written out as `several` builds it, for mypy, which takes no type made by a call
KindQuery = Annotated[
    Annotated[list[FactKind], Field(min_length=1, max_length=MAX_VALUES)] | None,
    BeforeValidator(split_values),
    Query(description="Which kinds of fact: repeated or comma-separated"),
]
ExportFormat = Annotated[Literal["csv", "ndjson"], Path(description="csv, or ndjson: one JSON object a line")]
# the exports' 200: CSV from the response class, NDJSON beside it; never a JSON page, so a
# generated client types each list's JSON 200 as its page alone
EXPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {MEDIA["ndjson"]: {"schema": {"type": "string"}}},
        "description": "Every matching row, streamed as CSV (the flattened columns) or NDJSON",
    }
}


@dataclass(frozen=True)
class Output:
    """How a list answers: its format, and the facets it counts."""

    format: str | None
    facets: str | None


async def output(format: FormatQuery = None, facets: FacetsQuery = None) -> Output:
    """How a list answers: `format` (or Accept) and the `facets` to count."""
    return Output(format, facets)


OutputDep = Annotated[Output, Depends(output)]


def fact_list(
    request: Request,
    model: FactModel,
    query: FilterQuery,
    paging: Paging,
    out: Output,
    expand: frozenset[str],
) -> Any:
    """A JSON page with facets and a Link header, or (`format=`, Accept) the whole set streamed."""
    chosen = negotiate(request, out.format)
    if chosen != "json":
        return fact_export(chosen, model, query, expand)
    names = parse_facets(out.facets)
    # the three lists share one pager; a cursor names the list that gave it out, since a
    # claim's id means nothing among quotes
    listing = KIND_OF[model]
    cursor = cursor_from(listing, paging.cursor)
    with new_session() as session:
        filters = query.resolve(session)
        data, count, nxt = list_facts(session, model, filters, limit=paging.limit, cursor=cursor)
        expand_facts(session, with_highlights(data, filters.q), expand)
        facet_values = facet_counts(session, [model], filters, names) if names else None
    return json_page(request, data, count, cursor_for(listing, nxt), facet_values)


def fact_export(fmt: str, model: FactModel, query: FilterQuery, expand: frozenset[str]) -> Any:
    """Every fact of one table matching the filters, streamed as CSV or NDJSON."""
    fields = export_expand(fmt, expand)
    with new_session() as session:
        filters = query.resolve(session)
    shape = PUBLIC_SHAPES[KIND_OF[model]]
    return stream(fmt, batched(partial(_next_batch, model, filters, fields)), model.__tablename__, [shape])  # type: ignore[arg-type]


def export_expand(fmt: str, expand: frozenset[str]) -> frozenset[str]:
    """What an export expands: NDJSON as a page does; CSV keeps its columns, so asking is a 400."""
    if fmt == "csv" and expand:
        raise BadRequest("expand applies to JSON and NDJSON; CSV keeps its columns", parameter="expand")
    return expand


def with_highlights(data: list[dict[str, Any]], q: Search | None) -> list[dict[str, Any]]:
    """Each quote and claim of a `q` search with the offsets of its matching words."""
    if q:
        for fact in data:
            if fact["kind"] != "figure":  # q never matches a figure
                fact["highlight"] = highlight(fact["text"], q)
    return data


def _next_batch(
    model: FactModel, filters: FactFilter, expand: frozenset[str], cursor: str | None
) -> tuple[list, str | None]:
    # each batch its own session: the request's is closed before streaming ends
    with new_session() as session:
        data, _count, nxt = list_facts(session, model, filters, limit=500, cursor=cursor)
        return expand_facts(session, data, expand), nxt


@router.get("/quotes", response_model=Page[Quote], summary="List direct quotes")
def list_quotes(
    request: Request, filters: FilterDep, paging: PagingDep, out: OutputDep, expand: ExpandDep
) -> Any:
    """Direct quotes with their sources, who said them.

    `person` / `organization` match the source; `place` a place named in the quote's
    sentence; `q` searches the quoted words. Example: `/v1/quotes?person=Stoltenberg`.
    """
    return fact_list(request, models.Quote, filters, paging, out, expand)


@router.get("/claims", response_model=Page[Claim], summary="List attributed claims")
def list_claims(
    request: Request, filters: FilterDep, paging: PagingDep, out: OutputDep, expand: ExpandDep
) -> Any:
    """Attributed statements ("X said that ...") with their source.

    `person` / `organization` match the source. Example: `/v1/claims?day=2022-03-30`.
    """
    return fact_list(request, models.Claim, filters, paging, out, expand)


@router.get("/figures", response_model=Page[Figure], summary="List casualty figures")
def list_figures(
    request: Request, filters: FigureFilterDep, paging: PagingDep, out: OutputDep, expand: ExpandDep
) -> Any:
    """Casualty figures: category, value, qualifier, place, day and who reported them.

    Each carries `incident` (category|place|day): reports of one incident share it; see
    `/v1/figures/groups`. Example: `/v1/figures?place=Mykolaiv&category=killed`.
    """
    return fact_list(request, models.Figure, filters, paging, out, expand)


GroupFacetsQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: place, person, organization, category, day, segment (groups counted)",
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
    reports: Annotated[
        int,
        Query(
            ge=1, le=MAX_REPORTS, description="Reports shown of each group, its first by day (at most 100)"
        ),
    ] = 20,
    *,
    expand: ExpandDep,
) -> Page[IncidentGroup]:
    """Reports of the same incident (category, place, day) with every value and its source.

    `best` is the highest value reported, never an average: tolls rise as bodies are
    found and "at least 15" agrees with a later 20. `consistent` is false when two exact
    reports disagree. Example: `/v1/figures/groups?place=Mykolaiv`.

    Pages like the other lists: `count` is every group matching, `Link` points to the next
    page, and `sort` orders the groups by their first report (`id`) or earliest `day`.
    The filters keep the reports they match; `facets` counts groups, not reports.

    A group shows its first `reports` reports (default 20) and `report_count`, all of them;
    `values`, `best` and `consistent` are over all of them, and `/v1/figures?incident=KEY`
    (with the same filters) lists them. A page stops before 500 reports shown, so it may
    hold fewer than `limit` groups; `next` goes on from there.

    A place's casualty figures with no day (a running toll: "thousands have died") are a
    group of their own per category, `date` null, keyed `killed|#12|`; each group's
    `counted` is what it adds to the place's map total, so the groups of a place add up to
    it. `expand=article,source,place` expands the reports as on
    `/v1/figures`: a place's casualty card is one request.
    """
    names = parse_facets(facets, GROUP_FACETS)
    with new_session() as session:
        resolved = filters.resolve(session)
        groups, count, nxt = incident_groups(
            session, resolved, limit=paging.limit, cursor=paging.cursor, reports=reports, expand=expand
        )
        tables = [models.Figure]
        facet_values = facet_counts(session, tables, resolved, names, incidents=True) if names else None
    link_header(request, response, nxt)
    return Page(data=groups, count=count, next=nxt, facets=facet_values)


@router.get(
    "/facts",
    response_model=Page[Fact],
    summary="Quotes, claims and figures in one stream",
    operation_id="listFacts",
)
def list_all_facts(
    request: Request,
    query: FilterDep,
    paging: PagingDep,
    kind: KindQuery = None,
    *,
    out: OutputDep,
    expand: ExpandDep,
) -> Any:
    """Every kind of fact in one stream, each with a `kind` field, ordered by day.

    The same filters as the single lists; what a timeline or a feed consumes.
    Example: `/v1/facts?day=2022-03-29`.
    """
    kinds: list[FactKind] = kind or list(FACT_KINDS)
    chosen = negotiate(request, out.format)
    if chosen != "json":
        return feed_export(chosen, query, kinds, expand)
    names = parse_facets(out.facets)
    cursor = cursor_from("fact", paging.cursor)
    with new_session() as session:
        filters = by_day(query.resolve(session))
        data, count, nxt = feed_page(session, filters, kinds, limit=paging.limit, cursor=cursor)
        expand_facts(session, with_highlights(data, filters.q), expand)
        tables = [FACT_TABLES[k] for k in kinds]
        facet_values = facet_counts(session, tables, filters, names) if names else None
    return json_page(request, data, count, cursor_for("fact", nxt), facet_values)


def by_day(filters: FactFilter) -> FactFilter:
    """The stream has no single id order: `id` sorts it by day instead."""
    if filters.sort in ("id", "-id"):
        return replace(filters, sort="-day" if filters.sort == "-id" else "day")
    return filters


def feed_export(fmt: str, query: FilterQuery, kinds: list[FactKind], expand: frozenset[str]) -> Any:
    """Every fact of the chosen kinds matching the filters, streamed as CSV or NDJSON."""
    fields = export_expand(fmt, expand)
    with new_session() as session:
        filters = by_day(query.resolve(session))
    shapes = [PUBLIC_SHAPES[k] for k in kinds]
    return stream(fmt, batched(partial(_next_feed_batch, filters, kinds, fields)), "facts", shapes)


def _next_feed_batch(
    filters: FactFilter, kinds: list[FactKind], expand: frozenset[str], cursor: str | None
) -> tuple[list, str | None]:
    with new_session() as session:
        data, _count, nxt = feed_page(session, filters, kinds, limit=500, cursor=cursor)
        return expand_facts(session, data, expand), nxt


@router.get(
    "/quotes.{format}", summary="Quotes as CSV or NDJSON", response_class=CSVResponse, responses=EXPORT
)
def export_quotes(format: ExportFormat, filters: FilterDep, expand: ExpandDep) -> Any:
    """Every quote matching the filters, streamed: `/v1/quotes` without paging."""
    return fact_export(format, models.Quote, filters, expand)


@router.get(
    "/claims.{format}", summary="Claims as CSV or NDJSON", response_class=CSVResponse, responses=EXPORT
)
def export_claims(format: ExportFormat, filters: FilterDep, expand: ExpandDep) -> Any:
    """Every claim matching the filters, streamed: `/v1/claims` without paging."""
    return fact_export(format, models.Claim, filters, expand)


@router.get(
    "/figures.{format}", summary="Figures as CSV or NDJSON", response_class=CSVResponse, responses=EXPORT
)
def export_figures(format: ExportFormat, filters: FigureFilterDep, expand: ExpandDep) -> Any:
    """Every figure matching the filters, streamed: `/v1/figures` without paging."""
    return fact_export(format, models.Figure, filters, expand)


@router.get("/facts.{format}", summary="Facts as CSV or NDJSON", response_class=CSVResponse, responses=EXPORT)
def export_facts(
    format: ExportFormat, filters: FilterDep, kind: KindQuery = None, *, expand: ExpandDep
) -> Any:
    """Every quote, claim and figure matching the filters, by day, streamed: `/v1/facts` without paging."""
    return feed_export(format, filters, kind or list(FACT_KINDS), expand)


@router.get("/timeline", response_model=Timeline, summary="Facts per day")
def get_timeline(
    request: Request,
    filters: FilterDep,
    kind: KindQuery = None,
    facts: Annotated[
        bool, Query(description="Include each day's facts; the days then come in pages (`days`, `next`)")
    ] = False,
    days: Annotated[
        int,
        Query(ge=1, le=366, description="With `facts=true`: days per page (a page also stops at 500 facts)"),
    ] = 31,
    per_day: Annotated[
        int, Query(ge=1, le=MAX_PER_DAY, description="With `facts=true`: the facts shown of each day")
    ] = MAX_PER_DAY,
    cursor: CursorQuery = None,
    *,
    expand: ExpandDep,
) -> Any:
    """Counts of quotes, claims and figures per day under the same filters, oldest first.

    Without `facts`, every day in one answer. With `facts=true`, each day also holds its
    first `per_day` facts, and the days come in pages: at most `days` days and 500 facts
    a page (never less than one day), `next` (and `Link`) continuing; a day with more
    facts than it shows gives `facts_next`, the cursor of `/v1/facts?day=DAY` (same
    filters and sort) after them. Example: `/v1/timeline?person=Putin`.
    """
    kinds = kind or list(FACT_KINDS)
    if cursor is not None and not facts:
        # without facts every day is in one answer: a cursor there would be silently ignored
        raise BadCursor(
            "a cursor pages /v1/timeline?facts=true only; without facts every day is in one answer"
        )
    with new_session() as session:
        resolved = filters.resolve(session)
        if not facts:
            every = timeline(session, resolved, kinds)
            body = {"data": every, "count": len(every), "next": None}
            return Response(dumps(body), media_type=MEDIA["json"])
        page = timeline_page(
            session, resolved, kinds, days=days, per_day=per_day, cursor=cursor, expand=expand
        )
    for day in page.days:
        with_highlights(day["facts"], resolved.q)
    answer = Response(
        dumps({"data": page.days, "count": page.count, "next": page.next}), media_type=MEDIA["json"]
    )
    link_header(request, answer, page.next)
    return answer
