"""The article reader never crashes: any text is an article or a clear ArticleFormatError."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.extract.article import ArticleFormatError, build_article, read_article, read_seed_format

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
