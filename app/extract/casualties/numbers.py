"""Counts as news writes them: "134,500", "4 million", "two dozen", "tens of thousands", "10 to 15".

`read_count` reads one count from a list of lowercased words and is pure; `count_phrases`
finds the counts in a parsed Doc, with any qualifier before them ("at least", "an
estimated") and without the numbers that are dates, ages, money or shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import COUNT_QUALIFIERS, COUNT_QUALIFIERS_AFTER

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# "m"/"bn"/"k" are the BBC and Reuters short forms: "4m people", "2.5bn"
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
SHORT_SCALES = {"m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9, "k": 1000}
# A vague count's lower bound, as conflict coders read it: "dozens" is at least 12, "scores" 20
VAGUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 10**6}
# "several hundred", "a few thousand": a vague multiple of a scale, read at its low end
FEW = {"several": 3, "few": 2, "many": 1}
NUMERAL = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
# Entities whose numbers never count people (dates, times, money, shares, ranks)
NOT_COUNTS = {"PERCENT", "ORDINAL"}  # not MONEY: the model calls "6 million Syrians" money
CALENDAR = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$|^(mon|tues|wednes|thurs|fri|satur|sun)day$"
    r"|^(year|month|week|day|hour|minute|second|decade|century|night|morning|evening|a\.m\.|p\.m\.)s?$|^old$"
)


@dataclass(frozen=True, slots=True)
class Count:
    """A count: exact (`value`), a range (`value_min`..`value_max`) or vague (`value_min` only)."""

    value: int | None
    value_min: int | None = None
    value_max: int | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class CountPhrase:
    """A count found in a Doc: its tokens (qualifier included), value and qualifier."""

    start: int  # token index of the first word, qualifier included
    end: int  # token index after the last word
    head: Token  # the number word the parser attaches to the rest of the sentence
    count: Count
    qualifier: str | None
    approximate: bool


def parse_number(word: str) -> float | None:
    """The value of one numeral or number word: "134,500", "1.5", "two", "twenty-five"."""
    word = word.lower()
    if NUMERAL.match(word):
        return float(word.replace(",", ""))
    if word in UNITS:
        return UNITS[word]
    tens, _, unit = word.partition("-")
    if tens in UNITS and unit in UNITS and UNITS[tens] >= 20 and UNITS[unit] < 10:
        return UNITS[tens] + UNITS[unit]
    return None


def _split_short_scale(word: str) -> tuple[float, int] | None:
    """ "4m" -> (4, 1_000_000): a numeral glued to a short scale word."""
    m = re.match(r"^(\d+(?:\.\d+)?)(m|mn|mln|bn|k)$", word)
    return (float(m.group(1)), SHORT_SCALES[m.group(2)]) if m else None


def _read_exact(words: Sequence[str], i: int) -> tuple[float, int, bool] | None:
    """An exact number from words[i]: its value, the index after it, and whether a scale word ended it."""
    n = len(words)
    if i + 2 < n and words[i] == "half" and words[i + 1] in {"a", "an"} and words[i + 2] in SCALES:
        return SCALES[words[i + 2]] / 2, i + 3, True
    glued = _split_short_scale(words[i]) if i < n else None
    if glued:
        return glued[0] * glued[1], i + 1, True
    total, current, j, last = 0.0, 0.0, i, ""  # last: what the previous word was
    while j < n:
        w = words[j]
        value = parse_number(w)
        if w in {"a", "an"} and not last and j + 1 < n and words[j + 1] in SCALES:
            value = 1  # "a dozen", "a hundred"
        if value is not None and (not last or (last in {"scale", "and", "tens"} and not NUMERAL.match(w))):
            if last == "tens" and value >= 10:
                break  # "twenty thirty" is two numbers
            current += value
            last = "tens" if w in UNITS and value >= 20 and value % 10 == 0 else "unit"
        elif last and last != "and" and w in SCALES | SHORT_SCALES:
            if w in SHORT_SCALES and not NUMERAL.match(words[j - 1]):
                break  # "m" is million only straight after a numeral: "4m"
            scale = SCALES.get(w) or SHORT_SCALES[w]
            if scale >= 1000:
                total, current = total + (current or 1) * scale, 0.0
            else:
                current = (current or 1) * scale
            last = "scale"
        elif last == "tens" and w == "-" and j + 1 < n and parse_number(words[j + 1]) is not None:
            pass  # "twenty - five", split by the tokenizer
        elif last == "scale" and w == "and" and j + 1 < n and words[j + 1] in UNITS:
            last = "and"  # "one hundred and twenty"
        else:
            break
        j += 1
    if not last or last == "and":
        return None
    return total + current, j, total > 0 or last == "scale"


def _read_vague(words: Sequence[str], i: int) -> tuple[int, int] | None:
    """A vague count from words[i]: its lower bound and the index after it."""
    n = len(words)
    w = words[i] if i < n else ""
    if w in VAGUE:
        # "tens of thousands", "hundreds of thousands": a vague multiple of a vague count
        if i + 2 < n and words[i + 1] == "of" and words[i + 2] in VAGUE and VAGUE[words[i + 2]] >= 1000:
            return VAGUE[w] * VAGUE[words[i + 2]], i + 3
        return VAGUE[w], i + 1
    j = i + 1 if w == "a" else i  # "a few thousand"
    if j + 1 < n and words[j] in FEW and words[j + 1] in SCALES:
        return FEW[words[j]] * SCALES[words[j + 1]], j + 2
    return None


# More people than live on Earth is no count of people (a phone number, a serial, a 23-digit
# figure); it would also overflow a 64-bit integer column, which once made the article's write fail.
MAX_PEOPLE = 10_000_000_000


def read_count(words: Sequence[str], allow_range: bool = True) -> tuple[Count, int] | None:
    """Read a count from the start of `words` (lowercased tokens): the count and how many words it used."""
    found = _read_count(words, allow_range)
    if found is None:
        return None
    count = found[0]
    bounds = [v for v in (count.value, count.value_min, count.value_max) if v is not None]
    return None if max(bounds, default=0) > MAX_PEOPLE else found


def _read_count(words: Sequence[str], allow_range: bool) -> tuple[Count, int] | None:
    vague = _read_vague(words, 0)
    if vague:
        return Count(None, vague[0], approximate=True), vague[1]
    between = bool(words) and words[0] == "between"
    first = _read_exact(words, 1 if between else 0)
    if first is None:
        return None
    low, j, _ = first
    joiners = {"and"} if between else {"to", "-", "or"}
    if allow_range and j < len(words) and words[j] in joiners:
        second = _read_exact(words, j + 1)
        if second and second[0] > low:
            high, k, scaled = second
            if scaled and low < 1000 <= high and high / low >= 1000:
                low *= _trailing_scale(words[j + 1 : k])  # "10 to 15 million"
            return Count(None, round(low), round(high)), k
    if between:
        return None
    return Count(round(low)), j


def _trailing_scale(words: Sequence[str]) -> int:
    """The scale word ending a number ("15 million" -> 1,000,000), or 1."""
    last = words[-1] if words else ""
    glued = _split_short_scale(last)
    return glued[1] if glued else SCALES.get(last, SHORT_SCALES.get(last, 1))


# ---------------------------------------------------------------- counts in a parsed text


def count_phrases(span: Doc | Span) -> list[CountPhrase]:
    """Every count in the span, with its qualifier, leaving out dates, ages, money and shares."""
    doc = span.doc if isinstance(span, Span) else span
    tokens = list(span)
    phrases: list[CountPhrase] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not _may_start(tok):
            i += 1
            continue
        words = [t.lower_ for t in tokens[i : i + 9]]
        prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
        read = read_count(words, allow_range=prev != "from")  # "from 430,000 to 100,000" is a change
        if read is None or not _is_count(doc, tok.i, tok.i + read[1]):
            i += 1
            continue
        count, used = read
        phrases.append(_phrase(doc, tok.i, tok.i + used, count))
        i += used
    return phrases


def _may_start(tok: Token) -> bool:
    """Could a count start at this token (cheap check before reading)?"""
    low = tok.lower_
    if low in {"a", "an", "between", "half"}:
        nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
        return nxt in SCALES or nxt in FEW or parse_number(nxt) is not None or (low, nxt) == ("half", "a")
    return low in VAGUE or low in FEW or parse_number(low) is not None or _split_short_scale(low) is not None


def _is_count(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end] counts things rather than naming a date, an age, a sum or a code."""
    first, last = doc[start], doc[end - 1]
    if any(t.ent_type_ in NOT_COUNTS for t in doc[start:end]):
        return False
    if any(t.ent_type_ in {"DATE", "TIME"} for t in doc[start:end]) and _calendar_entity(doc, start):
        return False
    # "No one was killed": "one" is a pronoun here, not a count
    if first.lower_ == "one" and start > 0 and doc[start - 1].lower_ in {"no", "any", "every", "each", "the"}:
        return False
    # "F-16", "COVID-19", "2006-10-05": a number glued by a hyphen to a name or a date
    if start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        return False
    if start > 0 and doc[start - 1].text in {"$", "US$", "€", "£", "¥", "No.", "#"}:
        return False
    after = [t.lower_ for t in doc[end : end + 4] if t.text != "-"]
    # "21-year-olds", "3 year-old", "82 years old": ages
    if after[:1] and re.match(r"^(year|month|week)s?$", after[0]) and "old" in "".join(after[1:3]):
        return False
    if after[:1] and after[0] in {"%", "percent", "per", "a.m.", "p.m.", "am", "pm", "gmt"}:
        return False
    # "in 2014", "since 1991": a bare four-digit year
    return not (re.fullmatch(r"1[89]\d\d|20\d\d", last.text) and start == end - 1)


def _calendar_entity(doc: Doc, start: int) -> bool:
    """Whether the DATE/TIME entity at `start` names a day, month, year or age (not "between 10 and 15")."""
    ent = _entity_at(doc, start)
    if ent is None:
        return False
    return any(CALENDAR.match(t.lower_) or re.fullmatch(r"1[89]\d\d|20\d\d", t.text) for t in ent)


def _entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity holding doc[i], read from the IOB tags around it as `doc.ents` reads them.

    `doc.ents` builds every entity of the document on each access: once per count, that
    made a long article quadratic.
    """
    if doc[i].ent_iob_ not in {"B", "I"}:
        return None
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    first = doc[start]
    if first.ent_iob_ != "B" or not first.ent_type_:
        return None
    return doc[start:end]


def _phrase(doc: Doc, start: int, end: int, count: Count) -> CountPhrase:
    """The count with its qualifier ("at least", "an estimated", "or more") and its head number token."""
    qualifier, approximate, q_start, q_end = None, count.approximate, start, end
    for phrase, approx in COUNT_QUALIFIERS.items():
        n = len(phrase.split())
        longer = qualifier is None or n > len(qualifier.split())  # "just over", not "over"
        if longer and start >= n and [t.lower_ for t in doc[start - n : start]] == phrase.split():
            qualifier, approximate, q_start = phrase, count.approximate or approx, start - n
    for phrase, approx in COUNT_QUALIFIERS_AFTER.items():
        n = len(phrase.split())
        if qualifier is None and [t.lower_ for t in doc[end : end + n]] == phrase.split():
            qualifier, approximate, q_end = phrase, count.approximate or approx, end + n
    inside = range(start, end)
    heads = [t for t in doc[start:end] if t.head.i not in inside or t.head.i == t.i]
    # the parser hangs a count on its noun through the number ("4 million": "million")
    head = next((t for t in heads if t.dep_ in {"nummod", "quantmod"}), heads[-1] if heads else doc[end - 1])
    return CountPhrase(q_start, q_end, head, count, qualifier, approximate)
