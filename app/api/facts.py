"""Quotes, claims and figures, each filterable by person, place, date and article."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from .. import models
from ..queries import list_facts
from ..schemas import ClaimPublic, FigurePublic, Page, QuotePublic
from .deps import FactFilterDep, PagingDep, SessionDep

router = APIRouter(prefix="/v1", tags=["facts"])

Category = Literal[
    "killed", "injured", "missing", "captured", "displaced", "evacuated", "population", "other"
]


@router.get("/quotes", response_model=Page[QuotePublic], summary="List direct quotes")
def list_quotes(session: SessionDep, filters: FactFilterDep, paging: PagingDep) -> Page[QuotePublic]:
    """Direct quotes with their speakers. `person` matches the speaker; `place` a place named in the sentence."""
    data, count, nxt = list_facts(session, models.Quote, filters, limit=paging.limit, cursor=paging.cursor)
    return Page(data=data, count=count, next=nxt)


@router.get("/claims", response_model=Page[ClaimPublic], summary="List attributed claims")
def list_claims(session: SessionDep, filters: FactFilterDep, paging: PagingDep) -> Page[ClaimPublic]:
    """Attributed statements ("X said that ..."). `person` matches the source."""
    data, count, nxt = list_facts(session, models.Claim, filters, limit=paging.limit, cursor=paging.cursor)
    return Page(data=data, count=count, next=nxt)


@router.get("/figures", response_model=Page[FigurePublic], summary="List casualty figures")
def list_figures(
    session: SessionDep,
    filters: FactFilterDep,
    paging: PagingDep,
    category: Annotated[Category | None, Query(description="killed, injured, missing, ...")] = None,
) -> Page[FigurePublic]:
    """Casualty figures with category, value, qualifier, place, date and who reported them."""
    filters = replace(filters, category=category)
    data, count, nxt = list_facts(session, models.Figure, filters, limit=paging.limit, cursor=paging.cursor)
    return Page(data=data, count=count, next=nxt)
