"""Dependencies the routes share: the session, paging, and the fact filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Depends, Query
from sqlmodel import Session

from ..db import get_session
from ..errors import BadRequest
from ..models import MAX_ID
from ..queries import FactFilter, places_within, resolve_entity

SessionDep = Annotated[Session, Depends(get_session)]


class Paging:
    """`limit` (1..500) and an opaque `cursor` from a previous page's `next`."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=500, description="Rows per page, at most 500")] = 50,
        cursor: Annotated[
            str | None, Query(max_length=200, description="The `next` value of the previous page")
        ] = None,
    ) -> None:
        self.limit = limit
        self.cursor = cursor


PagingDep = Annotated[Paging, Depends()]


def fact_filter(
    session: SessionDep,
    person: Annotated[
        str | None,
        Query(max_length=200, description="Person id or name (any alias, case- and accent-insensitive)"),
    ] = None,
    place: Annotated[
        str | None, Query(max_length=200, description="Place id or name, e.g. `Mykolaiv` or `mykolayiv`")
    ] = None,
    date: Annotated[dt.date | None, Query(description="Facts about this day (YYYY-MM-DD)")] = None,
    since: Annotated[dt.date | None, Query(alias="from", description="Facts on or after this day")] = None,
    until: Annotated[dt.date | None, Query(alias="to", description="Facts on or before this day")] = None,
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
            max_length=500, description="Full-text search over quote and claim text (every word must match)"
        ),
    ] = None,
    sort: Annotated[
        Literal["id", "-id", "day", "-day"],
        Query(description="Order: by id (ingest order) or by day; '-' reverses"),
    ] = "id",
) -> FactFilter:
    if since and until and since > until:
        raise BadRequest(f"'from' ({since}) is after 'to' ({until})")
    return FactFilter(
        people=resolve_entity(session, "person", person) if person else None,
        organizations=resolve_entity(session, "organization", organization) if organization else None,
        places=places_within(session, resolve_entity(session, "place", place)) if place else None,
        article=article,
        day=date,
        since=since,
        until=until,
        segment=segment,
        q=q,
        sort=sort,
    )


FactFilterDep = Annotated[FactFilter, Depends(fact_filter)]
