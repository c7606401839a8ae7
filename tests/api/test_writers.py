"""The fast writers write what the slow ones did: the page's JSON and the next page's link."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit, urlunsplit

import pytest
from pydantic_core import to_json
from starlette.requests import Request

from app.formats import dumps, next_url
from app.schemas import FacetValue

QUOTE = {
    "kind": "quote",
    "id": 7,
    "text": '«Ми не здамося», сказав Зеленський — 🇺🇦 über alles \u2028 "quoted" \\ </script>',
    "speaker": {"id": 3, "name": "Володимир Зеленський", "kind": "person"},
    "speaker_text": None,
    "date": "2022-03-30",
    "day": dt.date(2022, 3, 30),
    "value": 1.5,
    "approximate": True,
    "span": {"article_id": 1, "segment": "body", "start": 0, "end": 12},
}


@pytest.mark.parametrize(
    "value",
    [
        {"data": [QUOTE, {**QUOTE, "id": 8}], "count": 2, "next": "eyJzIjoiaWQifQ", "facets": None},
        {
            "data": [],
            "count": 0,
            "next": None,
            "facets": {"place": [FacetValue(value="5", label="Київ", count=3)]},
        },
        {"big": 10**18, "small": 1e-7, "huge": 1e300, "neg": -0.0, "third": 1 / 3},
    ],
)
def test_page_json_is_byte_for_byte_what_to_json_wrote(value: object) -> None:
    assert dumps(value) == to_json(value)


def test_page_json_has_no_nan() -> None:
    # to_json wrote NaN and Infinity, which no JSON parser of a strict client reads
    written = dumps({"value": float("nan"), "value_max": float("inf")})
    assert written == b'{"value":null,"value_max":null}'
    assert json.loads(written, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))


def test_page_json_keeps_non_ascii_as_utf8() -> None:
    written = dumps(QUOTE)
    assert "Зеленський".encode() in written and b"\\u" not in written
    assert json.loads(written)["day"] == "2022-03-30"


def _request(path: str, query: bytes, host: bytes | None = b"api.example:8000") -> Request:
    headers = [(b"host", host)] if host else []
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "query_string": query,
        "headers": headers,
        "server": ("10.0.0.1", 443),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("path", "query", "host"),
    [
        ("/v1/quotes", b"", b"api.example:8000"),
        ("/v1/quotes", b"person=40&limit=50", b"api.example:8000"),
        ("/v1/facts", b"cursor=old&date=2022-03-30&kind=quote&kind=claim", b"127.0.0.1"),
        ("/v1/quotes", b"q=%C2%ABMi%C2%BB+war&empty=&flag", b"api.example"),
        ("/v1/quotes", b"person=Zelensky%2C%20V.&cursor=a&cursor=b", None),
        ("/v1/odd?path#x", b"a=1", b"[::1]:8000"),
    ],
)
def test_next_link_is_what_starlette_builds(path: str, query: bytes, host: bytes | None) -> None:
    """Starlette's URL for the next page, relative: never on the request's Host (#21 point 3)."""
    request = _request(path, query, host)
    absolute = urlsplit(str(request.url.include_query_params(cursor="eyJzIjoiaWQiLCJpIjo1MH0")))
    expected = urlunsplit(("", "", absolute.path, absolute.query, ""))
    assert next_url(request, "eyJzIjoiaWQiLCJpIjo1MH0") == expected
