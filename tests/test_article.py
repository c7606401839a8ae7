"""Reading articles: both formats, segment typing, credits kept apart, clear errors."""

import datetime as dt

import pytest

from app.extract.text.article import ArticleFormatError, build_article, read_article, read_seed_format

WIRE = """ date 2023-06-15 First paragraph of the story.

Second paragraph, with a quote.

___

Smith and Jones reported from Kyiv, Ukraine. Associated Press writer Ann Lee contributed to this report.

___

Follow the AP's coverage at https://example.org/hub

Caption A man walks past a house in Kyiv, Ukraine, Wednesday, June 14, 2023. (AP Photo/Jane Doe) Credit: Jane Doe

Caption A satellite photo of the port. (Maxar Technologies via AP) Credit: Maxar Technologies
"""


def test_seed_format_reads_date_and_types_segments() -> None:
    article = read_seed_format(WIRE)
    assert article.published == dt.date(2023, 6, 15)
    kinds = [s.kind for s in article.segments]
    assert kinds == ["body", "body", "byline", "footer", "caption", "caption"]
    assert article.authors == ("Smith", "Jones")
    assert article.dateline == "Kyiv"


def test_caption_text_excludes_prefix_and_credit() -> None:
    article = read_seed_format(WIRE)
    captions = [s for s in article.segments if s.kind == "caption"]
    assert (
        article.segment_text(captions[0])
        == "A man walks past a house in Kyiv, Ukraine, Wednesday, June 14, 2023."
    )
    assert captions[0].credit == "Jane Doe"
    assert article.segment_text(captions[1]) == "A satellite photo of the port."
    assert captions[1].credit == "Maxar Technologies"


def test_spans_point_into_the_text() -> None:
    article = read_seed_format(WIRE)
    assert article.segment_text(article.segments[1]) == "Second paragraph, with a quote."


def test_dateline_from_wire_opening() -> None:
    article = build_article("KYIV, Ukraine (AP) — Officials said on Monday ...", dt.date(2023, 1, 2))
    assert article.dateline == "Kyiv"


def test_same_content_same_hash_whatever_the_source() -> None:
    a = read_seed_format(WIRE, source="a.txt")
    b = read_seed_format(WIRE.replace("\n", "\r\n"), source="b.txt")
    assert a.content_hash == b.content_hash
    assert a.content_hash != read_seed_format(WIRE.replace("2023-06-15", "2023-06-16")).content_hash


def test_json_format() -> None:
    body = b'{"text": "Officials said.", "published": "2023-01-02", "title": "T", "url": "https://x.org/a"}'
    article = read_article(body, content_type="application/json")
    assert (article.title, article.url, article.published) == ("T", "https://x.org/a", dt.date(2023, 1, 2))


@pytest.mark.parametrize(
    ("raw", "content_type", "message"),
    [
        (b"", "text/plain", "must start with ' date YYYY-MM-DD'"),
        (b" date 2022-13-45 Text.", "text/plain", "not a real YYYY-MM-DD date"),
        (b" date 2022-03-31   ", "text/plain", "no text"),
        (b"no header here", "text/plain", "must start with"),
        (b"\xff\xfe\x00binary", "text/plain", "not UTF-8"),
        (b" date 2022-03-31 a\x00b", "text/plain", "NUL"),
        (b"{", "application/json", "not valid JSON"),
        (b"[]", "application/json", "must be an object"),
        (b'{"text": "x"}', "application/json", "'published'"),
        (b'{"text": 5, "published": "2022-01-01"}', "application/json", "'text'"),
        (b'{"text": "x", "published": "yesterday"}', "application/json", "not a real"),
        (b'{"text": "x", "published": "2022-01-01", "title": 3}', "application/json", "'title'"),
        (b'{"text": "a\\u0000b", "published": "2022-01-01"}', "application/json", "NUL"),
        (b'{"text": "x", "published": "2022-01-01", "url": "\\u0000"}', "application/json", "'url'"),
    ],
)
def test_bad_input_says_what_to_fix(raw: bytes, content_type: str, message: str) -> None:
    with pytest.raises(ArticleFormatError, match=message):
        read_article(raw, content_type=content_type)
