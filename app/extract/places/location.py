"""Where a fact sits in its article: the segment (paragraph) and the sentence holding an offset.

Needs no model at run time (spaCy only for its types), so the store can map an offset to
its segment without loading one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..text.article import Article


@dataclass(frozen=True)
class Located:
    """Where a fact sits: its segment (index into article.segments) and sentence span."""

    segment: int
    sentence: tuple[int, int]


def segment_of(article: Article, offset: int) -> int:
    """The index in article.segments of the segment holding a character offset (0 if none does)."""
    # segments are in text order and do not overlap: the last one starting at or before it
    i = bisect_right(article.segments, offset, key=lambda seg: seg.start) - 1
    if i >= 0 and article.segments[i].start <= offset < article.segments[i].end:
        return i
    return 0


def located(article: Article, doc: Doc, start: int) -> Located:
    """The segment and sentence of the fact starting at a character offset."""
    sent = sentence_of(doc, start)
    return Located(segment_of(article, start), (sent.start_char, sent.end_char))


def sentence_of(doc: Doc, offset: int) -> Span:
    """The sentence holding a character offset."""
    return _token_at(doc, offset).sent


def _token_at(doc: Doc, offset: int) -> Token:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    # the first token ending after the offset, found by halving rather than a walk over the doc
    i = bisect_right(range(len(doc)), offset, key=lambda k: doc[k].idx + len(doc[k]))
    return doc[i] if i < len(doc) else doc[-1]


def within_any(ranges: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether [start, end) lies within one of the ranges."""
    # halving, not a scan: callers test every token or place mention of a long article
    ordered = sorted(ranges)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))  # furthest end among ranges so far

    def inside(start: int, end: int) -> bool:
        k = bisect_right(starts, start)
        return k > 0 and reach[k - 1] >= end

    return inside
