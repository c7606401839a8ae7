"""`?ids=1,2,3`: several entities or articles in one request, for a client filling cards."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from ..models import MAX_ID

MAX_IDS = 100
# digits and commas only, at most MAX_IDS: anything else is a 422 before any SQL runs
IDS_PATTERN = rf"^[0-9]{{1,12}}(,[0-9]{{1,12}}){{0,{MAX_IDS - 1}}}$"


def lookup_ids(
    ids: Annotated[
        str | None,
        Query(
            pattern=IDS_PATTERN,
            max_length=13 * MAX_IDS,
            description=f"Comma-separated ids (at most {MAX_IDS}): just those rows, in id order; "
            "ids that do not exist are left out",
            examples=["1,2,3"],
        ),
    ] = None,
) -> tuple[int, ...] | None:
    """The distinct ids asked for, or None when the list is not filtered by id."""
    if ids is None:
        return None
    # an id past MAX_ID was never given out (and PostgreSQL's INTEGER cannot hold it): it is
    # one of the ids that do not exist, left out rather than sent to the database
    return tuple(sorted({n for n in map(int, ids.split(",")) if n <= MAX_ID}))


IdsDep = Annotated[tuple[int, ...] | None, Depends(lookup_ids)]
