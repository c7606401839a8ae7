"""People, places and organizations: statistical NER corrected by what news text makes plain.

spaCy's small model mislabels often (a city as an organisation, a governor as an
organisation, a mayor's city glued to his name). These rules fix the label from the
gazetteer, from titles before a name, from other mentions of the same name, and then
fold every mention of one entity (surname, near-spelling, "the" Red Cross) together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from .folding import fold, near_spelling
from .gazetteer import Gazetteer
from .lexicon import (
    CODES_NOT_ORGS,
    CORPORATE_SUFFIXES,
    FACILITY_HEADS,
    GENERIC_ORG_WORDS,
    NOT_ORG_HEADS,
    ORG_SUFFIXES,
    PEOPLE_ENDINGS,
    PERSON_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_VERBS,
    REGION_WORDS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from .names import EVENT_HEADS, FORMS_OF_ADDRESS, HONORIFICS, NOT_PERSON_WORDS, is_title_word
from .types import EntityKind, Place

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
NAME_TOKEN = re.compile(r"^[A-Z][\w'’.-]*$")


@dataclass
class EntityMention:
    """One stretch of text that names an entity."""

    start: int
    end: int
    text: str


@dataclass
class Entity:
    """An entity of one article, with every form the article uses for it."""

    kind: EntityKind
    name: str
    mentions: list[EntityMention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    place: Place | None = None

    @property
    def aliases(self) -> list[str]:
        seen = {fold(self.name)}
        out = []
        for m in self.mentions:
            if fold(m.text) not in seen:
                seen.add(fold(m.text))
                out.append(m.text)
        return out

    def names(self) -> set[str]:
        return {fold(self.name)} | {fold(m.text) for m in self.mentions}


@dataclass
class Candidate:
    span: Span
    text: str
    label: str
    kind: EntityKind | None = None
    place: Place | None = None
    role: str | None = None


def extract_entities(doc: Doc, regions: Sequence[tuple[int, int]], gazetteer: Gazetteer) -> list[Entity]:
    """Find the people, places and organizations named inside the given character regions."""
    candidates = [c for c in _candidates(doc, regions, gazetteer) if c.text]
    known_people = _strong_people(candidates, gazetteer)
    for cand in candidates:
        _classify(cand, known_people, gazetteer)
    _relabel_by_vote(candidates)
    entities = _merge([c for c in candidates if c.kind])
    return entities


# ---------------------------------------------------------------- candidates


def _candidates(doc: Doc, regions: Sequence[tuple[int, int]], gazetteer: Gazetteer) -> Iterable[Candidate]:
    inside = _region_test(regions)
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
        yield Candidate(span, _clean_text(span.text), ent.label_)
    # Lone first names the model misses: "Mariya, a local resident, ..."
    for token in doc:
        if token.i in taken or not inside(token.idx, token.idx + len(token)):
            continue
        if _looks_like_lone_person(token):
            yield Candidate(doc[token.i : token.i + 1], token.text, "PERSON")
            taken.add(token.i)
    yield from _missed_places(doc, inside, taken, gazetteer)


def _missed_places(doc: Doc, inside, taken: set[int], gazetteer: Gazetteer) -> Iterable[Candidate]:  # type: ignore[no-untyped-def]
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


def _region_test(regions: Sequence[tuple[int, int]]):  # type: ignore[no-untyped-def]
    # a look-up, not a scan: every token of a long article is tested against every paragraph
    ordered = sorted(regions)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))  # furthest end among regions so far

    def inside(start: int, end: int) -> bool:
        k = bisect_right(starts, start)
        return k > 0 and reach[k - 1] >= end

    return inside


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

    The title is found again as the role (`_title_before`); identity is the name alone.
    """
    start = span.start
    while (
        start < span.end - 1
        and is_title_word(span.doc[start].text)
        and span.doc[start + 1].text[:1].isupper()
    ):
        start += 1
    return span.doc[start : span.end]


def _clean_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[’']s$", "", text).strip()


def _looks_like_lone_person(token: Token) -> bool:
    # a capitalised word set off by an appositive whose head is a person noun
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


# ---------------------------------------------------------------- classification


def _strong_people(candidates: Sequence[Candidate], gazetteer: Gazetteer) -> set[str]:
    """Folded names (and surnames) of mentions that can only be people."""
    out: set[str] = set()
    for cand in candidates:
        title = _title_before(cand.span)
        multi = len(cand.span) >= 2 and all(NAME_TOKEN.match(t.text) for t in cand.span)
        if any(t.text in ORG_SUFFIXES for t in cand.span):
            continue
        if (cand.label == "PERSON" and multi and gazetteer.lookup(cand.text) is None) or (title and multi):
            out.add(fold(cand.text))
            out.add(fold(cand.span[-1].text))
    return out


def _classify(cand: Candidate, known_people: set[str], gazetteer: Gazetteer) -> None:
    text, label = cand.text, cand.label
    folded = fold(text)
    span = cand.span
    if label == "NORP":
        # "Ukrainian", "Russian": nationalities are not places; a town the model took for one is
        place = gazetteer.lookup(text)
        if place is not None:
            cand.kind, cand.place = "place", place
        return
    cand.role = _title_before(span)
    if _split_place_from_person(cand, gazetteer):
        return
    if _names_no_one(span, folded, known_people):
        return
    if (cand.role and _looks_like_name(span)) or (len(span) == 1 and _looks_like_lone_person(span[0])):
        cand.kind = "person"
        return
    if folded in known_people and label in {"PERSON", "ORG", "GPE"}:
        cand.kind = "person"
        return
    if span[-1].text in FACILITY_HEADS and len(span) >= 2:
        cand.kind, cand.place = "place", _facility(cand, gazetteer)
        return
    place = gazetteer.lookup(text)
    if place is None and gazetteer.country_of_adjective(text):
        return  # a nationality the model took for a place
    wide = place is not None and place.kind in {"country", "region"}
    if label in {"GPE", "LOC", "FAC"}:
        if place:
            cand.kind, cand.place = "place", place
        return
    lone_town = label == "PERSON" and len(span) == 1 and place is not None and place.kind != "village"
    if (
        place
        and (wide or lone_town or _after_place_word(span))
        and not any(t.text in ORG_SUFFIXES for t in span)
    ):
        # a town the model called an organisation or a person: "evacuated from Irpin"
        cand.kind, cand.place = "place", place
        return
    if label == "ORG":
        if _organization_name(span):
            cand.kind = "organization"
        return
    if label == "PERSON":
        if any(t.text in ORG_SUFFIXES for t in span):
            _extend_left(cand)  # "Planet Labs PBC", of which NER kept "Labs PBC"
            cand.kind = "organization"
        elif _looks_like_name(span):
            cand.kind = "person"


def _names_no_one(span: Span, folded: str, known_people: set[str]) -> bool:
    """Platforms, events, months, capitalised common nouns and headline words the model
    tags as people or organisations ("Twitter", "Battle", "Rescuers said", "FIRE KILLS")."""
    if folded in known_people:
        return False  # "Theresa May" makes a lone "May" her
    first = fold(span[0].text)
    if len(span) == 1 and first in NOT_PERSON_WORDS:
        return True
    if first in EVENT_HEADS and len(span) >= 2 and span[1].lower_ == "of":
        return True
    if len(span) == 1 and span.start == span.sent.start and _common_noun(span[0]):
        return True  # a common noun capitalised because it opens the sentence
    return _shouted(span)


def _common_noun(token: Token) -> bool:
    """A tagged common noun the article also writes in lower case, or a plural of people
    ("Rescuers", "Firefighters")."""
    if token.tag_ not in {"NN", "NNS"}:
        return False
    low = token.lower_
    return low.endswith(PEOPLE_ENDINGS) or any(t.text == low for t in token.doc)


def _shouted(span: Span) -> bool:
    """Words of a headline set in capitals: 'FIRE KILLS THREE' is no name."""
    letters = [c for c in span.sent.text if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return len(span) >= 2 and span.text.isupper() and capitals > 0.8 * len(letters)


def _extend_left(cand: Candidate) -> None:
    """Take in the capitalised words right before a name that the model cut off."""
    doc, start = cand.span.doc, cand.span.start
    while start > 0 and doc[start - 1].pos_ == "PROPN" and NAME_TOKEN.match(doc[start - 1].text):
        start -= 1
    if start != cand.span.start:
        cand.span = doc[start : cand.span.end]
        cand.text = _clean_text(cand.span.text)


def _after_place_word(span: Span) -> bool:
    """'in Irpin', 'the Luhansk region': words around a name that make it a place."""
    doc = span.doc
    before = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
    after = span.end < len(doc) and doc[span.end].lower_ in REGION_WORDS
    head = span.root
    # "reached Mariupol", "shelled Irpin": the object of a verb of movement or attack is a place
    moved_to = head.dep_ in {"dobj", "obj"} and head.head.lemma_ in PLACE_VERBS
    return before or after or moved_to


def _organization_name(span: Span) -> bool:
    """Whether an ORG span names an organisation rather than an event, product, code or word."""
    text = _clean_text(span.text)
    if fold(text) in GENERIC_ORG_WORDS or text in CODES_NOT_ORGS or _is_credit(text):
        return False
    if span[-1].text in NOT_ORG_HEADS or any(any(ch.isdigit() for ch in t.text) for t in span):
        return False  # "Worldwide Developers Conference", "Flight 574", "Terminal 3"
    return any(ch.isalpha() for ch in text)


def _facility(cand: Candidate, gazetteer: Gazetteer) -> Place:
    """A building or site, placed at the town named with it in its sentence ("X Airport in Y")."""
    sent = cand.span.sent
    town: Place | None = None
    for ent in sent.ents:
        if ent.start >= cand.span.end and ent.label_ in {"GPE", "LOC"}:
            town = gazetteer.lookup(_clean_text(ent.text))
            if town is not None:
                break
    if town is None:
        return Place(cand.text, "", None, None, "facility")
    return Place(cand.text, town.country, town.lat, town.lon, "facility")


def _relabel_by_vote(candidates: Sequence[Candidate]) -> None:
    """A name read as a place once is a place everywhere in the article ("for Mariupol" too)."""
    places = {fold(c.text): c.place for c in candidates if c.kind == "place" and c.place is not None}
    for cand in candidates:
        lone = cand.kind == "person" and len(cand.span) == 1 and not cand.role
        if (cand.kind in {"organization", None} or lone) and cand.label in {"ORG", "GPE", "PERSON"}:
            place = places.get(fold(cand.text))
            if place is not None and not cand.role:
                cand.kind, cand.place = "place", place


def _looks_like_name(span: Span) -> bool:
    # all capitals ("GB", "NATO") is an acronym, not a name
    return (
        1 <= len(span) <= 4
        and all(NAME_TOKEN.match(t.text) for t in span)
        and any(c.islower() for c in span.text)
    )


def _is_credit(text: str) -> bool:
    return "Photo/" in text or text.startswith("AP Photo")


def _split_place_from_person(cand: Candidate, gazetteer: Gazetteer) -> bool:
    """'Mayor of Chernihiv Vadyslav Atroshenko': NER glues the city to the name."""
    span = cand.span
    if len(span) < 3 or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.lower_ != "of":
        return False
    head = gazetteer.lookup(span[0].text)
    if head is None or not _looks_like_name(span[1:]):
        return False
    title = _title_before(span.doc[span.start - 1 : span.start]) or ""
    cand.span = span[1:]
    cand.text = _clean_text(cand.span.text)
    cand.kind = "person"
    cand.role = f"{title} of {span[0].text}".strip() if title else None
    return True


# ---------------------------------------------------------------- roles


def _title_before(span: Span) -> str | None:
    """The job title written before a name, or in an appositive beside it."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and fold(doc[i].text) in HONORIFICS - FORMS_OF_ADDRESS and doc[i].text[:1].isupper():
        return doc[i].text  # "Sen. Warren", "Gen. Milley": the abbreviation is the role
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        low = tok.lower_
        glued_hyphen = tok.text == "-" and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if (
            low in TITLE_HEADS
            or low in TITLE_MODIFIERS
            or glued_hyphen  # "Secretary-General"
            or (tok.pos_ in {"PROPN", "ADJ"} and tok.text[:1].isupper() and tok.ent_type_ != "DATE")
        ):
            words.insert(0, tok)
            i -= 1
            continue
        if tok.pos_ == "ADJ" and words and low not in {"the", "a"}:
            words.insert(0, tok)
            i -= 1
            continue
        break
    # keep the run only up to its last title head word, and only if it has one
    while words and words[-1].lower_ not in TITLE_HEADS:
        words.pop()
    while words and words[0].text == "-":
        words.pop(0)
    if words:
        return doc[words[0].i : words[-1].i + 1].text
    return _appositive_title(span)


def _appositive_title(span: Span) -> str | None:
    doc = span.doc
    # "Jeremy Fleming, head of the GCHQ electronic spy agency, said"
    if span.end + 2 < len(doc) and doc[span.end].text == ",":
        j = span.end + 1
        words: list[Token] = []
        while j < len(doc) and doc[j].text not in {",", ".", ";"} and not doc[j].is_space and len(words) < 10:
            words.append(doc[j])
            j += 1
        if words and (j < len(doc) and doc[j].text == ",") and _has_title_head(words[:3]):
            start = 1 if words[0].lower_ in {"the", "a", "an"} else 0
            return " ".join(t.text for t in words[start:])
    # "The area's governor, Viacheslav Chaus, said" / "the head of the delegation, David Arakhamia"
    if span.start >= 2 and doc[span.start - 1].text == ",":
        j = span.start - 2
        words = []
        while (
            j >= 0
            and doc[j].text not in {",", ".", ";", "(", "—"}
            and not doc[j].is_space
            and len(words) < 10
        ):
            words.insert(0, doc[j])
            j -= 1
        heads = [k for k, w in enumerate(words) if w.lower_ in TITLE_HEADS]
        if heads and words[heads[0]].pos_ == "NOUN":
            k = heads[0]
            while k > 0 and (words[k - 1].lower_ in TITLE_MODIFIERS or words[k - 1].pos_ in {"ADJ", "PROPN"}):
                k -= 1
            return " ".join(t.text for t in words[k:])
    return None


def _has_title_head(words: Sequence[Token]) -> bool:
    return any(w.lower_ in TITLE_HEADS for w in words)


# ---------------------------------------------------------------- merging


def _merge(candidates: Sequence[Candidate]) -> list[Entity]:
    """Fold the mentions of one entity together: surnames, near-spellings, places by id."""
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], Entity] = {}
    people_full = Counter(fold(c.text) for c in candidates if c.kind == "person" and len(c.text.split()) >= 2)
    ordered = sorted(candidates, key=lambda c: (-len(c.text.split()), c.span.start_char))
    for cand in ordered:
        assert cand.kind is not None
        mention = EntityMention(cand.span.start_char, cand.span.end_char, cand.text)
        key = _identity(cand, by_key, people_full)
        ent = by_key.get(key)
        if ent is None:
            ent = Entity(kind=cand.kind, name=_canonical(cand), place=cand.place)
            by_key[key] = ent
            entities.append(ent)
        ent.mentions.append(mention)
        if cand.role and cand.role not in ent.roles:
            ent.roles.append(cand.role)
    for ent in entities:
        ent.mentions.sort(key=lambda m: m.start)
        if ent.kind == "organization":
            ent.name = _most_common_form(ent)
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _identity(
    cand: Candidate, by_key: dict[tuple[str, str], Entity], people_full: Counter[str]
) -> tuple[str, str]:
    folded = fold(cand.text)
    if cand.kind == "place" and cand.place is not None:
        return ("place", f"{cand.place.name}|{cand.place.country}")
    if cand.kind == "person":
        tokens = folded.split()
        if len(tokens) == 1:
            # a surname alone is the one person of the article with it; with two
            # ("Joe Biden", "Hunter Biden") it is neither
            bearers = [
                (kind, name)
                for kind, name in by_key
                if kind == "person"
                and (
                    tokens[0] == name.split()[-1]
                    or (" " in name and near_spelling(tokens[0], name.split()[-1]))
                )
            ]
            return bearers[0] if len(bearers) == 1 else ("person", folded)
        for (kind, name), _ent in by_key.items():
            if kind != "person":
                continue
            full = name.split()
            if (
                len(tokens) >= 2
                and len(full) >= 2
                and tokens[0] == full[0]
                and near_spelling(tokens[-1], full[-1])
            ):
                return (kind, name)
        return ("person", folded)
    if cand.kind == "organization":
        for (kind, name), _ent in by_key.items():
            if kind == "organization" and same_organization(folded, name, cand.text):
                return (kind, name)
        return ("organization", folded)
    return (cand.kind or "", folded)


def same_organization(short: str, long: str, short_as_written: str) -> bool:
    """Two names of one organisation in one article (both folded; `long` was seen first or is longer).

    "the Red Cross" / "International Committee of the Red Cross" (one ends the other),
    "Apple" / "Apple Inc." (the same once corporate suffixes go), "Northrop" / "Northrop
    Grumman" (the leading words), "GM" / "General Motors" (initials), "Chrylser" /
    "Chrysler" (a slip).
    """
    if short == long or long.endswith(" " + short) or short.endswith(" " + long):
        return True
    a, b = _core_words(short), _core_words(long)
    if not a or not b:
        return False
    if a == b[: len(a)] or b == a[: len(b)]:
        return True
    if short_as_written.isupper() and len(short_as_written) >= 2 and _initials(b) == short_as_written.lower():
        return True
    return len(a) == len(b) == 1 and near_spelling(a[0], b[0])


def _core_words(folded: str) -> list[str]:
    words = folded.split()
    while words and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return words


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w not in {"of", "the", "and", "for", "de"})


def _canonical(cand: Candidate) -> str:
    if cand.kind == "place" and cand.place is not None:
        return cand.place.name
    return cand.text


def _most_common_form(ent: Entity) -> str:
    counts = Counter(m.text for m in ent.mentions)
    # the shortest of the most frequent forms: "Red Cross" over "International Committee of the Red Cross"
    top = max(counts.values())
    return min((t for t, n in counts.items() if n == top), key=len)
