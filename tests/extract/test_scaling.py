"""Extraction time grows with the text, not with its square; the look-ups that made it so answer as scans did."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from app.extract.people.attribution import RangeList
from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import build_article

PARAGRAPHS = [
    "Police said {n} people were killed when a gunman opened fire at a market in Lyon on Monday.",
    '"We are shocked," Mayor Anna Berg told reporters, adding that {n} more were wounded.',
    "The company, Northwind Shipping, said its profits fell {n} percent in the third quarter.",
    "According to the health ministry, {n} patients were treated in Dnipro after the floods on Friday.",
    "Rescuers pulled {n} survivors from the rubble, officials said Tuesday.",
]

ranges = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])))


@given(ranges, st.integers(-5, 250))
def test_range_list_answers_as_a_scan(spans: list[tuple[int, int]], offset: int) -> None:
    assert RangeList(spans).covers(offset) == any(start <= offset < end for start, end in spans)


def article_of(kb: int) -> str:
    out, size, n = [], 0, 0
    while size < kb * 1000:
        para = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n % 97 + 2)
        out.append(para)
        size += len(para) + 2
        n += 1
    return "\n\n".join(out)


def cpu_seconds(text: str, nlp: Language) -> float:
    article = build_article(text, dt.date(2024, 3, 4))
    started = time.process_time()  # this process's CPU: the neighbours on a shared machine do not count
    extract_article(article, nlp, get_gazetteer())
    return time.process_time() - started


def test_four_times_the_text_takes_about_four_times_as_long(nlp: Language) -> None:
    """A quadratic step makes it sixteen: every fact scanning every other was once the rule."""
    cpu_seconds(article_of(2), nlp)  # first-use set-up
    small = min(cpu_seconds(article_of(15), nlp) for _ in range(2))
    large = cpu_seconds(article_of(60), nlp)
    assert large / small < 8, f"15 KB took {small:.2f} s, 60 KB {large:.2f} s"
