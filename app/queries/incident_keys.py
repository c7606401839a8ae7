"""The key that groups a figure with the other reports of its incident, in SQL and in Python.

A dated figure's key is its stored `incident` (`killed|mykolaiv|2022-03-29`). A casualty
figure with a place and no incident (no day in the text, and not the one incident of its
place that day) is a place's running toll ("thousands have died in Mykolaiv"): the map
counts it, so `/v1/figures/groups` lists it too, the running toll of each category and
place as one group keyed `killed|#12|` (the place's id, no day). Population and other
counts are no casualties: no group, as on the map.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, and_, case, cast, func, literal_column

from ..extract.types import Category

NOT_CASUALTIES = (Category.POPULATION.value, Category.OTHER.value)


def _sql_text(value: str) -> Any:
    """A string written into the SQL, not bound: the key is grouped by, and PostgreSQL takes a
    GROUP BY expression for the selected one only when both are the same text, which two
    bind parameters of the same value are not."""
    return literal_column(f"'{value}'", String)


def running_toll(figure: Any) -> Any:
    """SQL: whether a figure (a table or alias) is a place's undated running toll."""
    return and_(
        figure.c.incident.is_(None),
        figure.c.place_id.is_not(None),
        *(figure.c.category != _sql_text(c) for c in NOT_CASUALTIES),
    )


def undated_key(figure: Any) -> Any:
    """SQL: the key of a running toll (`killed|#12|`), whatever the figure is."""
    # `||`, not concat(): SQLite has concat() only since 3.44
    place = cast(figure.c.place_id, String)
    return figure.c.category.concat(_sql_text("|#")).concat(place).concat(_sql_text("|"))


def group_key(figure: Any) -> Any:
    """SQL: a figure's group key, None for a figure no group holds."""
    return func.coalesce(figure.c.incident, case((running_toll(figure), undated_key(figure))))


def group_key_of(category: str, place_id: int | None, incident: str | None) -> str | None:
    """The same key, of a figure already read."""
    if incident is not None:
        return incident
    if place_id is None or category in NOT_CASUALTIES:
        return None
    return f"{category}|#{place_id}|"


def is_running_toll(key: str) -> bool:
    """Whether a group key is a place's undated running toll (`killed|#12|`)."""
    return key.endswith("|") and "|#" in key


def day_of_key(key: str) -> dt.date | None:
    """A group's day: its key's last part (`killed|mykolaiv|2022-03-29`), None for a running toll."""
    day = key.rsplit("|", 1)[-1]
    return dt.date.fromisoformat(day) if day else None
