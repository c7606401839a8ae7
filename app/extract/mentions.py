"""Finding the names in an article: the spans the statistical NER tags, and those it misses.

A candidate is one span that may name a person, place or organization; what it names is
decided afterwards (`entities`), from the gazetteer, titles and the article's other mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .folding import fold
from .gazetteer import Gazetteer
from .lexicon import ORG_SUFFIXES, PERSON_NOUNS, PLACE_PREPOSITIONS, QUOTING_VERBS, TITLE_HEADS
from .location import within_any
from .names import HONORIFICS, NOT_PERSON_WORDS, is_title_word
from .types import EntityKind, Place

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")
# Months that are also surnames or first names ("Theresa May", "June Carter")
MONTH_WORDS = frozenset(["may", "june", "april", "august"])
# words before a month that make it a date: "in May", "since May", "last May"
DATE_WORDS_BEFORE = frozenset(
    [
        "in",
        "on",
        "since",
        "until",
        "till",
        "by",
        "last",
        "next",
        "early",
        "mid",
        "late",
        "of",
        "this",
        "from",
        "through",
    ]
)


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
    surnames: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS or not inside(ent.start_char, ent.end_char):
            continue
        span = _trim(ent)
        if span is None:
            continue
        if ent.label_ == "PERSON":
            span = _without_title(_with_first_names(span))
            if len(span) >= 2:
                surnames.add(span[-1].text)
        taken.update(range(span.start, span.end))
        yield Candidate(span, clean_text(span.text), ent.label_)
    # Lone first names the model misses: "Mariya, a local resident, ..."
    for token in doc:
        if token.i in taken or not inside(token.idx, token.idx + len(token)):
            continue
        if looks_like_lone_person(token):
            yield Candidate(doc[token.i : token.i + 1], token.text, "PERSON")
            taken.add(token.i)
    for span in _missed_people(doc, taken, surnames):
        if inside(span.start_char, span.end_char):
            taken.update(range(span.start, span.end))
            yield Candidate(span, clean_text(span.text), "PERSON")
    yield from _missed_places(doc, inside, taken, gazetteer)


def _with_first_names(span: Span) -> Span:
    """'Mayor of London Sadiq Khan', of which the model tagged only "Khan": the untagged
    capitalised words right before a tagged name and tied to it are its first names."""
    doc, start = span.doc, span.start
    while (
        start > 0
        and start == span.start  # one word: "Sadiq", not "Chrysler LLC" before "Jim Press"
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text not in ORG_SUFFIXES
        and not doc[start - 1].text.isupper()
        and NAME_TOKEN.match(doc[start - 1].text)
        and not doc[start - 1].ent_type_
        and doc[start - 1].head.i in range(start, span.end)
        and not is_title_word(doc[start - 1].text)
        and fold(doc[start - 1].text) not in NOT_PERSON_WORDS
    ):
        start -= 1
    return doc[start : span.end]


def _missed_people(doc: Doc, taken: set[int], surnames: set[str]) -> Iterable[Span]:
    """People the model did not tag, where news writing makes them plain.

    After a form of address or honorific: "Mrs Rice said", "Mr Brown told MPs". A surname
    that is also a word or a month ("May", "Brown", "Rice") is the person when the article
    gives a full name ending in it and the word stands where a person does: after an
    honorific, as a subject or a possessor ("May said", "May's government"). A month after
    a first name is a surname: "Theresa May".
    """
    for token in doc:
        if token.i in taken or not NAME_TOKEN.match(token.text) or token.i == 0:
            continue
        before = doc[token.i - 1]
        honorific = fold(before.text) in HONORIFICS and before.text[:1].isupper()
        if honorific and token.pos_ == "PROPN" and not is_title_word(token.text):
            end = token.i + 1
            while end < len(doc) and end - token.i < 3 and end not in taken and _name_word(doc[end]):
                end += 1
            yield doc[token.i : end]
            continue
        if token.text in surnames:
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            # "May said": the parser may read the name as a modal, never a reporting verb after it
            reporting = (
                following is not None and following.lemma_ in QUOTING_VERBS and following.tag_ == "VBD"
            )
            as_person = token.dep_ in {"nsubj", "nsubjpass", "poss"} or reporting
            # mid-sentence a capital says name, except on a month ("in May")
            mid_sentence = not token.is_sent_start and fold(token.text) not in MONTH_WORDS
            if (as_person or mid_sentence) and not _month_in_date(token):
                yield doc[token.i : token.i + 1]
            continue
        if _name_word(token) and not token.ent_type_ and not _name_word(before):
            end = token.i + 1
            while end < len(doc) and end - token.i < 3 and end not in taken and _name_word(doc[end]):
                end += 1
            # "chancellor, Pradeep Khosla" / "Tomasz Kubiak, a fire service spokesman,": a
            # full name set beside a title
            if end - token.i >= 2 and (_beside_title(token) or _titled_after(doc, end)):
                taken.update(range(token.i, end))
                yield doc[token.i : end]
                continue
        month = fold(token.text) in MONTH_WORDS and token.ent_type_ in {"DATE", ""}
        if month and _name_word(before) and before.i not in taken and not _month_in_date(token):
            surnames.add(token.text)
            yield doc[before.i : token.i + 1]  # "Theresa May": no date has a first name before it


def _beside_title(token: Token) -> bool:
    """A word opening a name set off beside a title: "San Diego's chancellor, Pradeep Khosla"."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != ",":
        return False
    title = doc[token.i - 2]
    return title.pos_ == "NOUN" and (title.lower_ in TITLE_HEADS or title.lower_ in PERSON_NOUNS)


def _titled_after(doc: Doc, end: int) -> bool:
    """A name followed by a description naming a title: "Tomasz Kubiak, a fire service spokesman,"."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    words = []
    for tok in doc[end + 1 : end + 8]:
        if tok.is_punct:
            break
        words.append(tok)
    if not words or words[0].lower_ not in {"a", "an", "the"}:
        return False
    return any(t.pos_ == "NOUN" and (t.lower_ in TITLE_HEADS or t.lower_ in PERSON_NOUNS) for t in words)


def _name_word(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and bool(NAME_TOKEN.match(token.text))
        and not is_title_word(token.text)
        and fold(token.text) not in NOT_PERSON_WORDS
    )


def _month_in_date(token: Token) -> bool:
    """A month word that is a date here: "in May", "May 5", "last May", "May 2019"."""
    if fold(token.text) not in MONTH_WORDS:
        return False
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    if after is not None and after.like_num:
        return True
    return before is not None and (before.lower_ in DATE_WORDS_BEFORE or before.like_num)


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
