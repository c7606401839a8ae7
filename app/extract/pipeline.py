"""One article in, all its facts out: runs the extractors and ties their results together.

Each extractor is a pure function over the parsed article; this module resolves what
they leave open: which entity a speaker or source is ("he" included), which place and
day a figure is about, and which reports describe the same incident.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .article import Article
from .casing import headline_case
from .claims import extract_claims
from .dates import extract_dates
from .entities import Entity, extract_entities
from .figures import extract_figures
from .folding import fold
from .gazetteer import Gazetteer
from .numbers import VAGUE as VAGUE_COUNTS
from .parse import climb
from .quotes import extract_quotes
from .types import CASUALTY_CATEGORIES, Claim, DateMention, Figure, Quote

PRONOUNS = {"he", "she", "him", "her", "they", "it", "we", "i"}
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
    return "".join(c if keep[i] or c == "\n" else " " for i, c in enumerate(article.text))


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
    _resolve_pronouns(facts)
    _group_incidents(facts)
    return facts


def _segments_span(doc: Doc, article: Article, indexes: Sequence[int]) -> Span | None:
    first, last = article.segments[indexes[0]], article.segments[indexes[-1]]
    return doc.char_span(first.start, last.end, alignment_mode="expand")


def _segment_of(article: Article, offset: int) -> int:
    for i, seg in enumerate(article.segments):
        if seg.start <= offset < seg.end:
            return i
    return 0


def _sentence_of(doc: Doc, offset: int) -> Span:
    token = _token_at(doc, offset)
    return token.sent


def _token_at(doc: Doc, offset: int) -> Token:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    for token in doc:
        if token.idx + len(token) > offset:
            return token
    return doc[-1]


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
    inside = [d.mention for d in facts.dates if start <= d.mention.start and d.mention.end <= end]
    if not inside:
        return None
    return min(inside, key=lambda m: abs(m.start - near))


# ---------------------------------------------------------------- speakers and sources


def _entity_for(facts: ArticleFacts, text: str | None, start: int | None, end: int | None) -> int | None:
    """The entity that the words naming a speaker or source refer to."""
    if not text or start is None or end is None:
        return None
    best: int | None = None
    for i, ent in enumerate(facts.entities):
        if ent.kind == "place":
            continue
        overlaps = any(m.start < end and start < m.end for m in ent.mentions)
        # a person named inside the phrase wins over an organisation ("X of the Red Cross")
        if overlaps and (best is None or ent.kind == "person"):
            best = i
    if best is not None:
        return best
    folded = fold(text)
    for i, ent in enumerate(facts.entities):
        if ent.kind != "place" and any(folded == n or folded.endswith(" " + n) for n in ent.names()):
            return i
    return None


def _quote_fact(facts: ArticleFacts, doc: Doc, quote: Quote) -> QuoteFact:
    where = _located(facts, doc, quote.start)
    speaker = _entity_for(facts, quote.speaker_text, quote.speaker_start, quote.speaker_end)
    date = _date_within(facts, *where.sentence, quote.start)
    return QuoteFact(quote, where, speaker, date)


def _claim_fact(facts: ArticleFacts, doc: Doc, claim: Claim) -> ClaimFact:
    where = _located(facts, doc, claim.start)
    source = _entity_for(facts, claim.source_text, claim.source_start, claim.source_end)
    date = _date_within(facts, *where.sentence, claim.start)
    return ClaimFact(claim, where, source, date)


def _resolve_pronouns(facts: ArticleFacts) -> None:
    """'he said' names the person last named as a speaker or source before it."""
    attributed: list[tuple[int, int]] = []  # (offset, entity index) of resolved speakers and sources
    for q in facts.quotes:
        if q.speaker is not None and q.quote.speaker_start is not None:
            attributed.append((q.quote.speaker_start, q.speaker))
    for c in facts.claims:
        if c.source is not None:
            attributed.append((c.claim.source_start, c.source))
    attributed.sort()

    def last_before(offset: int, kind: str) -> int | None:
        found = [e for o, e in attributed if o < offset and facts.entities[e].kind == kind]
        return found[-1] if found else None

    for q in facts.quotes:
        text = (q.quote.speaker_text or "").lower()
        if q.speaker is None and text in PRONOUNS and q.quote.speaker_start is not None:
            q.speaker = last_before(q.quote.speaker_start, "organization" if text == "it" else "person")
    for c in facts.claims:
        text = c.claim.source_text.lower()
        if c.source is None and text in PRONOUNS:
            c.source = last_before(c.claim.source_start, "organization" if text == "it" else "person")


# ---------------------------------------------------------------- figures


def _figure_fact(facts: ArticleFacts, doc: Doc, figure: Figure, gazetteer: Gazetteer) -> FigureFact:
    where = _located(facts, doc, figure.start)
    clause = _clause_of(doc, figure)
    place = _figure_place(facts, clause, where, gazetteer)
    date_mention = _date_within(facts, clause.start_char, clause.end_char, figure.start)
    date = (date_mention.day if date_mention else None) or facts.segment_dates.get(where.segment)
    claim = next(
        (c for c in facts.claims if c.claim.start <= figure.start < max(c.claim.end, figure.start + 1)), None
    )
    source = claim.source if claim else None
    return FigureFact(figure, where, place, date, source, claim.claim.source_text if claim else None)


def _clause_of(doc: Doc, figure: Figure) -> Span:
    """The clause a figure's number stands in: its nearest verb and everything under it."""
    number = _number_token(doc, figure)
    head = climb(number, lambda t: t.pos_ in {"VERB", "AUX"})
    left, right = head.left_edge.i, head.right_edge.i + 1
    return doc[left:right]


def _number_token(doc: Doc, figure: Figure) -> Token:
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand") or doc[0:1]
    for token in span:
        if token.like_num or token.pos_ == "NUM" or token.lower_ in VAGUE_COUNTS:
            return token
    return span[0]


def _figure_place(facts: ArticleFacts, clause: Span, where: Located, gazetteer: Gazetteer) -> int | None:
    """The place a figure is about: in its clause, else its people's nation, else the article's country."""
    places = [(i, m) for i, e in enumerate(facts.entities) if e.kind == "place" for m in e.mentions]
    in_clause = [(i, m) for i, m in places if clause.start_char <= m.start and m.end <= clause.end_char]
    if in_clause:
        return max(in_clause, key=lambda im: (_specificity(facts, im[0]), im[1].start))[0]
    for token in clause:
        if token.ent_type_ == "NORP":
            country = _country_entity(facts, gazetteer.country_of_adjective(token.text))
            if country is not None:
                return country
    in_sentence = {i for i, m in places if where.sentence[0] <= m.start and m.end <= where.sentence[1]}
    if len(in_sentence) == 1:
        return in_sentence.pop()
    segment = facts.article.segments[where.segment]
    if segment.kind == "caption":
        # a caption's figures happen where its photo was taken, as its date is the photo's
        in_caption = [(i, m) for i, m in places if segment.start <= m.start and m.end <= segment.end]
        if in_caption:
            return max(in_caption, key=lambda im: (_specificity(facts, im[0]), -im[1].start))[0]
    return _main_country(facts)


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


def _group_incidents(facts: ArticleFacts) -> None:
    """Reports of one incident (category, place, day) share a key; each report is kept."""
    for fig in facts.figures:
        if fig.figure.category in CASUALTY_CATEGORIES and fig.place is not None and fig.date is not None:
            place = facts.entities[fig.place].name
            fig.incident = f"{fig.figure.category}|{fold(place)}|{fig.date.isoformat()}"
