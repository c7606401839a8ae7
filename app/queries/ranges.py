"""One range model for every figure: a lower bound, an upper bound and the value to show.

Extraction stores a count as the article gives it (`value`; `value_min`..`value_max` for
"15 to 20"; `value_min` alone for "thousands"; a qualifier for "at least 15"), which left
a client two shapes to read. Every figure is served as `low`, `high` (None: the text sets
no bound on that side) and `value`, the number the map adds up: the exact count, else the
lower bound, else (for "up to 15") the count the text names. `min_value` and `max_value`
compare that same `value` (`shown_value`), so a list and the map never disagree on a figure.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

# Qualifiers that make the count a floor ("at least 15": 15 or more) or a ceiling ("up to
# 15"); the hedges ("about 15", "some 15") keep the count as both bounds with `approximate`.
FLOORS = frozenset(
    {
        "at least",
        "more than",
        "over",
        "upwards of",
        "in excess of",
        "just over",
        "well over",
        "no fewer than",
        "no less than",
        "as few as",
        "or more",
    }
)
CEILINGS = frozenset(
    {
        "up to",
        "as many as",
        "at most",
        "fewer than",
        "less than",
        "just under",
        "nearly",
        "almost",
        "close to",
    }
)


def figure_range(
    value: int | None, value_min: int | None, value_max: int | None, qualifier: str | None
) -> tuple[int, int | None, int | None]:
    """(value to show, low, high) of a stored figure."""
    if value is None:
        # a range ("15 to 20") or a vague count ("thousands": a floor, no ceiling)
        shown = value_min if value_min is not None else value_max
        return shown or 0, value_min, value_max
    if qualifier in FLOORS:
        return value, value, None
    if qualifier in CEILINGS:
        return value, None, value
    return value, value, value


def with_range(fact: dict[str, Any]) -> dict[str, Any]:
    """A figure as stored (`value`, `value_min`, `value_max`, `qualifier`) with its range."""
    fact["value"], fact["low"], fact["high"] = figure_range(
        fact["value"], fact["value_min"], fact["value_max"], fact["qualifier"]
    )
    return fact


def shown_value(figure: Any) -> Any:
    """The SQL of a figure's `value` as served: what `min_value` and `max_value` compare."""
    return func.coalesce(figure.c.value, figure.c.value_min, figure.c.value_max)
