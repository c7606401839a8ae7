"""Quotes, claims and figures: each alone, all in one stream, per day, and per incident."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from sqlmodel import Session

from .. import models
from ..db import get_engine
from ..facets import facet_counts, parse_facets
from ..feed import TABLES, feed_page, timeline
from ..formats import LIST_CONTENT, batched, json_page, negotiate, stream
from ..incidents import incident_groups
from ..queries import FactFilter, FactModel, list_facts
from ..schemas import ClaimPublic, Fact, FigurePublic, IncidentGroup, Page, QuotePublic, Timeline
from .deps import FactFilterDep, PagingDep, SessionDep

router = APIRouter(prefix="/v1", tags=["facts"])

Category = Literal[
    "killed", "injured", "missing", "captured", "displaced", "evacuated", "population", "other"
]
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
KindQuery = Annotated[list[FactKind] | None, Query(description="Which kinds of fact (repeatable)")]


def fact_list(
    request: Request,
    session: Session,
    model: FactModel,
    filters: FactFilter,
    paging: Any,
    fmt: str | None,
    facets: str | None,
) -> Any:
    """A JSON page with facets and a Link header, or the whole set streamed as CSV/NDJSON."""
    chosen = negotiate(request, fmt)
    names = parse_facets(facets)
    if chosen != "json":

        def fetch(cursor: str | None) -> tuple[list, str | None]:
            with Session(get_engine()) as own:  # the request's session is closed before streaming ends
                data, _count, nxt = list_facts(own, model, filters, limit=500, cursor=cursor)
                return data, nxt

        return stream(chosen, batched(fetch), model.__tablename__)  # type: ignore[arg-type]
    data, count, nxt = list_facts(session, model, filters, limit=paging.limit, cursor=paging.cursor)
    facet_values = facet_counts(session, [model], filters, names) if names else None
    return json_page(request, Page(data=data, count=count, next=nxt, facets=facet_values), nxt)


@router.get("/quotes", response_model=Page[QuotePublic], summary="List direct quotes", responses=LIST_CONTENT)
def list_quotes(
    request: Request,
    session: SessionDep,
    filters: FactFilterDep,
    paging: PagingDep,
    format: FormatQuery = None,
    facets: FacetsQuery = None,
) -> Any:
    """Direct quotes with their speakers.

    `person` / `organization` match the speaker; `place` a place named in the quote's
    sentence; `q` searches the quoted words. Example: `/v1/quotes?person=Stoltenberg`.
    """
    return fact_list(request, session, models.Quote, filters, paging, format, facets)


@router.get(
    "/claims", response_model=Page[ClaimPublic], summary="List attributed claims", responses=LIST_CONTENT
)
def list_claims(
    request: Request,
    session: SessionDep,
    filters: FactFilterDep,
    paging: PagingDep,
    format: FormatQuery = None,
    facets: FacetsQuery = None,
) -> Any:
    """Attributed statements ("X said that ...") with their source.

    `person` / `organization` match the source. Example: `/v1/claims?date=2022-03-30`.
    """
    return fact_list(request, session, models.Claim, filters, paging, format, facets)


@router.get(
    "/figures", response_model=Page[FigurePublic], summary="List casualty figures", responses=LIST_CONTENT
)
def list_figures(
    request: Request,
    session: SessionDep,
    filters: FactFilterDep,
    paging: PagingDep,
    category: Annotated[Category | None, Query(description="killed, injured, missing, ...")] = None,
    format: FormatQuery = None,
    facets: FacetsQuery = None,
) -> Any:
    """Casualty figures: category, value, qualifier, place, day and who reported them.

    Each carries `incident` (category|place|day): reports of one incident share it; see
    `/v1/figures/groups`. Example: `/v1/figures?place=Mykolaiv&category=killed`.
    """
    filters = replace(filters, category=category)
    return fact_list(request, session, models.Figure, filters, paging, format, facets)


@router.get(
    "/figures/groups", response_model=Page[IncidentGroup], summary="Casualty reports grouped by incident"
)
def list_figure_groups(
    session: SessionDep,
    filters: FactFilterDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Groups per page")] = 50,
    cursor: Annotated[str | None, Query(max_length=200, description="`next` of the previous page")] = None,
    category: Annotated[Category | None, Query(description="killed, injured, missing, ...")] = None,
) -> Page[IncidentGroup]:
    """Reports of the same incident (category, place, day) with every value and its source.

    `best` is the highest value reported, never an average: tolls rise as bodies are
    found and "at least 15" agrees with a later 20. `consistent` is false when two exact
    reports disagree. Example: `/v1/figures/groups?place=Mykolaiv`.
    """
    filters = replace(filters, category=category)
    groups, nxt = incident_groups(session, filters, limit=limit, after=cursor)
    return Page(data=groups, count=len(groups), next=nxt)


@router.get(
    "/facts",
    response_model=Page[Fact],
    summary="Quotes, claims and figures in one stream",
    responses=LIST_CONTENT,
)
def list_all_facts(
    request: Request,
    session: SessionDep,
    filters: FactFilterDep,
    paging: PagingDep,
    kind: KindQuery = None,
    format: FormatQuery = None,
    facets: FacetsQuery = None,
) -> Any:
    """Every kind of fact in one stream, each with a `kind` field, ordered by day.

    The same filters as the single lists; what a timeline or a feed consumes.
    Example: `/v1/facts?date=2022-03-29`.
    """
    kinds: list[FactKind] = kind or list(FACT_KINDS)
    if filters.sort in ("id", "-id"):
        filters = replace(filters, sort="-day" if filters.sort == "-id" else "day")
    chosen = negotiate(request, format)
    if chosen != "json":

        def fetch(cursor: str | None) -> tuple[list, str | None]:
            with Session(get_engine()) as own:
                data, _count, nxt = feed_page(own, filters, kinds, limit=500, cursor=cursor)
                return data, nxt

        return stream(chosen, batched(fetch), "facts")
    data, count, nxt = feed_page(session, filters, kinds, limit=paging.limit, cursor=paging.cursor)
    names = parse_facets(facets)
    tables = [TABLES[k] for k in kinds]
    facet_values = facet_counts(session, tables, filters, names) if names else None
    return json_page(request, Page(data=data, count=count, next=nxt, facets=facet_values), nxt)


@router.get("/timeline", response_model=Timeline, summary="Facts per day")
def get_timeline(
    session: SessionDep,
    filters: FactFilterDep,
    kind: KindQuery = None,
    facts: Annotated[bool, Query(description="Include each day's facts (at most 100 a day)")] = False,
) -> Timeline:
    """Counts of quotes, claims and figures per day under the same filters, oldest first.

    Example: `/v1/timeline?person=Putin`.
    """
    return Timeline(data=timeline(session, filters, kind or list(FACT_KINDS), with_facts=facts))
