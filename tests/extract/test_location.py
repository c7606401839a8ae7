"""Where a fact sits: an offset's segment, and range tests that answer as a scan would."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from app.extract.places.location import segment_of, within_any
from app.extract.text.article import build_article

TEXT = "First paragraph here.\n\nSecond one.\n\n___\n\nKarmanau reported from Lviv, Ukraine."


def test_segment_of_names_the_paragraph_holding_the_offset() -> None:
    article = build_article(TEXT, dt.date(2022, 3, 31))
    for i, seg in enumerate(article.segments):
        assert segment_of(article, seg.start) == i
        assert segment_of(article, seg.end - 1) == i


def test_segment_of_an_offset_between_paragraphs_is_the_first() -> None:
    article = build_article(TEXT, dt.date(2022, 3, 31))
    gap = article.segments[0].end  # the blank line after the first paragraph
    assert all(not (s.start <= gap < s.end) for s in article.segments)
    assert segment_of(article, gap) == 0
    assert segment_of(article, len(article.text) + 10) == 0


def test_segment_of_loads_no_model() -> None:
    """The store maps offsets to segments; it must not pay for importing spaCy."""
    code = "import sys; import app.extract.places.location; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


ranges = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])))


@given(ranges, st.integers(-5, 250), st.integers(0, 30))
def test_within_any_answers_as_a_scan(spans: list[tuple[int, int]], start: int, length: int) -> None:
    end = start + length
    assert within_any(spans)(start, end) == any(a <= start and end <= b for a, b in spans)
