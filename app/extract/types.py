"""The small frozen types extractors return.

Offsets (`start`, `end`) are character offsets into the text the extractor was given
(a spaCy Doc of one segment); the pipeline shifts them into article offsets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

SegmentKind = Literal["body", "byline", "footer", "caption"]
EntityKind = Literal["person", "place", "organization"]
PlaceKind = Literal["country", "region", "city", "village", "facility"]
Granularity = Literal["day", "week", "month", "year"]


class Category(StrEnum):
    """What a figure counts: the one list of categories (extraction, filters, schemas, totals)."""

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    CAPTURED = "captured"
    DISPLACED = "displaced"
    EVACUATED = "evacuated"
    POPULATION = "population"  # a count kept apart: people living somewhere, not harmed
    OTHER = "other"


# the categories that count people harmed or uprooted, which incidents and totals add up
CASUALTY_CATEGORIES: tuple[str, ...] = tuple(
    c.value for c in Category if c not in (Category.POPULATION, Category.OTHER)
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression and its ISO 8601 value (TimeML style: day, week, month, year)."""

    text: str
    start: int
    end: int
    value: str  # "2022-03-29", "2022-W12", "2022-03", "2022"
    granularity: Granularity

    @property
    def day(self) -> dt.date | None:
        """The day this mention names, when it names one."""
        return dt.date.fromisoformat(self.value) if self.granularity == "day" else None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: where a place name points on the map."""

    name: str  # canonical name
    country: str  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    kind: PlaceKind
    geonameid: int | None = None
    # the first-level division (a US state's postal code, "PA"): which Lebanon a story means
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words inside quotation marks and who said them, as the article tells it."""

    text: str  # the words inside the marks
    start: int
    end: int
    speaker_text: str | None  # the words naming the speaker ("Stoltenberg", "the Red Cross", "he")
    speaker_start: int | None
    speaker_end: int | None


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement: `source_text` says (verb) `text`."""

    text: str  # the attributed content
    start: int
    end: int
    source_text: str
    source_start: int
    source_end: int
    verb: str  # the reporting verb's lemma, or "according to"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number of people affected: killed, injured, displaced, ... or a count kept apart."""

    category: Category  # a closed set: nothing outside it may reach the API
    value: int | None
    value_min: int | None
    value_max: int | None
    qualifier: str | None  # "at least", "more than", "an estimated", "up to", "nearly", ...
    approximate: bool
    text: str  # the clause or phrase the figure is read from
    start: int
    end: int
