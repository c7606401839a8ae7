"""The article reader never crashes and never stalls: any text is an article or a clear ArticleFormatError, in linear time."""

import contextlib
import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.extract.text.article import ArticleFormatError, build_article, read_article, read_seed_format

paragraph = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["text/plain", "application/json"]))
def test_any_bytes_read_or_refused(raw: bytes, content_type: str) -> None:
    try:
        article = read_article(raw, content_type=content_type)
    except ArticleFormatError as exc:
        assert str(exc)
        return
    assert article.text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(paragraph, max_size=8), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
)
def test_segments_tile_the_text(paragraphs: list[str], published: dt.date) -> None:
    raw = f" date {published.isoformat()} " + "\n\n".join(paragraphs)
    try:
        article = read_seed_format(raw)
    except ArticleFormatError:
        return
    last_end = 0
    for seg in article.segments:
        assert 0 <= seg.start <= seg.end <= len(article.text)
        assert seg.start >= last_end, "segments do not overlap"
        last_end = seg.end


@settings(max_examples=200, deadline=None)
@given(paragraph)
def test_build_article_is_total(text: str) -> None:
    try:
        build_article(text, dt.date(2022, 3, 31))
    except ArticleFormatError:
        assert not text.strip()


# Runs of one character, as an attacker or a broken feed sends them: the caption-credit and
# dateline patterns once backtracked over such runs (a caption ending in 600 spaces: 25 s;
# 3,000: hours; a first paragraph of "A" and a megabyte of spaces: about 15 minutes)
RUN_CHARS = " \t\n.,'-()/:;AaPv_"
runs = st.lists(st.tuples(st.sampled_from(RUN_CHARS), st.integers(1, 700)), min_size=1, max_size=6).map(
    lambda parts: "".join(char * n for char, n in parts)
)
# where the runs go: a caption (and its credit), the dateline, the byline after a separator
SKELETONS = (
    "Police said.\n\nCaption x{run}y",
    "Police said.\n\nCaption x{run}(AP Photo/{run})",
    "Police said.\n\nCaption x (Planet {run} via AP{run}) Credit:{run}",
    "A{run}y said.",
    "KYIV,{run}Ukraine{run}(AP) —{run}said.",
    "Police said.\n\n___\n\nAb{run}reported from K{run}, U{run}.",
    "{run}",
)
READ_SECONDS = (
    1.0  # what a few thousand characters may take on a busy machine; linear reading takes a millisecond
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SKELETONS), runs)
def test_reading_is_linear_over_runs_of_whitespace_and_punctuation(skeleton: str, run: str) -> None:
    raw = " date 2022-03-01 " + skeleton.format(run=run)
    started = time.perf_counter()
    with contextlib.suppress(ArticleFormatError):
        read_article(raw)
    assert time.perf_counter() - started < READ_SECONDS, (skeleton, len(run))


@pytest.mark.parametrize("char", [" ", ".", "A", "'", "-"])
@pytest.mark.parametrize("skeleton", SKELETONS[:2] + SKELETONS[3:6])
def test_a_megabyte_run_reads_in_seconds(skeleton: str, char: str) -> None:
    """The largest body a POST takes, all one run: linear reading takes well under a second."""
    raw = " date 2022-03-01 " + skeleton.format(run=char * 300_000)
    started = time.perf_counter()
    with contextlib.suppress(ArticleFormatError):
        read_article(raw)
    assert time.perf_counter() - started < 5, (skeleton, char)
