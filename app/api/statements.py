"""Statements: each thing a speaker said once, with every article that reported it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from ..db import new_session
from ..errors import BadRequest, NotFound
from ..formats import json_page
from ..models import MAX_ID, Quote
from ..queries.expand import article_summaries
from ..queries.facets import STATEMENT_FACETS, facet_counts, parse_facets
from ..queries.filters import FilterQuery, filter_dependency
from ..queries.statements import MAX_OCCURRENCES, StatementSort, get_statement, list_statements
from ..schemas import Page, Statement
from .deps import PagingDep

router = APIRouter(prefix="/v1", tags=["statements"])

# the quote list's filters; the order is the statements' own
FilterDep = Annotated[FilterQuery, Depends(filter_dependency(figures=False, sortable=False))]
SortQuery = Annotated[
    StatementSort,
    Query(
        description="`first` (earliest first report first, the default), `-first` (latest first), `reach` "
        "(most articles first), or `id` / `-id` (the order statements were first stored)"
    ),
]
OccurrencesQuery = Annotated[
    int,
    Query(
        ge=1, le=MAX_OCCURRENCES, description="Reports shown of each statement, earliest first (at most 100)"
    ),
]
FacetsQuery = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Comma-separated: place, person, organization, date, segment (statements counted)",
    ),
]


async def expand_query(
    expand: Annotated[
        str | None,
        Query(
            max_length=100,
            description="`article`: each occurrence carries its article (title, date, source, url, authors, "
            "dateline)",
        ),
    ] = None,
) -> bool:
    """Whether to expand the occurrences' articles; a 400 naming `article` for anything else."""
    asked = {part.strip() for part in (expand or "").split(",") if part.strip()}
    if asked - {"article"}:
        raise BadRequest(
            f"expand takes article, not {', '.join(sorted(asked - {'article'}))}",
            parameter="expand",
            allowed=["article"],
        )
    return bool(asked)


ExpandDep = Annotated[bool, Depends(expand_query)]
StatementId = Annotated[int, Path(ge=1, le=MAX_ID, description="Statement id")]


@router.get("/statements", response_model=Page[Statement], summary="List statements")
def list_all(
    request: Request,
    filters: FilterDep,
    paging: PagingDep,
    sort: SortQuery = "first",
    occurrences: OccurrencesQuery = 20,
    facets: FacetsQuery = None,
    *,
    expand: ExpandDep,
) -> Any:
    """What was said, each statement once however many articles quote it, with its reports.

    A quote joins the statement of its speaker with the same words (up to case, marks and
    ellipses), a cut of them, or a few words changed; a quote with no speaker joins only
    the same words. The filters are the quote list's: a statement matches when one of its
    quotes does, and is shown whole. Example: `/v1/statements?person=Mitsotakis&sort=reach`.
    """
    names = parse_facets(facets, STATEMENT_FACETS)
    with new_session() as session:
        resolved = filters.resolve(session)
        data, count, nxt = list_statements(
            session, resolved, sort, limit=paging.limit, cursor=paging.cursor, occurrences=occurrences
        )
        if expand:
            expand_articles(session, data)
        facet_values = facet_counts(session, [Quote], resolved, names, statements=True) if names else None
    return json_page(request, data, count, nxt, facet_values)


@router.get("/statements/{statement_id}", response_model=Statement, summary="Get a statement")
def get_one(statement_id: StatementId, expand: ExpandDep, occurrences: OccurrencesQuery = 20) -> Any:
    """One statement with its first reports. Example: `/v1/statements/1?expand=article`."""
    with new_session() as session:
        found = get_statement(session, statement_id, occurrences=occurrences)
        if found is None:
            raise NotFound(f"no statement {statement_id}")
        if expand:
            expand_articles(session, [found])
    return found


def expand_articles(session: Any, statements: list[dict[str, Any]]) -> None:
    """Each occurrence with its article's card: one statement for the page."""
    ids = {occ["article_id"] for s in statements for occ in s["occurrences"]}
    cards = article_summaries(session, ids)
    for statement in statements:
        for occ in statement["occurrences"]:
            occ["article"] = cards.get(occ["article_id"])
