"""Calendar arithmetic and tense cues behind date resolution (see dates.py).

Pure helpers: which Friday "Friday" means, which year "March 29" or "October" falls
in, and whether the clause around a date looks back (reporting) or ahead (plans).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from spacy.tokens import Token

from ..text.parse import MAX_DEPTH, climb, is_root

Tense = Literal["past", "present", "future"]

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    # AP abbreviates months before a day: "Sept. 11", "Jan. 6"
    "jan.": 1, "feb.": 2, "aug.": 8, "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}  # fmt: skip

# Verbs of planning: a date in their clause (or in a clause they govern) is still to come
FUTURE_LEMMAS = frozenset(
    {"schedule", "slate", "plan", "expect", "due", "intend", "aim", "hope", "prepare", "propose", "vow"}
)  # fmt: skip
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going"})
# Words just before a date that point ahead ("until Friday") or back ("since March")
FUTURE_LEFT = frozenset({"until", "till", "through", "starting", "beginning", "upcoming", "coming"})
PAST_LEFT = frozenset({"since", "ago", "earlier", "previous", "past"})
# Reporting verbs in the present are the headline's historic present: "Apple announces Friday"
REPORTING = frozenset({"say", "announce", "tell", "report", "confirm", "state", "claim", "reveal"})


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Shift a (year, month) by `delta` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    """The ISO week a day falls in, as TimeML writes it: 2022-W12."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekday_date(anchor: dt.date, weekday: int, tense: Tense | None, relative: str | None) -> dt.date:
    """The day a bare weekday names, seen from the anchor.

    News names the day of publication by its weekday too ("said Thursday" in
    Thursday's paper), so the anchor itself counts unless "next"/"last" rule it out.
    """
    ahead = (weekday - anchor.weekday()) % 7
    if relative == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    if relative == "last":
        return anchor - dt.timedelta(days=(7 - ahead) % 7 or 7)
    if tense in {"future", "present"}:  # a weekday in the present is a plan: "the summit opens Friday"
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=(7 - ahead) % 7)


def nearest_day(anchor: dt.date, month: int, day: int) -> dt.date | None:
    """A year-less "March 29": the anchor's year, or the next/previous one if that is nearer.

    Across New Year a December article's "Jan. 3" is next year's, a January one's
    "Dec. 28" last year's; within a year the anchor's year is right.
    """
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue  # February 29 outside a leap year, "April 31"
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def month_year(anchor: dt.date, month: int, tense: Tense | None) -> int:
    """The year a bare month name ("in October") falls in, by tense or else by nearness."""
    if tense == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if tense == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return (
        anchor.year if abs(month - anchor.month) <= 6 else anchor.year + (1 if month < anchor.month else -1)
    )


def clause_verb(token: Token) -> Token | None:
    """The verb a date attaches to: up the parse from the date to the first verb."""
    token = climb(token, lambda t: t.pos_ in {"VERB", "AUX"}, limit=8)
    return token if token.pos_ in {"VERB", "AUX"} else None


def verb_tense(verb: Token) -> Tense | None:
    """Whether a verb's clause tells of the past, the future or the present; None if unclear."""
    # a participle clause ("said in recounting a call on Wednesday") has its governor's tense
    for _ in range(MAX_DEPTH):
        if verb.tag_ != "VBG" or _auxes(verb) or verb.dep_ in {"ROOT", "conj"} or is_root(verb):
            break
        governor = clause_verb(verb.head)
        if governor is None or governor.i == verb.i:
            break
        verb = governor
    for v in [verb, *list(verb.ancestors)[:3]]:
        if any(a.lower_ in FUTURE_AUX for a in _auxes(v)):
            return "future"  # "will meet"
        if any(a.tag_ == "MD" for a in _auxes(v)):
            return "present"  # "would rise", "should end": ahead of the telling, maybe not of today
        if v.lemma_.lower() in FUTURE_LEMMAS or v.lower_ == "due" or _set_for(v):
            return "future"
        # an infinitive: "agreed to meet Friday", the headline's "markets to remain closed"
        if v.tag_ == "VB" and any(a.lower_ == "to" for a in _auxes(v)):
            return "future"
        if v.dep_ not in {"xcomp", "ccomp", "advcl", "conj"}:
            break  # only a governed clause inherits its governor's tense
    auxes = _auxes(verb)
    if verb.tag_ in {"VBD", "VBN"} or any(
        a.tag_ in {"VBD", "VBN"} or a.lower_ in {"has", "have"} for a in auxes
    ):
        return "past"
    if verb.lemma_.lower() in REPORTING:
        return "past"  # the headline's historic present: "Apple announces Friday"
    if verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ == "VBG" and auxes):
        return "present"  # "the summit opens Friday", "is meeting Monday", "as of May, it accounts"
    return None


def _set_for(verb: Token) -> bool:
    """Whether a verb is the planning "set to resume", "set for Friday" (not "set fire")."""
    return verb.lemma_.lower() == "set" and any(c.dep_ == "xcomp" or c.lower_ == "for" for c in verb.children)


def _auxes(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def tense_at(first: Token) -> Tense | None:
    """The tense a date starting at `first` sits in: cue words before it, then its verb."""
    left = first.doc[max(first.sent.start, first.i - 2) : first.i]
    if any(t.lower_ in FUTURE_LEFT for t in left):
        return "future"
    if any(t.lower_ in PAST_LEFT for t in left):
        return "past"
    # AP's "said Wednesday", "announced on Monday": the parser may hang the date on the
    # reported clause ("said on Wednesday he would travel"), but it dates the saying
    if any(t.lemma_.lower() in REPORTING and t.tag_ == "VBD" for t in left):
        return "past"
    verb = clause_verb(first)
    return verb_tense(verb) if verb is not None else None
