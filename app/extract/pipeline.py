"""One article in, all its facts out: runs the extractors and ties their results together.

Each extractor is a pure function over the parsed article; the modules beside this one
resolve what they leave open: which entity a speaker or source is ("he" included,
`speakers`), which place and day a figure is about and which reports describe the same
incident (`figure_places`, `figure_facts`), where each fact sits (`location`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from .casualties.figure_facts import attribute_figures, attribute_unclaimed, figure_fact, group_incidents
from .casualties.figure_places import is_headline
from .casualties.figures import extract_figures
from .dates.resolve import extract_dates
from .facts import ArticleFacts, ClaimFact, DateFact, FigureFact, QuoteFact, article_index
from .people.attribution import RangeList
from .people.claims import extract_claims, quoted_claims
from .people.clusters import People, cluster_people
from .people.entities import extract_entities
from .people.quotes import extract_quotes, quoted_ranges
from .people.speakers import resolve_pronouns, speaker_entity
from .places.gazetteer import Gazetteer
from .places.location import Located, located
from .text.article import Article
from .text.casing import headline_case
from .types import Claim, DateMention, Quote

# what an article's extraction gives back, importable from here as from the modules that define it
__all__ = [
    "ArticleFacts",
    "ClaimFact",
    "DateFact",
    "FigureFact",
    "Located",
    "QuoteFact",
    "extract_article",
    "extract_articles",
    "masked_text",
]

FACT_SEGMENTS = {"body", "caption"}


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
    stretches = [
        s
        for s in ([_segments_span(doc, article, body)] if body else [])
        + [_segments_span(doc, article, [i]) for i in captions]
        if s is not None
    ]
    # every mention of each person grouped first, so each fact's speaker goes through one step
    quoted = RangeList(p for s in stretches for q in quoted_ranges(s) for p in q.parts)
    people = cluster_people(doc, article, facts.entities, quoted.covers)
    for i, roles in people.roles.items():
        facts.entities[i].roles.extend(r for r in roles if r not in facts.entities[i].roles)
    # a headline's "Trump announces troop withdrawal" labels the story its lead tells as a
    # statement; read there, its noun phrase would be a second, shorter claim
    headline_end = article.segments[0].end if is_headline(facts, 0) else 0
    for stretch in stretches:
        quotes = extract_quotes(stretch)
        for quote in quotes:
            facts.quotes.append(_quote_fact(facts, doc, people, quote))
        claims = [c for c in extract_claims(stretch) if c.start >= headline_end]
        for claim in [*claims, *quoted_claims(quotes, claims)]:
            facts.claims.append(_claim_fact(facts, doc, people, claim))
        for figure in extract_figures(stretch):
            facts.figures.append(figure_fact(facts, doc, figure, gazetteer))
    resolve_pronouns(facts, doc)
    attribute_figures(facts)
    attribute_unclaimed(facts, doc, people)
    group_incidents(facts, doc)
    return facts


def _segments_span(doc: Doc, article: Article, indexes: Sequence[int]) -> Span | None:
    first, last = article.segments[indexes[0]], article.segments[indexes[-1]]
    return doc.char_span(first.start, last.end, alignment_mode="expand")


def _quote_fact(facts: ArticleFacts, doc: Doc, people: People, quote: Quote) -> QuoteFact:
    where = located(facts.article, doc, quote.start)
    speaker = speaker_entity(facts, doc, people, quote.speaker_text, quote.speaker_start, quote.speaker_end)
    date = _date_within(facts, *where.sentence, quote.start)
    return QuoteFact(quote, where, speaker, date)


def _claim_fact(facts: ArticleFacts, doc: Doc, people: People, claim: Claim) -> ClaimFact:
    where = located(facts.article, doc, claim.start)
    source = speaker_entity(facts, doc, people, claim.source_text, claim.source_start, claim.source_end)
    date = _date_within(facts, *where.sentence, claim.start)
    return ClaimFact(claim, where, source, date)


# ---------------------------------------------------------------- dates


def _dates(facts: ArticleFacts, doc: Doc, segments: Sequence[int]) -> None:
    article = facts.article
    told: list[DateMention] = []  # the body's mentions so far: "the same day" may name an earlier paragraph's
    for i in segments:
        seg = article.segments[i]
        span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
        if span is None:
            continue
        found = extract_dates(span, article.published, told if seg.kind == "body" else ())
        if seg.kind == "body":
            told += found
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
    inside = article_index(facts, _DateIndex).within(facts, start, end)  # (position in facts.dates, mention)
    if not inside:
        return None
    # the nearest; of two as near, the first in the article's list, as a scan would find it
    return min(inside, key=lambda pm: (abs(pm[1].start - near), pm[0]))[1]


class _DateIndex:
    """One article's date mentions by start, built on first use and again when more are found."""

    def __init__(self) -> None:
        self.dates: list[tuple[int, int, DateMention]] = []  # (start, position, mention), by start
        self.dates_seen = -1

    def within(self, facts: ArticleFacts, start: int, end: int) -> list[tuple[int, DateMention]]:
        """The date mentions within [start, end), with their positions in facts.dates."""
        if self.dates_seen != len(facts.dates):
            self.dates = sorted((d.mention.start, k, d.mention) for k, d in enumerate(facts.dates))
            self.dates_seen = len(facts.dates)
        lo = bisect_left(self.dates, (start, -1))
        hi = bisect_right(self.dates, (end, len(self.dates)))
        return [(k, m) for _, k, m in self.dates[lo:hi] if m.end <= end]
