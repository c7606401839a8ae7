"""People, places and organizations: statistical NER corrected by what news text makes plain.

spaCy's small model mislabels often (a city as an organisation, a governor as an
organisation, a mayor's city glued to his name). These rules fix the label from the
gazetteer, from titles before a name, from other mentions of the same name, and then
fold every mention of one entity (surname, near-spelling, "the" Red Cross) together.

Finding the spans is `mentions`, reading a role is `roles`, folding the mentions of one
entity together is `merging`; this module decides what each span names.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    CODES_NOT_ORGS,
    FACILITY_HEADS,
    GENERIC_ORG_WORDS,
    NOT_ORG_HEADS,
    ORG_SUFFIXES,
    PEOPLE_ENDINGS,
    PLACE_PREPOSITIONS,
    PLACE_VERBS,
    REGION_WORDS,
)
from ..places.gazetteer import Gazetteer
from ..places.states import article_state
from ..text.folding import fold
from ..types import Place
from .mentions import NAME_TOKEN, Candidate, clean_text, find_candidates, looks_like_lone_person
from .merging import Entity, EntityMention, merge
from .names import EVENT_HEADS, NAME_PARTICLES, NOT_PERSON_WORDS
from .roles import title_before

# an article's entities, importable from here as from the module that defines them
__all__ = ["Entity", "EntityMention", "extract_entities"]


def extract_entities(doc: Doc, regions: Sequence[tuple[int, int]], gazetteer: Gazetteer) -> list[Entity]:
    """Find the people, places and organizations named inside the given character regions."""
    candidates = [c for c in find_candidates(doc, regions, gazetteer) if c.text]
    known_people = _strong_people(candidates, gazetteer)
    for cand in candidates:
        _classify(cand, known_people, gazetteer)
    _relabel_by_vote(candidates)
    _localise_towns(candidates, gazetteer)
    entities = merge([c for c in candidates if c.kind])
    return entities


def article_country(places: Sequence[Place]) -> str | None:
    """The country an article is about: the one its countries and regions ("Ohio", "Texas") are most in.

    Towns do not vote: an ambiguous town name is what this is wanted for. A region counts
    twice: a state named is local news ("Lebanon, Pa."), a country named may be the world's.
    """
    votes: dict[str, int] = {}
    weights = {"country": 1, "region": 2}
    for place in places:
        if place.kind in weights and place.country:
            votes[place.country] = votes.get(place.country, 0) + weights[place.kind]
    return max(votes, key=lambda code: votes[code]) if votes else None


# People a town name may modify: "a Dayton man" is a man of Dayton, not of an organisation
TOWNSFOLK_NOUNS = frozenset(
    [
        "man",
        "woman",
        "men",
        "women",
        "boy",
        "girl",
        "boys",
        "girls",
        "teen",
        "teens",
        "teenager",
        "teenagers",
        "resident",
        "residents",
        "youth",
        "couple",
        "family",
        "mother",
        "father",
    ]
)


def _localise_towns(candidates: Sequence[Candidate], gazetteer: Gazetteer) -> None:
    """A town name is the article's country's town: Canton in an Ohio story is Ohio's, not Guangzhou.

    A name a foreign town also has (or once had) yields to the home one unless the foreign
    town is far bigger (the gazetteer's hint rule: Paris stays Paris), and a town of the
    story's state before one elsewhere in the country. A name followed by a home region is
    that region's town: "Lebanon, Pa.", "Mexico, Missouri", "PARIS, Texas". A foreign town
    matched only by one of its other names, or a foreign village of a country the story
    does not name, is no place at all.
    """
    regions = {c.span.start: c.place for c in candidates if c.place is not None and c.place.kind == "region"}
    # a name qualified by a region ("Lebanon, Pa.") is a town being placed, no vote for its country
    voters = [
        c.place
        for c in candidates
        if c.kind == "place"
        and c.place is not None
        and not (c.place.kind == "country" and _before_home_region(c.span, regions, None))
    ]
    home = article_country(voters)
    if home is None:
        return
    state = article_state(voters, home)
    named = {p.country for p in voters if p.kind in {"country", "region"}}
    towns: dict[str, Place] = {}
    for cand in candidates:
        place = cand.place
        if cand.kind != "place" or place is None:
            continue
        qualified = _home_region_after(cand.span, regions, None)
        if qualified is not None and qualified.country and place.kind in {"city", "village", "country"}:
            # "PARIS, Texas", "LONDON, Ky.", "Lebanon, Pa.": the town of the state written after
            # it, however much bigger a namesake abroad or elsewhere in the country is
            town = gazetteer.town_in(cand.text, qualified.country, qualified.admin1)
            if town is not None:
                cand.place = towns[fold(cand.text)] = town
            continue
        if place.country == home:
            # a home town of the story's state before a namesake in another state
            if place.kind in {"city", "village"} and state is not None and place.admin1 != state:
                cand.place = _town_of_state(gazetteer, cand.text, home, state) or place
            continue
        if place.kind in {"city", "village"}:
            local = gazetteer.lookup(cand.text, country_hint=home, state_hint=state)
            if local is not None and local.country == home and local.kind in {"city", "village"}:
                cand.place = local
            elif gazetteer.town_by_own_name(cand.text) is None or (
                place.kind == "village" and place.country not in named
            ):
                # a foreign town known here only by an old or other-language name ("Twin" for
                # Thuin, at the head of "Twin bombings"), or a village of a country the story
                # never names ("the Grand River" in Lansing is no village in Mauritius): a word
                cand.kind, cand.place = None, None
    # "LEBANON, Pa." once makes "a Lebanon man" the town too, as "PARIS, Texas" every Paris
    for cand in candidates:
        if cand.kind == "place" and cand.place is not None:
            cand.place = towns.get(fold(cand.text), cand.place)


def _before_home_region(span: Span, regions: dict[int, Place], home: str | None) -> bool:
    """Whether a name is followed by ", <a region of the home country>" (any country's, without one): "Lebanon, Pa."."""
    return _home_region_after(span, regions, home) is not None


def _home_region_after(span: Span, regions: dict[int, Place], home: str | None) -> Place | None:
    """The region of the home country (any country's, without one) written after a name: "Lebanon, Pa."."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    region = regions.get(span.end + 1)
    return region if region is not None and (home is None or region.country == home) else None


def _town_of_state(gazetteer: Gazetteer, name: str, country: str, state: str) -> Place | None:
    """The town of that name in the state, if the state has one: Athens in an Ohio story is Athens, Ohio."""
    town = gazetteer.town_in(name, country, state)
    return town if town is not None and town.admin1 == state else None


def _strong_people(candidates: Sequence[Candidate], gazetteer: Gazetteer) -> set[str]:
    """Folded names (and surnames) of mentions that can only be people."""
    out: set[str] = set()
    for cand in candidates:
        title = title_before(cand.span)
        multi = len(cand.span) >= 2 and all(NAME_TOKEN.match(t.text) for t in cand.span)
        if any(t.text in ORG_SUFFIXES for t in cand.span) or _named_site(cand.span):
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
    cand.role = title_before(span)
    if _split_place_from_person(cand, gazetteer):
        return
    if _names_no_one(span, folded, known_people):
        return
    # "John Radcliffe Hospital", "Karl Marx Avenue", "General Santos City": a person's name
    # in a place's is never a person; what it is is decided below as for any other name
    site = _named_site(span)
    # "Director of Mid Wales Tourism Partnership": a title before an organisation's name
    # does not make it a person
    organisation = any(t.text in ORG_SUFFIXES for t in span)
    if (
        not site
        and not organisation
        and ((cand.role and _looks_like_name(span)) or (len(span) == 1 and looks_like_lone_person(span[0])))
    ):
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
    if label == "PERSON" and not site:
        if any(t.text in ORG_SUFFIXES for t in span):
            _extend_left(cand)  # "Planet Labs PBC", of which NER kept "Labs PBC"
            cand.kind = "organization"
        elif _looks_like_name(span):
            cand.kind = "person"


# Last words of the names of streets and towns; with FACILITY_HEADS, what no person's name ends in
SITE_TAILS = frozenset(["Avenue", "Street", "Road", "Boulevard", "Lane", "Highway", "Mall", "City", "Drive"])


def _named_site(span: Span) -> bool:
    last = span[-1].text
    # "Martin Luther King Jr. Day" too: a person's name in an event's is no person (of three
    # words or more, so Doris Day stays a woman)
    event = len(span) >= 3 and last in NOT_ORG_HEADS
    return len(span) >= 2 and (last in FACILITY_HEADS or last in SITE_TAILS or event)


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
        cand.text = clean_text(cand.span.text)


def _after_place_word(span: Span) -> bool:
    """'in Irpin', 'the Luhansk region': words around a name that make it a place."""
    doc = span.doc
    before = span.start > 0 and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
    after = span.end < len(doc) and doc[span.end].lower_ in REGION_WORDS
    head = span.root
    # "reached Mariupol", "shelled Irpin": the object of a verb of movement or attack is a place
    moved_to = head.dep_ in {"dobj", "obj"} and head.head.lemma_ in PLACE_VERBS
    # local news names people by their town: "a Dayton man", "a Toledo woman", "two Lebanon teens"
    townsfolk = (
        len(span) == 1
        and head.dep_ == "compound"
        and head.head.lower_ in TOWNSFOLK_NOUNS
        and span.start > 0
        and doc[span.start - 1].pos_ in {"DET", "NUM"}
    )
    return before or after or moved_to or townsfolk


def _organization_name(span: Span) -> bool:
    """Whether an ORG span names an organisation rather than an event, product, code or word."""
    text = clean_text(span.text)
    if fold(text) in GENERIC_ORG_WORDS or text in CODES_NOT_ORGS or _is_credit(text):
        return False
    if span[-1].text in NOT_ORG_HEADS or any(any(ch.isdigit() for ch in t.text) for t in span):
        return False  # "Worldwide Developers Conference", "Flight 574", "Terminal 3"
    return any(ch.isalpha() for ch in text)


def _facility(cand: Candidate, gazetteer: Gazetteer) -> Place:
    """A building or site, placed at the town named with it in its sentence ("X Airport in Y")."""
    sent = cand.span.sent
    after = [
        place
        for ent in sent.ents
        if ent.start >= cand.span.end and ent.label_ in {"GPE", "LOC"}
        for place in [gazetteer.lookup(clean_text(ent.text))]
        if place is not None
    ]
    # a town after it, else the town its own name starts with ("Calicut International Airport
    # at Karipur, Kerala in India" is at Calicut, not at India's centre), else a region or country
    town = next((p for p in after if p.kind in {"city", "village"}), None)
    town = town or places_named_in(cand.span, gazetteer) or next(iter(after), None)
    if town is None:
        return Place(cand.text, "", None, None, "facility")
    return Place(cand.text, town.country, town.lat, town.lon, "facility")


def places_named_in(span: Span, gazetteer: Gazetteer) -> Place | None:
    """The town (10,000 people or more) a site's name opens with: "Calicut" of "Calicut International Airport"."""
    for end in range(len(span) - 1, 0, -1):
        words = span[:end]
        if all(t.text[:1].isupper() for t in words):
            place = gazetteer.lookup(words.text)
            if place is not None and place.kind == "city":
                return place
    return None


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
    # all capitals ("GB", "NATO") is an acronym, not a name; the particles of Arabic, Dutch,
    # Spanish names stand lower-case inside one ("Ziad al-Sharabi", "Arnel dela Vega")
    words = [t for t in span if t.text != "-"]
    return (
        1 <= len(words) <= 4
        and NAME_TOKEN.match(words[0].text) is not None
        and NAME_TOKEN.match(words[-1].text) is not None
        and all(NAME_TOKEN.match(t.text) or t.lower_ in NAME_PARTICLES for t in words)
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
    # "Director of Mid Wales Tourism Partnership" is of an organisation, no person
    if head is None or not _looks_like_name(span[1:]) or any(t.text in ORG_SUFFIXES for t in span):
        return False
    title = title_before(span.doc[span.start - 1 : span.start]) or ""
    cand.span = span[1:]
    cand.text = clean_text(cand.span.text)
    cand.kind = "person"
    cand.role = f"{title} of {span[0].text}".strip() if title else None
    return True
