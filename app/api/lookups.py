"""`?ids=1,2,3`: several entities or articles in one request, for a client filling cards."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field

from ..models import MAX_ID
from ..queries.filters import split_values

MAX_IDS = 100
MAX_DIGITS = 10**12 - 1  # twelve digits, as the comma list took before it was a list of integers
# Integers, as ids are everywhere (README, "Vocabulary"): an array in the document, sent
# repeated or as one comma list (`ids=1,2,3`, as before); anything but digits is a 422
# before any SQL runs
Ids = Annotated[
    Annotated[list[Annotated[int, Field(ge=0, le=MAX_DIGITS)]], Field(min_length=1, max_length=MAX_IDS)]
    | None,
    BeforeValidator(split_values),
    Query(
        description=f"Ids (at most {MAX_IDS}), repeated or comma-separated: just those rows, in id "
        "order; ids that do not exist are left out",
        examples=[[1, 2, 3]],
    ),
]


def lookup_ids(ids: Ids = None) -> tuple[int, ...] | None:
    """The distinct ids asked for, or None when the list is not filtered by id."""
    if ids is None:
        return None
    # an id past MAX_ID was never given out (and PostgreSQL's INTEGER cannot hold it): it is
    # one of the ids that do not exist, left out rather than sent to the database
    return tuple(sorted({n for n in ids if n <= MAX_ID}))


IdsDep = Annotated[tuple[int, ...] | None, Depends(lookup_ids)]
