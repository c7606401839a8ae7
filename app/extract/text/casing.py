"""Headline case: lines set in capitals or in Title Case, rewritten in sentence case for the model.

The small English model learnt names from their capitals: handed "MAN KILLED, TWO WOUNDED
IN KALAMAZOO BAR SHOOTING" or "Lakers Rally Past Celtics", it tags runs of words as
organisations and people. Such lines (and a dateline in capitals opening a paragraph) are
recased word by word before parsing, as a copy editor would: a word takes the case the
article gives it elsewhere ("Lakers", "OPEC", "shooting"); failing that, function words
and common English words go to lower case, places and nationalities to Title Case, and an
unknown short word in capitals stays an acronym ("NBA"). Only letters change case, so
the text keeps its length and every offset.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from ..places.gazetteer import Gazetteer
from ..types import Place
from .folding import fold

WORD = re.compile(r"[^\W\d_]+")
LINE = re.compile(r"[^\n]+")
# "KALAMAZOO, Mich. (AP) —", "LOS ANGELES —": a dateline in capitals opening a paragraph
DATELINE = re.compile(r"[ \t]*([A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+)*)(?=[ \t]*(?:,|\(|—|–|-))")
# what may stand before a word that opens a sentence, whose capital says nothing
OPENERS = frozenset('.!?:;"“‘(—–-')
# endings to strip for a word's base form: "shootings" -> "shooting", "rallies" -> "rally"
ENDINGS = (
    ("ies", "y"), ("ing", "e"), ("ing", ""), ("ied", "y"), ("ed", "e"), ("ed", ""), ("es", ""),
    ("s", ""), ("er", ""), ("er", "e"), ("est", ""), ("ly", ""),
)  # fmt: skip
# a place name that is also a verb or adjective ("Surprise", "Mobile", "Reading", "Nice")
# is read as the word; one that is only a noun ("Boston", "Paris") as the place
WORD_READINGS = frozenset(["verb", "adj", "adv"])
PLACE_KINDS = frozenset(["country", "region", "city"])
VOWELS = frozenset("aeiouy")
MAX_NAME_WORDS = 3  # "Los Angeles", "Rolling Fork", "Salt Lake City"


class _Gazetteer:
    """The gazetteer's answers for one text, each name asked once: a shouted text repeats its words."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._places: dict[str, Place | None] = {}
        self._nations: dict[str, bool] = {}

    def place(self, name: str) -> Place | None:
        if name not in self._places:
            self._places[name] = self._gazetteer.lookup(name)
        return self._places[name]

    def nationality(self, word: str) -> bool:
        if word not in self._nations:
            self._nations[word] = self._gazetteer.country_of_adjective(word) is not None
        return self._nations[word]


@lru_cache(maxsize=4)
def english_words(nlp: Language) -> dict[str, frozenset[str]]:
    """Every English word the model's lemmatizer lists, with its parts of speech (WordNet's lists)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    words: dict[str, set[str]] = {}
    for table in ("lemma_index", "lemma_exc"):
        if lookups is None or not lookups.has_table(table):
            continue
        for pos in ("noun", "verb", "adj", "adv"):
            for word in lookups.get_table(table).get(pos, ()):
                words.setdefault(word, set()).add(pos)
    return {word: frozenset(parts) for word, parts in words.items()}


def headline_case(text: str, nlp: Language, gazetteer: Gazetteer) -> str:
    """The text with its headlines in capitals or Title Case set in sentence case, offsets unchanged."""
    spans = list(_headline_spans(text, english_words(nlp)))
    if not spans:
        return text
    seen = _forms_seen(text, spans)
    names = _Gazetteer(gazetteer)
    out = list(text)
    for start, end, shouted in spans:
        recased = _recase(text[start:end], shouted, seen, english_words(nlp), names)
        out[start:end] = recased
    return "".join(out)


# ---------------------------------------------------------------- which lines are headlines


def _headline_spans(text: str, words: dict[str, frozenset[str]]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, shouted) of every line in capitals or Title Case, and of datelines in capitals."""
    for line in LINE.finditer(text):
        body = line.group()
        if _shouted(body):
            yield line.start(), line.end(), True
        elif _title_case(body, words):
            yield line.start(), line.end(), False
        elif dateline := DATELINE.match(body):
            yield line.start() + dateline.start(1), line.start() + dateline.end(1), True


def _shouted(line: str) -> bool:
    """A line set in capitals: "MAN KILLED IN BAR SHOOTING", "BRUSSELS 1996-08-22"."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return False
    return any(len(w) >= 3 and w.isupper() for w in WORD.findall(line))


def _title_case(line: str, words: dict[str, frozenset[str]]) -> bool:
    """A line in Title Case: every long word capitalised, and common words among them ("Rally", "Past")."""
    words_in_line = WORD.findall(line)
    # a headline opens with a capital and ends without a full stop; a sentence's tail
    # ("said Stephen Harper, Prime Minister of Canada.") does neither
    if not words_in_line or not words_in_line[0][0].isupper() or line.rstrip(" \t\"'”’").endswith("."):
        return False
    found = words_in_line[1:]  # the first word is capitalised in any case
    if len(found) < 3 or any(len(w) >= 4 and w[0].islower() for w in found):
        return False
    common = [w for w in found if w[0].isupper() and not w.isupper() and _parts(w.lower(), words)]
    # a headline has a verb; a list of names ("John Smith and Jane Doe") has none
    return len(common) >= 2 and any(_parts(w.lower(), words) & WORD_READINGS for w in common)


# ---------------------------------------------------------------- what case a word takes


def _forms_seen(text: str, spans: list[tuple[int, int, bool]]) -> dict[str, str]:
    """How the article writes each word outside headlines, where its capital means something."""
    forms: dict[str, Counter[str]] = {}
    cut = iter(spans)
    next_span = next(cut, None)
    for match in WORD.finditer(text):
        while next_span is not None and next_span[1] <= match.start():
            next_span = next(cut, None)
        if next_span is not None and next_span[0] <= match.start() < next_span[1]:
            continue
        word = match.group()
        if word.istitle() and _opens_sentence(text, match.start()):
            continue  # a sentence's capital says nothing; "OPEC" or "iPhone" opening one still does
        forms.setdefault(word.lower(), Counter())[word] += 1
    return {low: counts.most_common(1)[0][0] for low, counts in forms.items()}


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence or a line (its capital is the sentence's)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in OPENERS


def _recase(
    line: str, shouted: bool, seen: dict[str, str], words: dict[str, frozenset[str]], names: _Gazetteer
) -> str:
    """One headline in sentence case."""
    found = list(WORD.finditer(line))
    places = _place_names(line, found, seen, names)
    out = list(line)
    for k, match in enumerate(found):
        word = match.group()
        if k in places:
            new = word[0].upper() + word[1:].lower()
        else:
            new = _word_case(line, match, shouted, seen, words, names)
        if k == 0:
            new = new[0].upper() + new[1:]  # the headline's first word opens its sentence
        if len(new) == len(word):  # a case change that alters length ("ß") is not made
            out[match.start() : match.end()] = new
    return "".join(out)


def _word_case(
    line: str,
    match: re.Match[str],
    shouted: bool,
    seen: dict[str, str],
    words: dict[str, frozenset[str]],
    names: _Gazetteer,
) -> str:
    """The case one headline word takes."""
    word = match.group()
    low = word.lower()
    if low in seen:
        return seen[low]
    if not shouted and len(word) > 1 and word.isupper():
        return word  # capitals inside a Title Case line: "OPEC Agrees Deeper Cuts"
    if len(word) == 1:
        # "ZELENSKY'S": the possessive's s; "S&P", "U.S.": letters of an abbreviation
        after_apostrophe = match.start() > 0 and line[match.start() - 1] in "'’"
        return low if after_apostrophe or low == "a" else word
    if low in STOP_WORDS and not (shouted and word == "US"):  # shouted, "US" is the country
        return low
    if shouted and len(word) == 2:
        return word  # "EU", "UN", "AP": two capitals are an abbreviation
    title = word[0].upper() + word[1:].lower()
    if names.nationality(title) or _place(title, low, words, names):
        return title
    if _parts(low, words):
        return low
    if shouted:
        # an unknown short word in capitals is an acronym ("NBA", "FBI"); longer, a name
        return word if len(word) <= 3 or not VOWELS & set(low) else title
    return word


def _place_names(line: str, found: list[re.Match[str]], seen: dict[str, str], names: _Gazetteer) -> set[int]:
    """Indexes of words that form a place name of two or three words: "LOS ANGELES", "Rolling Fork"."""
    indexes: set[int] = set()
    k = 0
    while k < len(found):
        for n in range(MAX_NAME_WORDS, 1, -1):
            group = found[k : k + n]
            if len(group) < n or any(line[a.end() : b.start()] != " " for a, b in pairwise(group)):
                continue
            if any(m.group().lower() in seen for m in group):
                continue  # the article writes these words its own way
            name = " ".join(m.group().capitalize() for m in group)
            place = names.place(name)
            if place is not None and fold(place.name).startswith(fold(name)):
                indexes.update(range(k, k + n))
                k += n - 1
                break
        k += 1
    return indexes


def _place(title: str, low: str, words: dict[str, frozenset[str]], names: _Gazetteer) -> bool:
    """Whether a single word names a place, not a word that is also a town ("Surprise", "Man")."""
    place = names.place(title)
    if place is None or fold(place.name) != fold(title) or place.kind not in PLACE_KINDS:
        return False
    return place.kind != "city" or not _parts(low, words) & WORD_READINGS


def _parts(low: str, words: dict[str, frozenset[str]]) -> frozenset[str]:
    """The parts of speech of an English word or of its base form ("rallies" -> "rally")."""
    if low in words:
        return words[low]
    for ending, base in ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2 and low[: -len(ending)] + base in words:
            return words[low[: -len(ending)] + base]
    return frozenset()
