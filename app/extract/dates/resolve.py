"""Temporal expressions in news text, resolved against the publication date.

`extract_dates` finds the dates an article names ("Tuesday", "March 29", "last week",
"since 2014") and gives each its TimeML value (2022-03-29, 2022-W12, 2022-03, 2014).
Candidates come from patterns over the text; the parse only decides the tense a
weekday or a bare month sits in. Durations ("six weeks", "the past few days") and
ages are not dates and are never matched. Calendar helpers live in date_rules.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..types import DateMention
from .rules import (
    MONTHS,
    WEEKDAYS,
    add_months,
    iso_week,
    month_year,
    nearest_day,
    tense_at,
    weekday_date,
)

Granularity = Literal["day", "week", "month", "year"]
Value = tuple[str, Granularity]

WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MON = rf"(?:{MONTH}|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
MOD = r"(?:[Ee]arly|[Ll]ate|[Mm]id)"
# A clock time and a part of the day belong to the day they are on: "16:00 UTC Monday", "Friday night"
CLOCK = r"(?:\b\d{1,2}:\d\d(?: ?[ap]\.m\.| (?:UTC|GMT))? )?\b"
DAY_PART = r"(?: (?:morning|afternoon|evening|night)\b)?"

# Named days that are not the weekday before the anchor ("Black Monday" is 1987's)
HOLIDAY_WORDS = frozenset(
    {"black", "good", "ash", "cyber", "super", "easter", "holy", "maundy", "bloody", "fat"}
)
# A bare month name is a month only after a word that governs a time ("in", "since"):
# alone, "May" is a verb and "June" a first name
MONTH_CUES = frozenset(
    {"in", "since", "by", "until", "till", "from", "during", "before", "after", "through", "throughout",
     "of", "early", "late", "mid", "last", "next", "this", "between", "around"}
)  # fmt: skip
# A bare number is a year only after such a word ("in 2014", "since 1992", "by 2018")
YEAR_CUES = frozenset(
    {"in", "since", "by", "until", "till", "of", "from", "during", "before", "after", "through",
     "throughout", "around", "circa", "for", "between"}
)  # fmt: skip
# ...or as the subject of a verb that tells what a year held: "2018 saw 750 road deaths"
YEAR_VERBS = frozenset({"see", "witness", "bring", "mark"})
# ...and never when it counts something: "in 2000 cases", "by 1900 points"
COUNTED = frozenset(
    {"million", "billion", "thousand", "percent", "%", "people", "points", "votes", "troops", "cases",
     "deaths", "dollars", "euros", "pounds", "units", "jobs", "workers", "residents", "soldiers"}
)  # fmt: skip
# Verbs and prepositions that make "the day" the day just named ("ended the day up 2%")
THE_DAY_CUES = frozenset(
    {"end", "ended", "ending", "ends", "finish", "finished", "for", "in", "during", "on"}
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a resolver may look at: the match's first token, the anchor, earlier mentions."""

    first: Token
    anchor: dt.date
    prior: tuple[DateMention, ...]


Resolver = Callable[[re.Match[str], Context], Value | None]


def _day(d: dt.date) -> Value:
    return d.isoformat(), "day"


def _month(year: int, month: int) -> Value:
    _check_year(year)
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> Value:
    _check_year(year)
    return f"{year:04d}", "year"


def _check_year(year: int) -> None:
    # the years a date can hold, as for a day: "last year" of 0001 is no year at all
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(f"year {year} is out of range")


def _prev_word(first: Token, back: int = 1) -> Token | None:
    i = first.i - back
    return first.doc[i] if i >= first.sent.start else None


def _full_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_iso(m: re.Match[str], ctx: Context) -> Value | None:
    """2008-03-01."""
    d = _full_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _day(d) if d else None


def resolve_slash(m: re.Match[str], ctx: Context) -> Value | None:
    """7/8/07, read the American way (month first) unless that cannot be a month."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    year = y if y > 99 else 2000 + y if y <= ctx.anchor.year % 100 + 1 else 1900 + y
    month, day = (a, b) if a <= 12 else (b, a)
    d = _full_date(year, month, day)
    return _day(d) if d else None


def resolve_day_month(m: re.Match[str], ctx: Context) -> Value | None:
    """March 29, Tuesday, March 29, 2022, 1 March 2008, April 2nd."""
    month, day = MONTHS[m["mon"].lower()], int(m["day"])
    d = _full_date(int(m["year"]), month, day) if m["year"] else nearest_day(ctx.anchor, month, day)
    return _day(d) if d else None


def resolve_month_year(m: re.Match[str], ctx: Context) -> Value | None:
    """March 2008, early June 2009."""
    return _month(int(m["year"]), MONTHS[m["mon"].lower()])


def resolve_month(m: re.Match[str], ctx: Context) -> Value | None:
    """A bare month ("in October", "last September", "early June"), when a cue makes it one."""
    month, rel = MONTHS[m["mon"].lower()], (m["rel"] or "").lower()
    if rel == "last":
        return _month(ctx.anchor.year - (month >= ctx.anchor.month), month)
    if rel == "next":
        return _month(ctx.anchor.year + (month <= ctx.anchor.month), month)
    if rel == "this":
        return _month(ctx.anchor.year, month)
    if not m["mod"] and not _month_cue(ctx.first):
        return None
    if m["of"]:  # "October of next year"
        shift = {"this": 0, "next": 1, "last": -1}[m["of"].lower()]
        return _month(ctx.anchor.year + shift, month)
    return _month(month_year(ctx.anchor, month, tense_at(ctx.first)), month)


def _month_cue(first: Token) -> bool:
    """Whether the word before a month name makes it one: "in May", "between April and June"."""
    before, two_back = _prev_word(first), _prev_word(first, 2)
    if before is None:
        return False
    if before.lower_ in MONTH_CUES:
        return True
    return (
        before.lower_ in {"and", "or", "to"}
        and two_back is not None
        and two_back.lower_ in MONTHS
        and two_back.text[0].isupper()
    )


def resolve_weekday(m: re.Match[str], ctx: Context) -> Value | None:
    """Friday, late Wednesday, next Monday: by tense, the coming one or the last one."""
    rel = (m["rel"] or "").lower()
    before = _prev_word(ctx.first)
    if not rel and before is not None and before.lower_ in HOLIDAY_WORDS and before.text[0].isupper():
        return None
    relative = rel if rel in {"next", "last"} else None
    tense = "future" if rel == "this" else tense_at(ctx.first)
    return _day(weekday_date(ctx.anchor, WEEKDAYS[m["wd"].lower()], tense, relative))


def resolve_deictic(m: re.Match[str], ctx: Context) -> Value | None:
    """Today, yesterday, tomorrow, earlier today; not the names "USA Today", "Russia Today"."""
    word = m["word"].lower()
    before = _prev_word(ctx.first)
    if m["word"][0].isupper() and before is not None and before.text[0].isupper() and not m["mod"]:
        return None
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
    return _day(ctx.anchor + dt.timedelta(days=shift))


def resolve_last_night(m: re.Match[str], ctx: Context) -> Value | None:
    """Last night: the evening before the telling, the day before ("in last night's attack")."""
    return _day(ctx.anchor - dt.timedelta(days=1))


def resolve_relative(m: re.Match[str], ctx: Context) -> Value | None:
    """This/last/next week, month, year, with "earlier"/"the end of" kept in the text."""
    shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    unit, a = m["unit"].lower(), ctx.anchor
    if unit == "week":
        return iso_week(a + dt.timedelta(weeks=shift)), "week"
    if unit == "month":
        return _month(*add_months(a.year, a.month, shift))
    return _year(a.year + shift)


def resolve_this_year(m: re.Match[str], ctx: Context) -> Value | None:
    """The end or beginning of "the year" with no year named: the anchor's."""
    return _year(ctx.anchor.year)


def resolve_ago(m: re.Match[str], ctx: Context) -> Value | None:
    """Two days ago, a week ago: a day. Months and years ago are too vague to name a day."""
    words = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    n = int(m["n"]) if m["n"].isdigit() else words[m["n"].lower()]
    days = n * (7 if m["unit"].lower().startswith("week") else 1)
    return _day(ctx.anchor - dt.timedelta(days=days)) if days else None


def resolve_mod_year(m: re.Match[str], ctx: Context) -> Value | None:
    """Early 2009, late 2006, mid-2011."""
    return _year(int(m["year"]))


def resolve_year(m: re.Match[str], ctx: Context) -> Value | None:
    """A bare 1900-2099 number, taken as a year only after a cue word and not counting anything."""
    first = ctx.first
    after = first.nbor(1) if first.i + 1 < len(first.doc) else None
    if after is not None and (after.lower_ in COUNTED or after.like_num):
        return None
    if first.ent_type_ == "DATE" and first.dep_ == "nsubj" and first.head.lemma_.lower() in YEAR_VERBS:
        return _year(int(m["year"]))  # "2018 saw 750 deaths": the year is what the sentence is about
    before = _prev_word(first)
    if before is None:
        return None
    if before.lower_ in YEAR_CUES:
        return _year(int(m["year"]))
    # a range: "from 2009 to 2011", "between 2014 and 2016"
    two_back = _prev_word(first, 2)
    if (
        before.lower_ in {"to", "and", "-", "–"}
        and two_back is not None
        and re.fullmatch(YEAR, two_back.text)
    ):
        return _year(int(m["year"]))
    # weaker cues need the model to read a date too: "the 1991 settlement"; and an edition
    # ("WWDC 2005", "Euro 2012") is near the anchor, unlike "Russell 2000" or "Windows 2000"
    year = int(m["year"])
    if first.ent_type_ == "DATE" and (
        before.lower_ == "the" or (before.pos_ == "PROPN" and abs(year - ctx.anchor.year) <= 3)
    ):
        return _year(year)
    return None


def resolve_short_year(m: re.Match[str], ctx: Context) -> Value | None:
    """since '82: the century that keeps it in the past."""
    yy = int(m["yy"])
    return _year(2000 + yy if yy <= ctx.anchor.year % 100 else 1900 + yy)


def resolve_the_day(m: re.Match[str], ctx: Context) -> Value | None:
    """The day in "ended the day", "on the same day": the day last named, else the anchor."""
    before = _prev_word(ctx.first)
    if before is None or before.lower_ not in THE_DAY_CUES:
        return None
    days = [p for p in ctx.prior if p.granularity == "day"]
    if tense_at(ctx.first) == "past":
        # "killed eight on the same day" is not the day of a hearing set for next month
        days = [p for p in days if p.value <= ctx.anchor.isoformat()] or days
    return (days[-1].value, "day") if days else _day(ctx.anchor)


def resolve_previous_year(m: re.Match[str], ctx: Context) -> Value | None:
    """The previous year: the year before the one last named, else before the anchor's."""
    year = int(ctx.prior[-1].value[:4]) if ctx.prior else ctx.anchor.year
    return _year(year - 1)


def not_a_date(m: re.Match[str], ctx: Context) -> Value | None:
    """A period these granularities cannot hold; matched only so that its year is not taken alone."""
    return None


RULES: list[tuple[re.Pattern[str], Resolver]] = [
    # "the first quarter of 2009" is a quarter, and "the same period last year" names no
    # unit at all: the year inside them on its own would misstate the period
    (
        re.compile(
            rf"\b(?:[Tt]he )?(?:first|second|third|fourth|final|last) (?:quarter|half) of "
            rf"(?:{YEAR}|(?:this|last|next) year)\b"
        ),
        not_a_date,
    ),
    (
        re.compile(
            r"\b[Tt]he same (?:period|month|week|quarter)(?: of)?(?: the)? (?:last year|a year (?:ago|earlier))"
        ),
        not_a_date,
    ),
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)\b"), resolve_iso),
    (re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?![\d/])"), resolve_slash),
    (
        re.compile(rf"\b(?:{WD},? )?(?P<mon>{MON}) {DAY}(?:,? (?P<year>{YEAR})(?!\d))?"),
        resolve_day_month,
    ),
    (
        re.compile(rf"\b(?:{WD},? )?{DAY} (?:of )?(?P<mon>{MON})(?:,? (?P<year>{YEAR})(?!\d))?"),
        resolve_day_month,
    ),
    (re.compile(rf"\b(?:{MOD}[- ])?(?P<mon>{MON}),? (?P<year>{YEAR})(?!\d)"), resolve_month_year),
    (
        re.compile(
            rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his) |(?P<mod>{MOD}|(?:[Ee]arlier|[Ll]ater) in)[- ])?(?P<mon>{MONTH})\b"
            r"(?=(?: of (?P<of>this|next|last) year)?)"
        ),
        resolve_month,
    ),
    (
        re.compile(
            rf"{CLOCK}(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate) )?(?P<wd>{WD})\b{DAY_PART}"
        ),
        resolve_weekday,
    ),
    (
        re.compile(
            rf"{CLOCK}(?:(?P<mod>[Ee]arlier|[Ll]ater) )?(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b"
        ),
        resolve_deictic,
    ),
    (re.compile(r"\b[Ll]ast night\b"), resolve_last_night),
    (
        re.compile(
            r"\b(?:(?:[Ee]arlier|[Ll]ater) |(?:[Tt]he )?(?:end|beginning|start|middle) of )?"
            r"(?P<rel>[Tt]his|[Ll]ast|[Nn]ext) (?P<unit>week|month|year)\b(?! of\b)"
        ),
        resolve_relative,
    ),
    (re.compile(r"\b(?:[Tt]he )?(?:end|beginning|start|middle) of the year\b"), resolve_this_year),
    (
        re.compile(r"\b(?P<n>(?i:an?|one|two|three|four|five|six)|\d{1,2}) (?P<unit>days?|weeks?) ago\b"),
        resolve_ago,
    ),
    (re.compile(rf"\b{MOD}[- ](?P<year>{YEAR})(?!\d)"), resolve_mod_year),
    (re.compile(rf"(?<![\w$£€.,'’/-])(?P<year>{YEAR})(?![\w%]|[.,]\d|-\d|-year| ?%)"), resolve_year),
    (re.compile(r"\b(?:[Ss]ince|[Ii]n) (?P<m>['’](?P<yy>\d\d))\b"), resolve_short_year),
    (re.compile(r"\b[Tt]he (?:same )?day\b(?! (?:before|after|earlier|later|when)\b)"), resolve_the_day),
    (re.compile(r"\b[Tt]he (?:previous year|year previous|year before)\b"), resolve_previous_year),
]


def _mention_span(match: re.Match[str]) -> tuple[int, int]:
    """The mention's characters: group "m" where a pattern matches a cue word beside it."""
    if "m" in match.re.groupindex and match.group("m") is not None:
        return match.span("m")
    return match.span()


def _candidates(text: str) -> list[tuple[int, int, re.Match[str], Resolver]]:
    """Every pattern match, longest first where they start together, without overlaps."""
    found = [(*_mention_span(m), m, resolve) for pattern, resolve in RULES for m in pattern.finditer(text)]
    found.sort(key=lambda c: (c[0], c[0] - c[1]))
    kept: list[tuple[int, int, re.Match[str], Resolver]] = []
    for cand in found:
        if not kept or cand[0] >= kept[-1][1]:
            kept.append(cand)
    return kept


def extract_dates(span: Doc | Span, anchor: dt.date, prior: Sequence[DateMention] = ()) -> list[DateMention]:
    """The temporal expressions in `span`, resolved against `anchor`, with Doc offsets.

    `prior` are the mentions of the text before the span ("on the same day" is the day
    last named, though in an earlier paragraph).
    """
    doc = span if isinstance(span, Doc) else span.doc
    base = 0 if isinstance(span, Doc) else span.start_char
    mentions: list[DateMention] = []
    for start, end, match, resolve in _candidates(span.text):
        tokens = doc.char_span(base + start, base + end, alignment_mode="expand")
        if tokens is None or not len(tokens):
            continue
        try:
            value = resolve(match, Context(tokens[0], anchor, (*prior, *mentions)))
        except OverflowError:
            value = None  # "tomorrow" of 9999-12-31, "yesterday" of 0001-01-01: no such day
        if value is not None:
            text = span.text[start:end]
            mentions.append(DateMention(text, base + start, base + end, value[0], value[1]))
    return mentions
