"""One article in, all its facts out: runs the extractors and ties their results together.

Each extractor is a pure function over the parsed article; this module resolves what
they leave open: which entity a speaker or source is ("he" included), which place and
day a figure is about, and which reports describe the same incident.
"""

from __future__ import annotations

import datetime as dt
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .article import DATELINE, Article
from .casing import headline_case
from .claims import extract_claims
from .dates import extract_dates
from .entities import Entity, EntityMention, extract_entities
from .figures import extract_figures
from .folding import fold
from .gazetteer import Gazetteer
from .incident import (
    INCIDENT_WORDS,
    capital_country_words,
    capital_of,
    clause_scopes,
    day_scopes,
    governor,
    is_capital_word,
    is_report_day,
    tells_incident,
)
from .lexicon import PERSON_NOUNS, TITLE_HEADS
from .numbers import VAGUE as VAGUE_COUNTS
from .parse import MAX_DEPTH, is_root
from .quotes import extract_quotes
from .types import CASUALTY_CATEGORIES, Claim, DateMention, Figure, Place, Quote

PRONOUNS = {"he", "she", "him", "her", "they", "it", "we", "i"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
FACT_SEGMENTS = {"body", "caption"}
SPECIFICITY = {"village": 3, "city": 3, "region": 2, "country": 1}


@dataclass(frozen=True)
class Located:
    """Where a fact sits: its segment (index into article.segments) and sentence span."""

    segment: int
    sentence: tuple[int, int]


@dataclass
class QuoteFact:
    quote: Quote
    where: Located
    speaker: int | None  # index into ArticleFacts.entities
    date: DateMention | None


@dataclass
class ClaimFact:
    claim: Claim
    where: Located
    source: int | None
    date: DateMention | None


@dataclass
class FigureFact:
    figure: Figure
    where: Located
    place: int | None
    date: dt.date | None
    source: int | None
    source_text: str | None
    incident: str | None = None


@dataclass
class DateFact:
    mention: DateMention
    segment: int


@dataclass
class ArticleFacts:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity]
    quotes: list[QuoteFact] = field(default_factory=list)
    claims: list[ClaimFact] = field(default_factory=list)
    figures: list[FigureFact] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    segment_dates: dict[int, dt.date] = field(default_factory=dict)


def masked_text(article: Article) -> str:
    """The article text with everything that is not a fact-bearing segment blanked out.

    Offsets stay those of the article; the model never sees credits, bylines or footers,
    so photographers do not become people in the news.
    """
    keep = bytearray(len(article.text))
    for seg in article.segments:
        if seg.kind in FACT_SEGMENTS:
            keep[seg.start : seg.end] = b"\x01" * (seg.end - seg.start)
    # run by run, not character by character: a megabyte of text is a million steps of Python
    out: list[str] = []
    pos = 0
    while pos < len(keep):
        kept = keep[pos]
        stop = keep.find(0 if kept else 1, pos)
        stop = len(keep) if stop < 0 else stop
        run = article.text[pos:stop]
        out.append(run if kept else "\n".join(" " * len(line) for line in run.split("\n")))
        pos = stop
    return "".join(out)


def extract_article(article: Article, nlp: Language, gazetteer: Gazetteer) -> ArticleFacts:
    """Extract every fact of one article."""
    return next(iter(extract_articles([article], nlp, gazetteer)))


def extract_articles(
    articles: Iterable[Article], nlp: Language, gazetteer: Gazetteer, *, batch_size: int = 8
) -> Iterator[ArticleFacts]:
    """Extract many articles, parsing them in batches (the model loaded once)."""
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _run(pending, nlp, gazetteer)
            pending = []
    if pending:
        yield from _run(pending, nlp, gazetteer)


def _run(articles: Sequence[Article], nlp: Language, gazetteer: Gazetteer) -> Iterator[ArticleFacts]:
    docs = nlp.pipe([headline_case(masked_text(a), nlp, gazetteer) for a in articles])
    for article, doc in zip(articles, docs, strict=True):
        yield _extract_doc(article, doc, gazetteer)


def _extract_doc(article: Article, doc: Doc, gazetteer: Gazetteer) -> ArticleFacts:
    regions = [(s.start, s.end) for s in article.segments if s.kind in FACT_SEGMENTS]
    facts = ArticleFacts(article, extract_entities(doc, regions, gazetteer))
    body = [i for i, s in enumerate(article.segments) if s.kind == "body"]
    captions = [i for i, s in enumerate(article.segments) if s.kind == "caption"]
    _dates(facts, doc, body + captions)
    # body paragraphs are read as one stretch, so quotes and pronouns can cross them;
    # each caption stands alone
    stretches = ([_segments_span(doc, article, body)] if body else []) + [
        _segments_span(doc, article, [i]) for i in captions
    ]
    for stretch in stretches:
        if stretch is None:
            continue
        for quote in extract_quotes(stretch):
            facts.quotes.append(_quote_fact(facts, doc, quote))
        for claim in extract_claims(stretch):
            facts.claims.append(_claim_fact(facts, doc, claim))
        for figure in extract_figures(stretch):
            facts.figures.append(_figure_fact(facts, doc, figure, gazetteer))
    _resolve_pronouns(facts, doc)
    _attribute_figures(facts)
    _group_incidents(facts)
    return facts


def _segments_span(doc: Doc, article: Article, indexes: Sequence[int]) -> Span | None:
    first, last = article.segments[indexes[0]], article.segments[indexes[-1]]
    return doc.char_span(first.start, last.end, alignment_mode="expand")


def _segment_of(article: Article, offset: int) -> int:
    # segments are in text order and do not overlap: the last one starting at or before it
    i = bisect_right(article.segments, offset, key=lambda seg: seg.start) - 1
    if i >= 0 and article.segments[i].start <= offset < article.segments[i].end:
        return i
    return 0


def _sentence_of(doc: Doc, offset: int) -> Span:
    token = _token_at(doc, offset)
    return token.sent


def _token_at(doc: Doc, offset: int) -> Token:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    # the first token ending after the offset, found by halving rather than a walk over the doc
    i = bisect_right(range(len(doc)), offset, key=lambda k: doc[k].idx + len(doc[k]))
    return doc[i] if i < len(doc) else doc[-1]


def _located(facts: ArticleFacts, doc: Doc, start: int) -> Located:
    sent = _sentence_of(doc, start)
    return Located(_segment_of(facts.article, start), (sent.start_char, sent.end_char))


# ---------------------------------------------------------------- dates


def _dates(facts: ArticleFacts, doc: Doc, segments: Sequence[int]) -> None:
    article = facts.article
    for i in segments:
        seg = article.segments[i]
        span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
        if span is None:
            continue
        found = extract_dates(span, article.published)
        if seg.kind == "caption":
            own = _caption_date(found)
            if own is not None:
                facts.segment_dates[i] = own
                if own != article.published:
                    # a caption's relative days ("said Wednesday") count from its own date
                    found = extract_dates(span, own)
        facts.dates.extend(DateFact(m, i) for m in found)


def _caption_date(found: Sequence[DateMention]) -> dt.date | None:
    """A caption's own date: the full date it gives, "Wednesday, March 30, 2022"."""
    for mention in found:
        if mention.granularity == "day" and any(ch.isdigit() for ch in mention.text[-4:]):
            return dt.date.fromisoformat(mention.value)
    return None


def _date_within(facts: ArticleFacts, start: int, end: int, near: int) -> DateMention | None:
    inside = _lookups(facts).dates_within(facts, start, end)  # (position in facts.dates, mention)
    if not inside:
        return None
    # the nearest; of two as near, the first in the article's list, as a scan would find it
    return min(inside, key=lambda pm: (abs(pm[1].start - near), pm[0]))[1]


# ---------------------------------------------------------------- speakers and sources


def _entity_for(facts: ArticleFacts, text: str | None, start: int | None, end: int | None) -> int | None:
    """The entity that the words naming a speaker or source refer to."""
    if not text or start is None or end is None:
        return None
    index = _actor_index(facts)
    overlapping = index.overlapping(start, end)
    # a person named inside the phrase wins over an organisation ("X of the Red Cross")
    people = [i for i in overlapping if facts.entities[i].kind == "person"]
    if overlapping:
        return max(people) if people else min(overlapping)
    # else the first entity with the phrase, or its last words ("the minister Olena Berg"), as a name
    folded = fold(text)
    tails = [folded] + [folded[k + 1 :] for k, ch in enumerate(folded) if ch == " "]
    named = [index.first_named[t] for t in tails if t in index.first_named]
    return min(named) if named else None


class _ActorIndex:
    """An article's people and organisations, looked up by span and name instead of scanned.

    Every quote and claim asks which entity its speaker is: a scan of every mention of
    every entity made a long article quadratic.
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.size = len(entities)
        mentions = sorted(
            (m.start, m.end, i) for i, e in enumerate(entities) if e.kind != "place" for m in e.mentions
        )
        self.mentions = mentions
        self.starts = [s for s, _, _ in mentions]
        self.longest = max((e - s for s, e, _ in mentions), default=0)
        self.first_named: dict[str, int] = {}
        for i, ent in enumerate(entities):
            if ent.kind != "place":
                for name in ent.names():
                    self.first_named.setdefault(name, i)

    def overlapping(self, start: int, end: int) -> set[int]:
        """The entities with a mention overlapping [start, end)."""
        # a mention overlapping the range starts less than the longest mention before it
        lo = bisect_right(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        return {i for _, m_end, i in self.mentions[lo:hi] if start < m_end}


class _Lookups:
    """One article's indexes of its facts, each built on first use and again when its facts grow."""

    def __init__(self) -> None:
        self.actors: _ActorIndex | None = None
        self.dates: list[tuple[int, int, DateMention]] = []  # (start, position, mention), by start
        self.dates_seen = -1
        self.places: list[PlaceMention] = []
        self.places_key: tuple[int, int, int] | None = None

    def dates_within(self, facts: ArticleFacts, start: int, end: int) -> list[tuple[int, DateMention]]:
        """The date mentions within [start, end), with their positions in facts.dates."""
        if self.dates_seen != len(facts.dates):
            self.dates = sorted((d.mention.start, k, d.mention) for k, d in enumerate(facts.dates))
            self.dates_seen = len(facts.dates)
        lo = bisect_left(self.dates, (start, -1))
        hi = bisect_right(self.dates, (end, len(self.dates)))
        return [(k, m) for _, k, m in self.dates[lo:hi] if m.end <= end]

    def incident_places(self, facts: ArticleFacts, doc: Doc) -> list[PlaceMention]:
        """The place mentions that may say where something happened: not in a source's words or
        the dateline, not where someone comes from. Built once per state of the article's facts,
        not once per figure (which, with a scan of the sources per mention, was cubic)."""
        key = (len(facts.entities), len(facts.claims), len(facts.quotes))
        if self.places_key != key:
            sources = sorted([*_source_ranges(facts), *_dateline_range(facts)])
            starts = [a for a, _ in sources]
            reach = list(accumulate((b for _, b in sources), max))  # furthest end so far

            def sourced(m: PlaceMention) -> bool:  # as _within: inside one of the sources
                k = bisect_right(starts, m[1])
                return k > 0 and reach[k - 1] >= m[2]

            self.places = [m for m in _place_mentions(facts) if not sourced(m) and not _origin(doc, m)]
            self.places_key = key
        return list(self.places)


_article_lookups: dict[int, _Lookups] = {}


def _lookups(facts: ArticleFacts) -> _Lookups:
    """This article's indexes; every fact asking a scan of all the others made long articles quadratic."""
    found = _article_lookups.get(id(facts))
    if found is None:
        found = _article_lookups[id(facts)] = _Lookups()
        # dropped with the article's facts, so a recycled id never finds another's indexes
        weakref.finalize(facts, _article_lookups.pop, id(facts), None)
    return found


def _actor_index(facts: ArticleFacts) -> _ActorIndex:
    """The index of this article's people and organisations, built once (again if one is added)."""
    lookups = _lookups(facts)
    index = lookups.actors
    if index is None or any(e.kind != "place" for e in facts.entities[index.size :]):
        index = lookups.actors = _ActorIndex(facts.entities)
    index.size = len(facts.entities)  # places added later are none of its business
    return index


def _quote_fact(facts: ArticleFacts, doc: Doc, quote: Quote) -> QuoteFact:
    where = _located(facts, doc, quote.start)
    speaker = _entity_for(facts, quote.speaker_text, quote.speaker_start, quote.speaker_end)
    if speaker is None and quote.speaker_start is not None and quote.speaker_end is not None:
        speaker = _role_words(facts, doc, quote.speaker_start, quote.speaker_end)
    date = _date_within(facts, *where.sentence, quote.start)
    return QuoteFact(quote, where, speaker, date)


def _claim_fact(facts: ArticleFacts, doc: Doc, claim: Claim) -> ClaimFact:
    where = _located(facts, doc, claim.start)
    source = _entity_for(facts, claim.source_text, claim.source_start, claim.source_end)
    if source is None:
        source = _role_words(facts, doc, claim.source_start, claim.source_end)
    date = _date_within(facts, *where.sentence, claim.start)
    return ClaimFact(claim, where, source, date)


def _role_words(facts: ArticleFacts, doc: Doc, start: int, end: int) -> int | None:
    """ "the regional governor said": the one person of the article the role names, if one is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return _role_holder(facts, span) if span is not None and len(span) else None


def _resolve_pronouns(facts: ArticleFacts, doc: Doc) -> None:
    """'he said' names the person its paragraph is about; an unclear 'he' names nobody.

    The person a paragraph is about is the last one named as the subject of a main clause
    there or in the paragraph before, not the last speaker ("Guterres met Putin. ... he
    said" is Guterres's) nor a subject of reported speech ("Guterres said Putin had
    agreed"). When that subject is no entity of the pronoun's kind ("the ministry" for
    "he"), the pronoun stays unresolved rather than reach further back.
    """
    subjects = _subject_mentions(facts, doc)
    for q in facts.quotes:
        text = (q.quote.speaker_text or "").lower()
        if q.speaker is None and text in PRONOUNS and q.quote.speaker_start is not None:
            q.speaker = _referent(facts, subjects, q.quote.speaker_start, text)
    for c in facts.claims:
        text = c.claim.source_text.lower()
        if c.source is None and text in PRONOUNS:
            c.source = _referent(facts, subjects, c.claim.source_start, text)


@dataclass(frozen=True)
class NamedSubject:
    """The subject of a main clause: the entity it names, else the kind of thing it seems to be."""

    start: int
    entity: int | None
    kind: str | None  # for a subject naming no entity: "person" ("the governor") or "organization"


def _subject_mentions(facts: ArticleFacts, doc: Doc) -> list[NamedSubject]:
    """The subjects of main clauses, in text order, with the entity each names (surnames included)."""
    found: list[NamedSubject] = []
    for token in doc:
        if token.dep_ not in SUBJECT_DEPS or token.pos_ not in {"PROPN", "NOUN"}:
            continue
        if not _main_clause(token.head):
            continue
        phrase = doc[token.left_edge.i : token.i + 1]
        named = next((c for c in token.children if c.dep_ == "appos"), None)
        entity = _named_entity(facts, phrase)
        if entity is None and named is not None:  # "The U.N. chief, Antonio Guterres, visited ..."
            entity = _named_entity(facts, doc[named.left_edge.i : named.i + 1])
        if entity is None:
            entity = _role_holder(facts, phrase)
        found.append(NamedSubject(phrase.start_char, entity, None if entity is not None else _kind_of(token)))
    return found


def _kind_of(token: Token) -> str | None:
    """What a subject naming no entity seems to be: one person, one organisation, or neither (plural)."""
    if token.tag_ not in {"NN", "NNP"}:
        return None  # "officials", "police": no antecedent of "he" or "it"
    if token.pos_ == "PROPN" or token.lower_ in PERSON_NOUNS or token.lower_ in TITLE_HEADS:
        return "person"
    return "organization"


def _named_entity(facts: ArticleFacts, phrase: Span) -> int | None:
    """The person or organisation a noun phrase names: by its tagged mention, else by surname."""
    start, end = phrase.start_char, phrase.end_char
    overlapping = [
        i
        for i, e in enumerate(facts.entities)
        if e.kind != "place" and any(m.start < end and start < m.end for m in e.mentions)
    ]
    if overlapping:
        return next((i for i in overlapping if facts.entities[i].kind == "person"), overlapping[0])
    last = fold(phrase[-1].text)
    # a surname the model left untagged ("Guterres spoke to reporters"), when one person has it
    bearers = [
        i for i, e in enumerate(facts.entities) if e.kind == "person" and fold(e.name).split()[-1:] == [last]
    ]
    return bearers[0] if len(bearers) == 1 and phrase[-1].pos_ == "PROPN" else None


def _role_holder(facts: ArticleFacts, phrase: Span) -> int | None:
    """The one person of the article holding a role named by a definite phrase: "the governor"."""
    head = phrase[-1]
    definite = any(t.lower_ == "the" or t.dep_ == "poss" for t in phrase)
    if not definite or head.lower_ not in TITLE_HEADS:
        return None
    holders = [
        i
        for i, e in enumerate(facts.entities)
        if e.kind == "person" and any(head.lower_ in fold(role).split() for role in e.roles)
    ]
    return holders[0] if len(holders) == 1 else None


def _main_clause(verb: Token) -> bool:
    """Whether a verb tells what the sentence is about, not what someone said or thought."""
    token = verb
    for _ in range(MAX_DEPTH):
        if is_root(token):
            return True
        if token.dep_ in {"ccomp", "relcl", "acl"}:
            return False
        token = token.head
    return True


def _referent(facts: ArticleFacts, subjects: Sequence[NamedSubject], offset: int, pronoun: str) -> int | None:
    """The entity a pronoun at `offset` stands for: the last main-clause subject of its kind nearby."""
    kind = "person" if pronoun in PERSON_PRONOUNS else "organization"
    here = _segment_of(facts.article, offset)
    same = [i for i, s in enumerate(facts.article.segments) if s.kind == facts.article.segments[here].kind]
    earlier = [i for i in same if i < here]
    start = facts.article.segments[earlier[-1] if earlier else here].start
    for subject in reversed([n for n in subjects if start <= n.start < offset]):
        if subject.entity is not None:
            return subject.entity if facts.entities[subject.entity].kind == kind else None
        if subject.kind == kind:
            return None  # "the ministry ... it said": a speaker we cannot name
    return None


# ---------------------------------------------------------------- figures


def _figure_fact(facts: ArticleFacts, doc: Doc, figure: Figure, gazetteer: Gazetteer) -> FigureFact:
    """A figure with its place and day; its source is read once speakers are resolved."""
    where = _located(facts, doc, figure.start)
    number = _number_token(doc, figure)
    scopes = clause_scopes(number)
    place = _figure_place(facts, number, scopes, where, gazetteer)
    return FigureFact(figure, where, place, _figure_date(facts, doc, number, scopes, where), None, None)


def _number_token(doc: Doc, figure: Figure) -> Token:
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand") or doc[0:1]
    for token in span:
        if token.like_num or token.pos_ == "NUM" or token.lower_ in VAGUE_COUNTS:
            return token
    return span[0]


def _attribute_figures(facts: ArticleFacts) -> None:
    """A figure's source is who its own clause is attributed to; none for the article's narration.

    The attribution is the narrowest claim or quote holding the figure ("..., officials
    said", "according to ...", "X said ... killed 12"); a claim elsewhere in the article
    says nothing about who reported this number.
    """
    for fig in facts.figures:
        at = fig.figure.start
        holders: list[tuple[int, int | None, str | None]] = [
            (c.claim.end - c.claim.start, c.source, c.claim.source_text)
            for c in facts.claims
            if c.claim.start <= at < c.claim.end
        ]
        holders += [
            (q.quote.end - q.quote.start, q.speaker, q.quote.speaker_text)
            for q in facts.quotes
            if q.quote.start <= at < q.quote.end
        ]
        if holders:
            _, fig.source, fig.source_text = min(holders, key=lambda h: h[0])


# ---------------------------------------------------------------- a figure's place

PlaceMention = tuple[int, int, int]  # entity index, start, end


def _figure_place(
    facts: ArticleFacts, number: Token, scopes: Sequence[Span], where: Located, gazetteer: Gazetteer
) -> int | None:
    """The most specific place tied to a figure; the article's country only when nothing closer is.

    In order: its clause and the clauses it hangs on, the place its sentence names
    unambiguously, its people's nation ("4 million Ukrainians"), a town in the words of its
    source ("Kyiv Mayor ..."), the incident its paragraph opens with, its caption's place,
    the dateline's town, the country.
    """
    # the dateline ("PHOENIX (AP) —") is where the story was filed, read only as a last resort
    mentions = _lookups(facts).incident_places(facts, number.doc)
    nation = _people_nation(facts, number, gazetteer)
    countries: list[PlaceMention] = []
    for scope in scopes:
        found = _mentions_in(mentions, scope.start_char, scope.end_char)
        found += _named_by_words(facts, scope, gazetteer)
        closer = [m for m in found if _specificity(facts, m[0]) > 1]
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
    top = _most_specific(facts, in_sentence)
    if len({i for i, _, _ in top}) == 1:
        return top[0][0]  # the sentence's one place, though not in the figure's clause
    if nation is not None:
        return nation
    in_source = [
        m
        for m in _mentions_in(_place_mentions(facts), sent.start_char, sent.end_char)
        if _within(m[1], m[2], _source_ranges(facts)) and _specificity(facts, m[0]) > 1
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
            return max(in_caption, key=lambda m: (_specificity(facts, m[0]), -m[1]))[0]
    town = _dateline_place(facts, gazetteer)
    return town if town is not None else _main_country(facts)


def _origin(doc: Doc, mention: PlaceMention) -> bool:
    """Where someone comes from ("a 52-year-old man from Temple") is not where the incident was."""
    span = doc.char_span(mention[1], mention[2], alignment_mode="expand")
    if span is None or not len(span):
        return False
    prep = span.root.head
    return prep.lower_ == "from" and prep.head.pos_ in {"NOUN", "PROPN"} and prep.head.i != span.root.i


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


def _within(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def _closest_specific(facts: ArticleFacts, found: Sequence[PlaceMention], near: int) -> int:
    """Of the places found, the most specific, then the nearest to the figure."""
    return max(found, key=lambda m: (_specificity(facts, m[0]), -abs(m[1] - near)))[0]


def _most_specific(facts: ArticleFacts, found: Sequence[PlaceMention]) -> list[PlaceMention]:
    if not found:
        return []
    best = max(_specificity(facts, m[0]) for m in found)
    return [m for m in found if _specificity(facts, m[0]) == best]


def _named_by_words(facts: ArticleFacts, scope: Span, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Places a scope names without a place name the model tagged.

    "A Kyiv apartment block" (a place as a modifier, often left untagged) and "the capital"
    ("the Ukrainian capital", "the capital of Ukraine", else the article's country's).
    """
    found: list[PlaceMention] = []
    tagged = _place_mentions(facts)
    for token in scope:
        if is_capital_word(token):
            capital = _capital_entity(facts, token, gazetteer)
            if capital is not None:
                found.append((capital, token.idx, token.idx + len(token)))
        elif _untagged_name(token):
            if any(s <= token.idx < e for _, s, e in tagged) or gazetteer.country_of_adjective(token.text):
                continue  # a tagged name, or a nationality ("a Ukrainian official")
            place = gazetteer.lookup(token.text)
            if place is not None and place.kind in {"city", "region"}:
                found.append((_place_entity(facts, place, token), token.idx, token.idx + len(token)))
    return found


def _untagged_name(token: Token) -> bool:
    """A capitalised word the model gave no other label: a modifier ("a Kyiv block") or a name ("hit Odesa")."""
    if not token.text[:1].isupper() or token.ent_type_ not in {"", "GPE", "LOC"}:
        return False
    if token.i == token.sent.start and not token.ent_type_:
        return False  # any word is capitalised there
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
        main = _main_country(facts)
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
    return _place_entity(facts, place, written) if place is not None and written is not None else None


def _place_entity(facts: ArticleFacts, place: Place, token: Token) -> int:
    """The article's entity for a gazetteer place, added when the model did not tag its name."""
    for i, ent in enumerate(facts.entities):
        if ent.place is not None and (ent.place == place or fold(ent.place.name) == fold(place.name)):
            return i
    mention = EntityMention(token.idx, token.idx + len(token), token.text)
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
    for sent in _earlier_incident_sentences(facts, number, where):
        found = _mentions_in(mentions, sent.start_char, sent.end_char) + _named_by_words(
            facts, sent, gazetteer
        )
        found = [m for m in found if _specificity(facts, m[0]) > 1]
        if found:
            return _closest_specific(facts, found, sent.end_char)
    return None


def _earlier_incident_sentences(facts: ArticleFacts, number: Token, where: Located) -> list[Span]:
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
    place = gazetteer.lookup(name.title())
    if place is None or place.kind not in {"city", "village"}:
        return None
    for i, ent in enumerate(facts.entities):
        if ent.place is not None and (ent.place == place or fold(ent.place.name) == fold(place.name)):
            return i
    written = facts.article.text.find(name, start, end)
    facts.entities.append(
        Entity("place", place.name, [EntityMention(written, written + len(name), name)], place=place)
    )
    return len(facts.entities) - 1


def _specificity(facts: ArticleFacts, index: int) -> int:
    place = facts.entities[index].place
    return SPECIFICITY.get(place.kind, 0) if place else 0


def _country_entity(facts: ArticleFacts, code: str | None) -> int | None:
    for i, ent in enumerate(facts.entities):
        if ent.place and ent.place.kind == "country" and ent.place.country == code:
            return i
    return None


def _main_country(facts: ArticleFacts) -> int | None:
    counts = Counter(
        {i: len(e.mentions) for i, e in enumerate(facts.entities) if e.place and e.place.kind == "country"}
    )
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------- a figure's day


def _figure_date(
    facts: ArticleFacts, doc: Doc, number: Token, scopes: Sequence[Span], where: Located
) -> dt.date | None:
    """The incident day the text gives for a figure, else None: the publication day is not it.

    In order: a day in its clause or the clauses it hangs on, a day hanging on an incident
    word of its sentence ("in a strike Tuesday"), the day of the incident its paragraph
    opens with, the day its source spoke ("officials said Tuesday"), its caption's date.
    """
    # a week or month told for the incident ("floods last week") leaves its day unknown
    dates = [d.mention for d in facts.dates]
    said_on: list[DateMention] = []
    for scope in day_scopes(scopes):
        inside = [m for m in dates if scope.start_char <= m.start and m.end <= scope.end_char]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return min(told, key=lambda m: abs(m.start - number.idx)).day
        said_on += [m for m in inside if m not in said_on and m.day is not None]
    sent = number.sent
    for m in dates:
        if sent.start_char <= m.start and m.end <= sent.end_char and _on_incident(doc, m):
            return m.day
    for earlier in _earlier_incident_sentences(facts, number, where):
        inside = [m for m in dates if earlier.start_char <= m.start and m.end <= earlier.end_char]
        told = [m for m in inside if not _said_on(doc, m)]
        if told:
            return max(told, key=lambda m: _on_incident(doc, m)).day
    if said_on:
        return min(said_on, key=lambda m: abs(m.start - number.idx)).day
    return facts.segment_dates.get(where.segment)


def _date_root(doc: Doc, mention: DateMention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _said_on(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and is_report_day(root)


def _on_incident(doc: Doc, mention: DateMention) -> bool:
    root = _date_root(doc, mention)
    return root is not None and governor(root).lemma_.lower() in INCIDENT_WORDS


def _group_incidents(facts: ArticleFacts) -> None:
    """Reports of one incident (category, place, day) share a key; each report is kept.

    A report with no day joins the article's one incident of its category and place, if
    there is exactly one: a lead's "a strike that officials said killed 12", told with
    its day only a paragraph later, is that strike, not a second one to add to a map.
    """
    undated: list[FigureFact] = []
    days: dict[tuple[str, int], set[str]] = {}
    for fig in facts.figures:
        if fig.figure.category not in CASUALTY_CATEGORIES or fig.place is None:
            continue
        if fig.date is None:
            undated.append(fig)
            continue
        place = facts.entities[fig.place].name
        fig.incident = f"{fig.figure.category}|{fold(place)}|{fig.date.isoformat()}"
        days.setdefault((fig.figure.category, fig.place), set()).add(fig.incident)
    for fig in undated:
        assert fig.place is not None
        known = days.get((fig.figure.category, fig.place), set())
        if len(known) == 1:
            fig.incident = next(iter(known))
