"""Property tests for what clients send: the JSON article reader and the paging cursors.

Either the input is read or it is refused with the error the API turns into a 4xx;
nothing else may escape (an escaping error is a 500).
"""

import base64
import contextlib
import datetime as dt
import json
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.errors import BadRequest
from app.extract.text.article import Article, ArticleFormatError, read_article
from app.models import MAX_ID
from app.queries.cursors import cursor_for, cursor_from, decode_cursor, encode_cursor

# every code point, lone surrogates included: JSON's "\ud800" escape makes one
any_char = st.characters(exclude_categories=())
any_text = st.text(any_char, max_size=60)
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | any_text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=20,
)
# a body shaped like an article, each field right, wrong or missing
date_text = st.dates().map(dt.date.isoformat) | st.sampled_from(
    ["20220304", "2022-W10-1", "2022-02-30", " 2022-03-04 ", "2022-03-04T00:00", "0", ""]
)
article_text = any_text | st.sampled_from(
    ["___", "Caption A photo.", "A man said \ud800 it.", "Police said two people died.", "\ufeffHe said."]
)
article_bodies = st.fixed_dictionaries(
    {},
    optional={
        "text": article_text | json_values,
        "published": date_text | json_values,
        "title": any_text | json_values,
        "source": any_text | json_values,
        "url": any_text | json_values,
    },
)
raw_json = st.one_of(
    json_values.map(json.dumps),
    article_bodies.map(json.dumps),
    article_bodies.map(lambda body: json.dumps(body, ensure_ascii=False)),
    st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(4300, 6000).map(lambda digits: '{"text": "x", "n": ' + "7" * digits + "}"),
)


def read_or_refused(raw: bytes | str, content_type: str) -> Article | None:
    try:
        return read_article(raw, content_type=content_type)
    except ArticleFormatError as exc:
        assert str(exc)
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_json, st.booleans())
def test_any_json_is_an_article_or_a_format_error(raw: str, as_bytes: bool) -> None:
    if as_bytes:
        try:
            payload: bytes | str = raw.encode("utf-8")
        except UnicodeEncodeError:  # ensure_ascii=False kept a lone surrogate: no UTF-8 has one
            payload = raw.encode("utf-8", "surrogatepass")
    else:
        payload = raw
    article = read_or_refused(payload, "application/json")
    if article is not None:
        # what is read can be hashed and stored: real text, a real day, body text
        assert article.content_hash
        article.text.encode("utf-8")
        assert any(s.kind == "body" for s in article.segments)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from(["application/json", "text/plain", "application/json; charset=utf-8"]),
)
def test_any_bytes_are_an_article_or_a_format_error(raw: bytes, content_type: str) -> None:
    read_or_refused(raw, content_type)


@settings(max_examples=300, deadline=None)
@given(st.text(any_char, max_size=400))
def test_any_seed_text_is_an_article_or_a_format_error(text: str) -> None:
    article = read_or_refused(" date 2022-03-04 " + text, "text/plain")
    if article is not None:
        article.text.encode("utf-8")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (
            '{"text": "x", "published": "2022-03-04", "n": ' + "1" * (sys.get_int_max_str_digits() + 1) + "}",
            "number",
        ),
        ('{"text": "Police said \\ud800 it.", "published": "2022-03-04"}', "lone surrogate"),
        ('{"text": "Police said it.", "published": "2022-03-04", "title": "\\udfff"}', "'title'"),
        ('{"text": "Police said it.", "published": "20220304"}', "YYYY-MM-DD"),
        ('{"text": "Police said it.", "published": "2022-W10-1"}', "YYYY-MM-DD"),
        ('{"text": "___", "published": "2022-03-04"}', "no body text"),
        ('{"text": "___\\n\\nCaption A flooded street.", "published": "2022-03-04"}', "no body text"),
        (
            '{"text": "...\\n\\n___\\n\\nJane Doe reported from Rome.", "published": "2022-03-04"}',
            "no body text",
        ),
    ],
)
def test_hostile_json_is_refused_saying_why(raw: str, message: str) -> None:
    with pytest.raises(ArticleFormatError, match=message):
        read_article(raw.encode("utf-8", "surrogatepass"), content_type="application/json")


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"\xef\xbb\xbf date 2022-03-04 Police said two men were arrested.", "text/plain"),
        (
            b'\xef\xbb\xbf{"text": "Police said two men were arrested.", "published": "2022-03-04"}',
            "application/json",
        ),
    ],
)
def test_a_byte_order_mark_is_not_text(raw: bytes, content_type: str) -> None:
    article = read_article(raw, content_type=content_type)
    assert article.text == "Police said two men were arrested."
    assert article.published == dt.date(2022, 3, 4)


def test_only_json_itself_is_read_as_json() -> None:
    body = b'{"text": "Police said two men were arrested.", "published": "2022-03-04"}'
    assert read_article(body, content_type="application/json; charset=utf-8").published == dt.date(2022, 3, 4)
    with pytest.raises(ArticleFormatError, match="date YYYY-MM-DD"):
        read_article(body, content_type="application/jsonp")  # read as the seed format, which it is not


# ---------------------------------------------------------------- cursors

sorts = st.sampled_from(["id", "-id", "day", "-day"])
kinds = st.sampled_from(["quote", "claim", "figure"])
listings = st.sampled_from(["quote", "claim", "figure", "fact", "person", "place", "organization", "article"])
ids = st.integers(0, MAX_ID)
days = st.none() | st.dates()


def decodes_or_refused(cursor: str, **kwargs: object) -> None:
    try:
        position = decode_cursor(cursor, **kwargs)  # type: ignore[arg-type]
    except BadRequest as exc:
        assert str(exc)
        return
    assert position is None or isinstance(position[2], int)


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


cursor_objects = st.fixed_dictionaries(
    {},
    optional={
        "s": sorts | json_values,
        "d": days.map(lambda d: d and d.isoformat()) | json_values,
        "i": ids | json_values,
        "k": kinds | json_values,
        "l": listings | json_values,
    },
)
hostile_cursors = st.one_of(
    st.text(any_char, max_size=300),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=", max_size=300),
    json_values.map(json.dumps).map(b64),
    cursor_objects.map(json.dumps).map(b64),
    st.sampled_from(["Infinity", "-Infinity", "NaN", "1e400", "1.5", "true", '"7"', "1" * 5000]).map(
        lambda i: b64('{"s":"id","d":null,"i":' + i + "}")
    ),
    st.integers(1, 3000).map(lambda depth: b64("[" * depth + "]" * depth)),
)


@settings(max_examples=500, deadline=None)
@given(hostile_cursors, sorts, st.sampled_from([(), ("quote", "claim", "figure")]), st.none() | listings)
def test_any_string_is_a_position_or_a_bad_request(
    cursor: str, sort: str, kinds_: tuple[str, ...], listing: str | None
) -> None:
    decodes_or_refused(cursor, sort=sort, kinds=kinds_, listing=listing)
    with contextlib.suppress(BadRequest):
        cursor_from(listing or "claim", cursor)


@settings(max_examples=300, deadline=None)
@given(sorts, days, ids, st.none() | kinds, st.none() | listings)
def test_encode_then_decode_round_trips(
    sort: str, day: dt.date | None, ident: int, kind: str | None, listing: str | None
) -> None:
    cursor = encode_cursor(sort, day, ident, kind, listing=listing)
    kinds_ = ("quote", "claim", "figure") if kind else ()
    assert decode_cursor(cursor, sort, kinds_, listing=listing) == (day, kind, ident)


@settings(max_examples=200, deadline=None)
@given(sorts, days, ids, listings, listings)
def test_a_cursor_continues_only_the_list_that_gave_it(
    sort: str, day: dt.date | None, ident: int, listing: str, other: str
) -> None:
    handed_out = cursor_for(listing, encode_cursor(sort, day, ident))
    assert handed_out is not None
    assert decode_cursor(cursor_from(listing, handed_out), sort) == (day, None, ident)
    assume(other != listing)
    with pytest.raises(BadRequest, match="another list"):
        cursor_from(other, handed_out)
    with pytest.raises(BadRequest, match="another list"):
        decode_cursor(handed_out, sort, listing=other)


@pytest.mark.parametrize(
    "payload",
    [
        '{"s":"id","d":null,"i":Infinity}',
        '{"s":"id","d":null,"i":NaN}',
        '{"s":"id","d":null,"i":1e400}',
        '{"s":"id","d":null,"i":-1}',
        '{"s":"id","d":null,"i":true}',
        '{"s":"id","d":null,"i":"5"}',
        '{"s":"day","d":Infinity,"i":1}',
        '{"s":"day","d":"20220304","i":1}',
        '{"s":"day","d":"2022-02-30","i":1}',
        '{"s":Infinity,"d":null,"i":1}',
        '{"s":["id"],"d":null,"i":1}',
        '{"s":"id","d":null,"i":1,"k":"quote"}',
        "[1]",
    ],
)
def test_hostile_cursor_values_are_bad_requests(payload: str) -> None:
    with pytest.raises(BadRequest):
        decode_cursor(b64(payload), "day" if '"day"' in payload else "id")
