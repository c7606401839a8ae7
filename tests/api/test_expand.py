"""`expand=article,speaker,source,place` on the fact lists (#14 point 4): a quote card in one
request, and a fixed number of SQL statements per page whatever its size.

Over tests/corpus/ (the articles POSTed as a user would, in a database of this module's
own: the `corpus` fixture), not the seed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.db import get_engine
from app.schemas import Claim, Figure, Page, Quote

from .conftest import CORPUS

LISTS = ("/v1/quotes", "/v1/claims", "/v1/figures", "/v1/facts")
EVERYTHING = "article,speaker,source,place"
ENTITY_FIELDS = ("speaker", "source", "place")


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements the app's engine runs meanwhile."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def get(client: TestClient, path: str, **params: Any) -> tuple[dict, int]:
    """A page, and how many statements answering it took."""
    with statements() as seen:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json(), len(seen)


@pytest.mark.parametrize("path", LISTS)
def test_expanding_a_page_costs_the_same_statements_for_2_facts_as_for_50(
    corpus: TestClient, path: str
) -> None:
    small, small_count = get(corpus, path, limit=2, expand=EVERYTHING)
    large, large_count = get(corpus, path, limit=50, expand=EVERYTHING)
    _plain, plain_count = get(corpus, path, limit=50)
    assert len(small["data"]) == 2
    assert len(large["data"]) > 10 and len({f["article"]["id"] for f in large["data"]}) > 3
    # a page of facts with no entity to expand (two unattributed claims) skips the entities' query
    assert small_count <= large_count
    # one IN-query for the page's articles, one for its entities
    assert large_count == plain_count + 2


def unexpanded(fact: dict) -> dict:
    """The fact as it reads without `expand`: refs cut back to id, name, kind."""
    out = {k: v for k, v in fact.items() if k != "article"}
    for name in ENTITY_FIELDS:
        if out.get(name):
            out[name] = {k: out[name][k] for k in ("id", "name", "kind")}
    return out


@pytest.mark.parametrize("path", LISTS)
def test_expanded_values_are_the_articles_and_entities_themselves(corpus: TestClient, path: str) -> None:
    plain = corpus.get(path, params={"limit": 500})
    expanded, _ = get(corpus, path, limit=500, expand=EVERYTHING)
    # without expand the response is what it was: no `article`, refs of three keys
    assert (
        plain.content
        == json.dumps(
            {**expanded, "data": [unexpanded(f) for f in expanded["data"]]},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
    )
    assert b'"article":' not in plain.content and b'"aliases"' not in plain.content
    for fact in expanded["data"]:
        article = corpus.get(f"/v1/articles/{fact['span']['article_id']}").json()
        assert fact["article"] == {k: article[k] for k in fact["article"]}
        assert set(fact["article"]) == {"id", "published", "title", "source", "url", "authors", "dateline"}
        for name in ENTITY_FIELDS:
            ref = fact.get(name)
            if ref:
                plural = {"person": "people", "place": "places", "organization": "organizations"}[ref["kind"]]
                assert ref == corpus.get(f"/v1/{plural}/{ref['id']}").json()


def test_expand_takes_any_subset_and_touches_only_what_it_names(corpus: TestClient) -> None:
    page, _ = get(corpus, "/v1/figures", limit=50, expand="place")
    placed = [f for f in page["data"] if f["place"]]
    assert placed and all({"country", "lat", "lon", "place_kind"} <= set(f["place"]) for f in placed)
    assert all(
        "article" not in f and (f["source"] is None or "aliases" not in f["source"]) for f in page["data"]
    )


@pytest.mark.parametrize("value", ["speakers", "article,text", "author"])
def test_an_unknown_expand_is_a_400_naming_the_allowed_ones(corpus: TestClient, value: str) -> None:
    response = corpus.get("/v1/quotes", params={"expand": value})
    body = response.json()
    assert response.status_code == 400, body
    assert body["type"] == "/problems/invalid-parameter"
    assert body["parameter"] == "expand" and body["allowed"] == ["article", "source", "place", "speaker"]


def test_ndjson_expands_and_csv_refuses_to(corpus: TestClient) -> None:
    lines = corpus.get("/v1/claims.ndjson", params={"expand": "article,source"}).text.splitlines()
    claims = [json.loads(line) for line in lines]
    assert claims and all(c["article"]["published"] for c in claims)
    assert any(c["source"] and "aliases" in c["source"] for c in claims)
    refused = corpus.get("/v1/claims.csv", params={"expand": "article"})
    assert refused.status_code == 400 and refused.json()["parameter"] == "expand"


def test_a_quote_card_in_one_request(corpus: TestClient) -> None:
    """Text, speaker with role, article title and date, highlight span: one request, two articles."""
    with statements() as seen:
        response = corpus.get(
            # a word prefix, as a search box sends it; a stop word ("now") would find nothing
            # on PostgreSQL, whose English configuration drops it
            "/v1/quotes",
            params={"person": "Joe Biden", "q": "w", "expand": "article,speaker"},
        )
    assert response.status_code == 200, response.text
    quotes = response.json()["data"]
    golds = {json.loads(p.read_text())["article"]["published"]: p for p in CORPUS.glob("us_biden_*.json")}
    assert {q["article"]["published"] for q in quotes} == set(golds)  # both of his articles
    for quote in quotes:
        assert quote["speaker"]["name"] == "Joe Biden" and "President" in quote["speaker"]["roles"]
        # the corpus is plain text with no headline line, so its titles are null: the key is there
        # for a card to show (the values test checks it is the article's own)
        assert "title" in quote["article"] and quote["article"]["id"] == quote["span"]["article_id"]
        assert quote["span"]["end"] - quote["span"]["start"] >= len(quote["text"])
        marked = [quote["text"][start:end].lower() for start, end in quote["highlight"]]
        assert marked and all(word.startswith("w") for word in marked)
    assert len(seen) <= 6, seen  # resolve the name, count, page, articles, entities


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/v1/quotes", Page[Quote]),
        ("/v1/claims", Page[Claim]),
        ("/v1/figures", Page[Figure]),
    ],
)
def test_every_corpus_fact_fits_its_typed_shape(corpus: TestClient, path: str, shape: type[Page]) -> None:
    """The enums (verb, qualifier, category, place_kind) hold every value the corpus gives."""
    page = corpus.get(path, params={"limit": 500, "expand": EVERYTHING}).json()
    assert shape.model_validate(page).count == len(page["data"]) > 0


def test_the_timeline_expands_its_facts_in_two_statements_for_every_day(corpus: TestClient) -> None:
    plain, plain_count = get(corpus, "/v1/timeline", facts="true")
    expanded, expanded_count = get(corpus, "/v1/timeline", facts="true", expand=EVERYTHING)
    days = [day for day in expanded["data"] if day["facts"]]
    assert len(days) > 3 and expanded_count == plain_count + 2
    for day, before in zip(expanded["data"], plain["data"], strict=True):
        assert [unexpanded(f) for f in day["facts"]] == before["facts"]
        assert all(f["article"]["id"] == f["span"]["article_id"] for f in day["facts"])
