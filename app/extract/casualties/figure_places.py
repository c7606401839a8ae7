"""Where a figure happened: the most specific place its clause, sentence, source, paragraph,
caption or dateline ties it to, the article's country only when nothing closer is."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..facts import ArticleFacts, article_index
from ..people.entities import Entity, EntityMention, article_country
from ..places.gazetteer import Gazetteer
from ..places.location import Located, within_any
from ..places.states import article_state
from ..text.article import DATELINE
from ..text.folding import fold
from ..types import Place
from .incident import capital_country_words, capital_of, is_capital_word, tells_incident

SPECIFICITY = {"facility": 3, "village": 3, "city": 3, "region": 2, "country": 1}

PlaceMention = tuple[int, int, int]  # entity index, start, end


class _IncidentPlaces:
    """One article's place mentions that may say where something happened."""

    def __init__(self) -> None:
        self.places: list[PlaceMention] = []
        self.places_key: tuple[int, int, int] | None = None

    def current(self, facts: ArticleFacts, doc: Doc) -> list[PlaceMention]:
        """The place mentions that may say where something happened: not in a source's words or
        the dateline, not where someone comes from or is taken to. Built once per state of the article's facts,
        not once per figure (which, with a scan of the sources per mention, was cubic)."""
        key = (len(facts.entities), len(facts.claims), len(facts.quotes))
        if self.places_key != key:
            sourced = within_any([*_source_ranges(facts), *_dateline_range(facts)])
            self.places = [
                m
                for m in _place_mentions(facts)
                if not sourced(m[1], m[2]) and not _origin(doc, m) and not _destination(doc, m)
            ]
            self.places_key = key
        return list(self.places)


def figure_place(
    facts: ArticleFacts,
    number: Token,
    scopes: Sequence[Span],
    where: Located,
    gazetteer: Gazetteer,
    *,
    displaced: bool = True,
) -> int | None:
    """The most specific place tied to a figure; the article's country only when nothing closer is.

    In order: its clause and the clauses it hangs on, the place its sentence names
    unambiguously, its people's nation ("4 million Ukrainians" fled; only for people who
    left their country: "six Mexicans were killed" in El Paso died there), a town in the words of its
    source ("Kyiv Mayor ..."), the incident its paragraph opens with, its caption's place,
    the dateline's town, the one town the headline and lead tell the incident in, the country.
    """
    # the dateline ("PHOENIX (AP) —") is where the story was filed, read only as a last resort
    mentions = article_index(facts, _IncidentPlaces).current(facts, number.doc)
    nation = _people_nation(facts, number, gazetteer) if displaced else None
    countries: list[PlaceMention] = []
    for scope in scopes:
        found = _mentions_in(mentions, scope.start_char, scope.end_char)
        found += _named_by_words(facts, scope, gazetteer)
        found += _districts_in(facts, scope.start_char, scope.end_char)
        found += _town_before(facts, mentions, found)
        closer = [m for m in found if place_specificity(facts, m[0]) > 1]
        if closer:
            return _closest_specific(facts, closer, number.idx)
        # a country in the clause yields to a town the clause it hangs on names
        countries = countries or found
    if countries:
        # "4 million Ukrainians fled ... since Russia invaded Ukraine": the people's own
        return (
            nation
            if nation in {i for i, _, _ in countries}
            else _closest_specific(facts, countries, number.idx)
        )
    sent = number.sent
    in_sentence = _mentions_in(mentions, sent.start_char, sent.end_char) + _named_by_words(
        facts, sent, gazetteer
    )
    in_sentence += _districts_in(facts, sent.start_char, sent.end_char)
    top = _most_specific(facts, in_sentence)
    # "in the Karol Bagh area of New Delhi" names one place: the district
    top = [m for m in top if _is_district(facts.article.text, m)] or top
    if len({i for i, _, _ in top}) == 1:
        return top[0][0]  # the sentence's one place, though not in the figure's clause
    if nation is not None:
        return nation
    sourced = within_any(_source_ranges(facts))
    in_source = [
        m
        for m in _mentions_in(_place_mentions(facts), sent.start_char, sent.end_char)
        if sourced(m[1], m[2]) and place_specificity(facts, m[0]) > 1
    ]
    if in_source:
        return _closest_specific(facts, in_source, number.idx)
    led = _paragraph_place(facts, number, where, mentions, gazetteer)
    if led is not None:
        return led
    segment = facts.article.segments[where.segment]
    if segment.kind == "caption":
        # a caption's figures happen where its photo was taken, as its date is the photo's
        in_caption = _mentions_in(mentions, segment.start, segment.end)
        if in_caption:
            return max(in_caption, key=lambda m: (place_specificity(facts, m[0]), -m[1]))[0]
    town = _dateline_place(facts, gazetteer)
    if town is None:
        town = _lead_town(facts, number.doc, mentions)
    if town is None:
        town = _headline_town(facts, number.doc, mentions)
    return town if town is not None else _main_country(facts, number.doc)


def _headline_town(facts: ArticleFacts, doc: Doc, mentions: Sequence[PlaceMention]) -> int | None:
    """The one town or site the headline names (else the lead sentence), for a figure nothing closer places.

    A headline says where its story is ("Charlottesville, Virginia killer sentenced",
    "Violence breaks out in Washington, DC") even in words no incident list holds; the
    figures told further down with no place are that town's, not the country's.
    """
    lead = lead_sentence(facts, doc)
    spans = [(s.start, s.end) for n, s in enumerate(facts.article.segments[:1]) if is_headline(facts, n)]
    spans += [(lead.start_char, lead.end_char)] if lead is not None else []
    for start, end in spans:
        towns = {i for i, _, _ in _mentions_in(mentions, start, end) if place_specificity(facts, i) > 2}
        if towns:
            return next(iter(towns)) if len(towns) == 1 else None
    return None


def lead_sentence(facts: ArticleFacts, doc: Doc) -> Span | None:
    """The first sentence of the article's first body paragraph after its headline."""
    for n, segment in enumerate(facts.article.segments):
        if segment.kind != "body" or is_headline(facts, n):
            continue
        span = doc.char_span(segment.start, segment.end, alignment_mode="expand")
        return span[0].sent if span is not None and len(span) else None
    return None


def is_headline(facts: ArticleFacts, segment: int) -> bool:
    """Whether a segment is the article's headline: its title, or a first line with no full stop."""
    segments = facts.article.segments
    if segment != 0 or not segments:
        return False
    text = facts.article.segment_text(segments[0]).strip()
    title = (facts.article.title or "").strip()
    return text == title or not text.endswith((".", '"', "”"))


def _lead_town(facts: ArticleFacts, doc: Doc, mentions: Sequence[PlaceMention]) -> int | None:
    """The one town or site the headline and lead tell the incident in, for a figure nothing closer places.

    A story names where it happened at its top ("Bus overturns in Kaluga; seven die") and
    counts the dead further down without repeating it. Two towns there leave it open.
    """
    body = [s for s in facts.article.segments if s.kind == "body"][:2]
    towns: set[int] = set()
    for segment in body:
        span = doc.char_span(segment.start, segment.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span.start
        while token < span.end:  # sentence by sentence (a headline may share one with the lead)
            sent = doc[token].sent
            token = sent.end
            if tells_incident(sent):
                found = _mentions_in(mentions, sent.start_char, sent.end_char)
                towns |= {i for i, _, _ in found if place_specificity(facts, i) > 2}
    return next(iter(towns)) if len(towns) == 1 else None


def _town_before(
    facts: ArticleFacts, mentions: Sequence[PlaceMention], found: Sequence[PlaceMention]
) -> list[PlaceMention]:
    """The town written just before a region found: "in Dayton, Ohio where ten people died".

    A clause hung on the state of a "Town, State" pair is about the town.
    """
    text = facts.article.text
    out: list[PlaceMention] = []
    for region in (m for m in found if place_specificity(facts, m[0]) == 2):
        for town in mentions:
            near = 0 < region[1] - town[2] <= 2 and text[town[2] : region[1]].strip() == ","
            if near and place_specificity(facts, town[0]) > 2:
                out.append(town)
    return out


# "a resident of Antioch", "a native of Temple": the nouns saying someone lives or comes from there
HOME_NOUNS = frozenset({"resident", "native", "inhabitant", "citizen", "man", "woman", "boy", "girl"})


def _origin(doc: Doc, mention: PlaceMention) -> bool:
    """Where someone comes from or lives is not where the incident was.

    "A 52-year-old man from Temple", "a resident of Antioch, Illinois, Rittenhouse is
    accused of ... killing two people", "John Smith, of Antioch, shot two people", "a Temple
    resident": the suspect's or victim's home town, not the scene (a state after its town,
    "Antioch, Illinois", is the town's).
    """
    span = doc.char_span(mention[1], mention[2], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    # "Antioch, Illinois": the state hangs on its town, and is someone's home as the town is
    while root.dep_ in {"appos", "conj", "npadvmod"} and root.head.ent_type_ in {"GPE", "LOC"}:
        root = root.head
    if root.dep_ == "compound" and root.head.lemma_.lower() in {"resident", "native"}:
        return True  # "a Temple resident"
    prep = root.head
    if prep.dep_ != "prep" or prep.head.i == root.i:
        return False
    owner = prep.head
    if prep.lower_ == "from":
        return owner.pos_ in {"NOUN", "PROPN"}
    if prep.lower_ != "of":
        return False
    if owner.lemma_.lower() in HOME_NOUNS - {"man", "woman", "boy", "girl"}:
        return True
    # "Kyle Rittenhouse, of Antioch, Illinois," / "a man, 52, of Temple": set off after a person
    after_comma = prep.i > 0 and doc[prep.i - 1].text == ","
    person = owner.ent_type_ == "PERSON" or owner.lemma_.lower() in HOME_NOUNS
    return after_comma and person


# "taken to Kabul", "airlifted to Manila", "en route to Havana", "bound for Athens": the
# wounded are carried, and travellers head, away from where it happened
CARRY_WORDS = frozenset(
    {"take", "transport", "fly", "airlift", "rush", "send", "bring", "carry", "transfer", "route", "bind"}
)


def _destination(doc: Doc, mention: PlaceMention) -> bool:
    """Where the wounded were taken, or a vehicle was heading or coming from, is not where the incident was."""
    span = doc.char_span(mention[1], mention[2], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    while root.dep_ in {"appos", "conj", "npadvmod"} and root.head.ent_type_ in {"GPE", "LOC"}:
        root = root.head
    prep = root.head
    if prep.dep_ != "prep" or prep.lower_ not in {"to", "for", "from"} or prep.head.i == root.i:
        return False
    # "a bus carrying children from Smolensk to Kaluga overturned in Babyninsky": both ends of
    # the route are elsewhere
    return prep.head.lemma_.lower() in CARRY_WORDS


def _place_mentions(facts: ArticleFacts) -> list[PlaceMention]:
    return [
        (i, m.start, m.end) for i, e in enumerate(facts.entities) if e.kind == "place" for m in e.mentions
    ]


def _mentions_in(mentions: Iterable[PlaceMention], start: int, end: int) -> list[PlaceMention]:
    """The mentions lying within [start, end)."""
    return [m for m in mentions if start <= m[1] and m[2] <= end]


def _source_ranges(facts: ArticleFacts) -> list[tuple[int, int]]:
    """The words naming speakers and sources: "Ukraine's emergency services" is no incident's place."""
    ranges = [(c.claim.source_start, c.claim.source_end) for c in facts.claims]
    ranges += [
        (q.quote.speaker_start, q.quote.speaker_end)
        for q in facts.quotes
        if q.quote.speaker_start is not None and q.quote.speaker_end is not None
    ]
    return ranges


def _closest_specific(facts: ArticleFacts, found: Sequence[PlaceMention], near: int) -> int:
    """Of the places found, the most specific, then a district named as part of a town, then the nearest.

    "In the Karol Bagh area of the Indian capital, New Delhi": both are towns to the
    gazetteer, and the district is where it happened.
    """
    text = facts.article.text
    return max(
        found,
        key=lambda m: (place_specificity(facts, m[0]), _is_district(text, m), -abs(m[1] - near)),
    )[0]


# "the Karol Bagh area of", "Salaheddin district of", "Kabul's Shar-e Naw, a neighbourhood of":
# news places an incident in a part of a town by naming the part, then the town
DISTRICT_OF = re.compile(
    r"\s*(?:,\s*(?:a|an|the)\s+)?(?:[\w-]+\s+)?"
    r"(?:area|district|neighbou?rhood|suburb|quarter|borough|locality|township|ward)\s+of\b",
    re.IGNORECASE,
)


def _is_district(text: str, mention: PlaceMention) -> bool:
    """Whether a place mention is named as a part of the place told after it."""
    return DISTRICT_OF.match(text, mention[2]) is not None


def _districts_in(facts: ArticleFacts, start: int, end: int) -> list[PlaceMention]:
    """Districts the article names elsewhere as places, written here as a part of a town.

    The model tags "Karol Bagh" in the headline but not in "the Karol Bagh area of the
    Indian capital": the words are the same district's, so they are read as its mention.
    """
    text = facts.article.text
    found: list[PlaceMention] = []
    for i, ent in enumerate(facts.entities):
        if ent.kind != "place" or place_specificity(facts, i) < 3:
            continue
        for written in {m.text for m in ent.mentions}:
            for hit in re.finditer(rf"\b{re.escape(written)}\b", text[start:end]):
                mention = (i, start + hit.start(), start + hit.end())
                if _is_district(text, mention) and mention not in found:
                    found.append(mention)
    return found


def _most_specific(facts: ArticleFacts, found: Sequence[PlaceMention]) -> list[PlaceMention]:
    if not found:
        return []
    best = max(place_specificity(facts, m[0]) for m in found)
    return [m for m in found if place_specificity(facts, m[0]) == best]


def _named_by_words(facts: ArticleFacts, scope: Span, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Places a scope names without a place name the model tagged.

    "A Kyiv apartment block" (a place as a modifier, often left untagged), "the capital"
    ("the Ukrainian capital", "the capital of Ukraine", else the article's country's) and
    "the nation" or "the country" (the article's).
    """
    found: list[PlaceMention] = []
    tagged = _place_mentions(facts)
    for token in scope:
        if _the_country(token):
            main = _main_country(facts, token.doc)
            if main is not None:
                found.append((main, token.idx, token.idx + len(token)))
        elif is_capital_word(token):
            capital = _capital_entity(facts, token, gazetteer)
            if capital is not None:
                found.append((capital, token.idx, token.idx + len(token)))
        elif _untagged_name(token):
            if any(s <= token.idx < e for _, s, e in tagged) or gazetteer.country_of_adjective(token.text):
                continue  # a tagged name, or a nationality ("a Ukrainian official")
            place = gazetteer.lookup(token.text)
            if place is not None and place.kind == "city":
                place = gazetteer.town_by_own_name(token.text)
            if place is not None and place.kind in {"city", "region"} and _article_country(facts, place):
                found.append(
                    (_place_entity(facts, place, token.idx, token.text), token.idx, token.idx + len(token))
                )
    return found


def _the_country(token: Token) -> bool:
    """ "in the nation", "across the country": the article's own country, named by its role."""
    if token.lower_ not in {"country", "nation"} or token.pos_ != "NOUN" or token.dep_ != "pobj":
        return False
    # "the nation", not "the Pacific nation" or "the country's south"
    dets = [c.lower_ for c in token.children if c.dep_ == "det"]
    named = any(c.dep_ in {"amod", "compound", "poss", "nmod"} for c in token.children)
    return dets == ["the"] and not named


def _article_country(facts: ArticleFacts, place: Place) -> bool:
    """Whether a place lies in a country the article places anything in (any, if it places nothing).

    An untagged capitalised word is a town of the story's country ("a Kyiv apartment
    block"), not a namesake or an old name abroad: "Molotov cocktails" are not Perm's,
    "Twin bombings" not Thuin's, the "Costa Sur" power plant not Oman's Sur.
    """
    countries = {e.place.country for e in facts.entities if e.kind == "place" and e.place is not None}
    return not countries or place.country in countries


def _untagged_name(token: Token) -> bool:
    """A capitalised word the model gave no other label: a modifier ("a Kyiv block") or a name ("hit Odesa")."""
    if not token.text[:1].isupper() or token.ent_type_ not in {"", "GPE", "LOC"}:
        return False
    if token.i == token.sent.start and not token.ent_type_:
        return False  # any word is capitalised there
    doc = token.doc
    if (
        token.i > token.sent.start
        and doc[token.i - 1].pos_ == "PROPN"
        and doc[token.i - 1].dep_ == "compound"
    ):
        return False  # a word inside a longer name: "Costa Sur", "Cielo Vista Mall"
    modifier = token.dep_ in {"amod", "compound"} and token.head.pos_ == "NOUN"
    return modifier or (
        token.pos_ == "PROPN" and token.dep_ in {"dobj", "pobj", "nsubj", "nsubjpass", "appos"}
    )


def _capital_entity(facts: ArticleFacts, token: Token, gazetteer: Gazetteer) -> int | None:
    code: str | None = None
    for word in capital_country_words(token):
        code = gazetteer.country_of_adjective(word.text)
        place = gazetteer.lookup(word.text) if code is None else None
        code = code or (place.country if place is not None and place.kind == "country" else None)
        if code:
            break
    if code is None:
        main = _main_country(facts, token.doc)
        place = facts.entities[main].place if main is not None else None
        code = place.country if place is not None else None
    name = capital_of(code) if code else None
    if name is None:
        return None
    folded = fold(name)
    named = next((i for i, e in enumerate(facts.entities) if e.kind == "place" and folded in e.names()), None)
    if named is not None:
        return named
    # named only inside another name ("Kyiv Mayor Vitali Klitschko"): the article still names it
    place = gazetteer.lookup(name, country_hint=code)
    written = next((t for t in token.doc if fold(t.text) == folded), None)
    if place is None or written is None:
        return None
    return _place_entity(facts, place, written.idx, written.text)


def _place_entity(facts: ArticleFacts, place: Place, start: int, written: str) -> int:
    """The article's entity for a gazetteer place, added (as written at `start`) when the model did not tag its name."""
    for i, ent in enumerate(facts.entities):
        if ent.place is not None and (ent.place == place or fold(ent.place.name) == fold(place.name)):
            return i
    mention = EntityMention(start, start + len(written), written)
    facts.entities.append(Entity("place", place.name, [mention], place=place))
    return len(facts.entities) - 1


def _people_nation(facts: ArticleFacts, number: Token, gazetteer: Gazetteer) -> int | None:
    """The nation of the people counted: "4 million Ukrainians", "three Ukrainian civilians"."""
    noun = number
    while noun.dep_ in {"nummod", "quantmod", "compound", "amod"} and noun.pos_ in {"NUM", "ADV", "ADJ"}:
        noun = noun.head  # "4 million Ukrainians": from the digits to the people
    for token in [noun, *noun.children]:
        if token.ent_type_ == "NORP":
            country = _country_entity(facts, gazetteer.country_of_adjective(token.text))
            if country is not None:
                return country
    return None


def _paragraph_place(
    facts: ArticleFacts, number: Token, where: Located, mentions: Sequence[PlaceMention], gazetteer: Gazetteer
) -> int | None:
    """A town or region named by an earlier sentence of the paragraph that tells the incident."""
    for sent in earlier_incident_sentences(facts, number, where):
        found = _mentions_in(mentions, sent.start_char, sent.end_char) + _named_by_words(
            facts, sent, gazetteer
        )
        found += _districts_in(facts, sent.start_char, sent.end_char)
        found = [m for m in found if place_specificity(facts, m[0]) > 1]
        if found:
            return _closest_specific(facts, found, sent.end_char)
    return None


def earlier_incident_sentences(facts: ArticleFacts, number: Token, where: Located) -> list[Span]:
    """The sentences before a figure's, in its paragraph or the one before, that tell an incident, nearest first."""
    segments = facts.article.segments
    # wire copy gives a paragraph a sentence: the incident is often told just before
    previous = where.segment - 1
    start = segments[where.segment].start
    if previous >= 0 and segments[previous].kind == segments[where.segment].kind == "body":
        start = segments[previous].start
    doc = number.doc
    out: list[Span] = []
    token = number.sent.start - 1
    while token >= 0 and doc[token].idx >= start:
        sent = doc[token].sent
        if tells_incident(sent):
            out.append(sent)
        token = sent.start - 1
    return out


def _dateline(facts: ArticleFacts) -> tuple[str, int, int] | None:
    """The town heading the story ("KALAMAZOO, Mich. (AP) —") and the span of the dateline.

    Read from the first body paragraphs (a headline may come first); a byline's "X
    reported from Lviv" says where the reporter was, not where local news happens.
    """
    body = [s for s in facts.article.segments if s.kind == "body"][:2]
    for segment in body:
        found = DATELINE.match(facts.article.segment_text(segment))
        if found:
            return found.group("place").strip(), segment.start, segment.start + found.end()
    return None


def _dateline_range(facts: ArticleFacts) -> list[tuple[int, int]]:
    dateline = _dateline(facts)
    return [dateline[1:]] if dateline else []


def _dateline_place(facts: ArticleFacts, gazetteer: Gazetteer) -> int | None:
    """The dateline's town, where a local story's figures happen when their sentence names no place."""
    dateline = _dateline(facts)
    if dateline is None:
        return None
    name, start, end = dateline
    folded = fold(name)
    for i, ent in enumerate(facts.entities):
        if ent.kind == "place" and folded in ent.names():
            return i
    # a dateline town the model left untagged is still the story's state's: "CANTON, Ohio" is
    # no old name of Guangzhou
    places = [e.place for e in facts.entities if e.kind == "place" and e.place is not None]
    home = article_country(places)
    place = gazetteer.lookup(name.title(), country_hint=home, state_hint=article_state(places, home))
    if place is None or place.kind not in {"city", "village"}:
        return None
    return _place_entity(facts, place, facts.article.text.find(name, start, end), name)


def place_specificity(facts: ArticleFacts, index: int) -> int:
    """How specific a place entity is: a town or a site in a known town 3, a region 2, a country 1, unknown 0.

    A site ("the Jolo Cathedral", "Bradley International Airport") is where an incident
    was, as precise as its town; one the article places in no town cannot be mapped.
    """
    place = facts.entities[index].place
    if place is None or (place.kind == "facility" and place.lat is None):
        return 0
    return SPECIFICITY.get(place.kind, 0)


def _country_entity(facts: ArticleFacts, code: str | None) -> int | None:
    for i, ent in enumerate(facts.entities):
        if ent.place and ent.place.kind == "country" and ent.place.country == code:
            return i
    return None


def _main_country(facts: ArticleFacts, doc: Doc) -> int | None:
    """The country the article names most, not counting where people come from or head to.

    "Four of the dead were from overseas: two Argentinians, one from France" twice names France
    in a story of a bus crash in Cuba, which names Cuba once.
    """
    countries = [(i, e) for i, e in enumerate(facts.entities) if e.place and e.place.kind == "country"]
    counts = Counter({i: len(e.mentions) for i, e in countries})
    here = Counter(
        {
            i: n
            for i, e in countries
            if (n := sum(1 for m in e.mentions if not _elsewhere(doc, (i, m.start, m.end))))
        }
    )
    best = (here or counts).most_common(1)
    return best[0][0] if best else None


def _elsewhere(doc: Doc, mention: PlaceMention) -> bool:
    """A place told as where someone is from ("one from France") or was taken or headed to."""
    span = doc.char_span(mention[1], mention[2], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    while root.dep_ in {"appos", "conj"} and root.head.ent_type_ in {"GPE", "LOC"}:
        root = root.head  # "from France, Mexico and Canada"
    return (root.head.lower_ == "from" and root.dep_ == "pobj") or _destination(doc, mention)
