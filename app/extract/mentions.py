"""Finding the names in an article: the spans the statistical NER tags, and those it misses.

A candidate is one span that may name a person, place or organization; what it names is
decided afterwards (`entities`), from the gazetteer, titles and the article's other mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer
from .lexicon import PERSON_NOUNS, PLACE_PREPOSITIONS
from .location import within_any
from .names import is_title_word
from .types import EntityKind, Place

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")


@dataclass
class Candidate:
    """A span that may name an entity, with what it is found to name (`kind`) once classified."""

    span: Span
    text: str
    label: str
    kind: EntityKind | None = None
    place: Place | None = None
    role: str | None = None


def find_candidates(
    doc: Doc, regions: Sequence[tuple[int, int]], gazetteer: Gazetteer
) -> Iterable[Candidate]:
    """The spans inside the given character regions that may name a person, place or organization."""
    # a look-up, not a scan: every token of a long article is tested against every paragraph
    inside = within_any(regions)
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS or not inside(ent.start_char, ent.end_char):
            continue
        span = _trim(ent)
        if span is None:
            continue
        if ent.label_ == "PERSON":
            span = _without_title(span)
        taken.update(range(span.start, span.end))
        yield Candidate(span, clean_text(span.text), ent.label_)
    # Lone first names the model misses: "Mariya, a local resident, ..."
    for token in doc:
        if token.i in taken or not inside(token.idx, token.idx + len(token)):
            continue
        if looks_like_lone_person(token):
            yield Candidate(doc[token.i : token.i + 1], token.text, "PERSON")
            taken.add(token.i)
    yield from _missed_places(doc, inside, taken, gazetteer)


def _missed_places(
    doc: Doc, inside: Callable[[int, int], bool], taken: set[int], gazetteer: Gazetteer
) -> Iterable[Candidate]:
    """Town names the model did not tag, after a word that introduces a place ("in Odesa").

    Only towns of some size (10,000 people), regions and countries qualify: a village
    name is too often an ordinary word.
    """
    i = 0
    while i < len(doc):
        token = doc[i]
        if (
            i in taken
            or not NAME_TOKEN.match(token.text)
            or i == 0
            or doc[i - 1].lower_ not in PLACE_PREPOSITIONS
        ):
            i += 1
            continue
        end = i
        while end < len(doc) and end - i < 3 and end not in taken and NAME_TOKEN.match(doc[end].text):
            end += 1
        for stop in range(end, i, -1):
            span = doc[i:stop]
            if not inside(span.start_char, span.end_char):
                continue
            place = gazetteer.lookup(span.text)
            if place is not None and place.kind != "village":
                taken.update(range(i, stop))
                yield Candidate(span, span.text, "GPE")
                break
        i = end


def _trim(span: Span) -> Span | None:
    """Drop determiners, possessive endings, whitespace and punctuation at the edges."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].is_punct or doc[start].lower_ == "the"):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")
    ):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _without_title(span: Span) -> Span:
    """'President Biden', 'Sen. Warren' tagged whole: the name starts after the title.

    The title is found again as the role (`roles.title_before`); identity is the name alone.
    """
    start = span.start
    while (
        start < span.end - 1
        and is_title_word(span.doc[start].text)
        and span.doc[start + 1].text[:1].isupper()
    ):
        start += 1
    return span.doc[start : span.end]


def clean_text(text: str) -> str:
    """A name as written, on one line and without a possessive ending."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[’']s$", "", text).strip()


def looks_like_lone_person(token: Token) -> bool:
    """A capitalised word set off by an appositive whose head is a person noun ("Mariya, a local resident")."""
    if not NAME_TOKEN.match(token.text) or token.is_stop or token.i + 3 >= len(token.doc):
        return False
    nxt = token.doc[token.i + 1]
    if nxt.text != ",":
        return False
    window = token.doc[token.i + 2 : token.i + 6]
    for tok in window:
        if tok.lower_ in PERSON_NOUNS:
            return True
        if tok.text in {",", "."}:
            break
    return False
