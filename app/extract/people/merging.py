"""Folding an article's mentions into entities: a surname into the full name, a near-spelling
into the spelling, "the" Red Cross into the International Committee of the Red Cross, a
place's every name into its gazetteer entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..lexicon import CORPORATE_SUFFIXES
from ..text.folding import fold, near_spelling
from ..types import EntityKind, Place
from .mentions import Candidate
from .names import NAME_PARTICLES, strip_titles


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


def merge(candidates: Sequence[Candidate]) -> list[Entity]:
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
        if _lone_surname(cand.text):
            # a surname alone is the one person of the article with it, the exact spelling
            # before a near one; with two ("Joe Biden", "Hunter Biden") the one named last
            # before it, and neither when both were named in that sentence or none before.
            # Folding splits "O'Rourke", "D'Souza", "Glawischnig-Piesczek" and "de Blasio" in
            # words: the surname is the bearer's last words
            people = [(kind, name) for kind, name in by_key if kind == "person"]
            bearers = [key for key in people if _ends_with(key[1], tokens)] or [
                key
                for key in people
                if " " in key[1] and len(tokens) == 1 and near_spelling(tokens[0], _surname(key[1]))
            ]
            if len(bearers) == 1:
                return bearers[0]
            nearest = _nearest_bearer(cand, [(key, by_key[key]) for key in bearers])
            return nearest if nearest is not None else ("person", folded)
        for (kind, name), _ent in by_key.items():
            if kind != "person":
                continue
            full = name.split()
            if (
                len(tokens) >= 2
                and len(full) >= 2
                and tokens[0] == full[0]
                and near_spelling(_surname(folded), _surname(name))
            ):
                return (kind, name)
        return ("person", folded)
    if cand.kind == "organization":
        for (kind, name), _ent in by_key.items():
            if kind == "organization" and same_organization(folded, name, cand.text):
                return (kind, name)
        return ("organization", folded)
    return (cand.kind or "", folded)


def _lone_surname(text: str) -> bool:
    """A name written as a surname alone: one word ("Biden", "O'Rourke") or a particle and a
    word ("de Blasio", "van Gogh")."""
    words = text.split()
    return len(words) == 1 or (len(words) == 2 and fold(words[0]) in NAME_PARTICLES)


def _ends_with(folded_name: str, surname: Sequence[str]) -> bool:
    """Whether a full name ends in the words of a surname: "beto o rourke" in "o rourke";
    "john conyers jr" in "conyers"."""
    if len(surname) == 1:
        return surname[0] == _surname(folded_name)
    words = fold(strip_titles(folded_name)[0]).split()
    return len(words) > len(surname) and words[-len(surname) :] == list(surname)


def _surname(folded_name: str) -> str:
    """The surname of a folded person name, past a suffix or middle initial ("John Conyers Jr.")."""
    words = fold(strip_titles(folded_name)[0]).split()
    return words[-1] if words else folded_name


def _nearest_bearer(
    cand: Candidate, bearers: Sequence[tuple[tuple[str, str], Entity]]
) -> tuple[str, str] | None:
    """Of several people with a surname, the one named last before a lone use of it, when
    no other bearer was named in that same sentence."""
    start = cand.span.start_char
    last: list[tuple[int, tuple[str, str]]] = []
    for key, ent in bearers:
        before = [m.start for m in ent.mentions if m.end <= start]
        if before:
            last.append((max(before), key))
    if not last:
        return None
    last.sort()
    if len(last) >= 2:
        doc = cand.span.doc
        at = doc.char_span(last[-1][0], last[-1][0] + 1, alignment_mode="expand")
        since = at.sent.start_char if at is not None else last[-1][0]
        if last[-2][0] >= since:
            return None  # "Joe Biden and Hunter Biden ... Biden said": unclear
    return last[-1][1]


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
