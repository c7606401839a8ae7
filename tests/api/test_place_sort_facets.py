"""Places, as JSON and GeoJSON, sort and facet like the other lists (issue #14, point 5).

Over the articles of tests/corpus/: every expectation is read from the unsorted list itself
(its order, its places' countries and kinds), never written down by hand.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import models
from app.db import new_session
from tests.api.test_groups_paging import walk

PLACES, GEOJSON = "/v1/places", "/v1/places.geojson"
SORTS = ("id", "-id", "name", "-name")
FACETS = ("country", "place_kind")


def in_order(places: list[dict], sort: str) -> list[int]:
    """The ids of the places in `sort` order: by id, or by name (code points) then id."""
    key = (lambda p: (p["name"], p["id"])) if sort.lstrip("-") == "name" else (lambda p: p["id"])
    return [p["id"] for p in sorted(places, key=key, reverse=sort.startswith("-"))]


def geojson_walk(client: TestClient, params: dict[str, Any]) -> tuple[list[int], list[dict]]:
    """Every feature's id of the GeoJSON, page by page through `next`, and each page's body."""
    ids: list[int] = []
    bodies = []
    cursor = None
    while True:
        response = client.get(GEOJSON, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        bodies.append(response.json())
        ids += [f["id"] for f in bodies[-1]["features"]]
        cursor = bodies[-1]["next"]
        if not cursor:
            return ids, bodies
        assert len(bodies) < 1000, "the pages never end"


def a_person(client: TestClient) -> int:
    """The person quoted most: a fact filter that keeps some places and not others."""
    quotes, _pages = walk(client, "/v1/quotes", {"limit": 500})
    speakers = Counter(q["speaker"]["id"] for q in quotes if q["speaker"])
    return speakers.most_common(1)[0][0]


@pytest.mark.parametrize("sort", SORTS)
def test_limit_one_walks_every_place_once_in_sort_order(corpus: TestClient, sort: str) -> None:
    everything, _pages = walk(corpus, PLACES, {"limit": 500})
    assert len(everything) >= 10, "the corpus should name many places"
    places, pages = walk(corpus, PLACES, {"limit": 1, "sort": sort})
    ids = [p["id"] for p in places]
    assert ids == in_order(everything, sort)  # each once, in order
    assert all(page.json()["count"] == len(everything) for page in pages)
    # the map pages the same way, skipping only the places without coordinates
    located = {p["id"] for p in everything if p["lat"] is not None and p["lon"] is not None}
    features, bodies = geojson_walk(corpus, {"limit": 1, "sort": sort})
    assert features == [i for i in ids if i in located]
    assert len(bodies) == len(pages)


# a long name in another script: its cursor carries it, and must stay within the limit
LONG_NAME = "Дніпропетровська область, Нікопольський район, громада " * 3


@pytest.mark.parametrize("name", ("Springfield", LONG_NAME))
@pytest.mark.parametrize("sort", ("name", "-name"))
def test_places_of_one_name_page_by_id_within_it(corpus: TestClient, sort: str, name: str) -> None:
    # the corpus names no two places alike: two Springfields, stored as ingest stores places,
    # and taken away after, so a cursor between them must carry the id as well as the name
    twins = [models.Entity(kind="place", key=f"test-twin-{n}", name=name) for n in (1, 2, 3)]
    with new_session() as session:
        session.add_all(twins)
        session.commit()
        ids = [t.id for t in twins]
    try:
        everything, _pages = walk(corpus, PLACES, {"limit": 500})
        places, _pages = walk(corpus, PLACES, {"limit": 1, "sort": sort})
        assert [p["id"] for p in places] == in_order(everything, sort)
        within = [p["id"] for p in places if p["name"] == name]
        assert within == (ids if sort == "name" else ids[::-1])
    finally:
        with new_session() as session:
            for ident in ids:
                session.delete(session.get(models.Entity, ident))
            session.commit()


@pytest.mark.parametrize("sort", ("name", "-id"))
def test_sort_keeps_the_filters_and_the_name_search(corpus: TestClient, sort: str) -> None:
    person = a_person(corpus)
    for params in ({"person": person}, {"q": "a"}, {"q": "a", "from": "2022-01-01"}):
        kept, _pages = walk(corpus, PLACES, {**params, "limit": 500})
        everything, _pages = walk(corpus, PLACES, {"limit": 500})
        assert 0 < len(kept) < len(everything), params
        places, _pages = walk(corpus, PLACES, {**params, "limit": 2, "sort": sort})
        assert [p["id"] for p in places] == in_order(kept, sort), params


def test_a_cursor_continues_only_its_own_sort(corpus: TestClient) -> None:
    def next_of(path: str, params: dict[str, Any]) -> str:
        cursor = corpus.get(path, params={**params, "limit": 1}).json()["next"]
        assert cursor
        return cursor

    by_name = next_of(PLACES, {"sort": "name"})
    for sort in ("id", "-id", "-name", None):
        params = {"cursor": by_name, **({"sort": sort} if sort else {})}
        for path in (PLACES, GEOJSON):
            response = corpus.get(path, params=params)
            assert response.status_code == 400, (path, sort)
            assert "sort=name" in response.json()["detail"]
    by_id = next_of(PLACES, {})
    assert corpus.get(PLACES, params={"cursor": by_id, "sort": "id"}).status_code == 200  # the default's
    assert corpus.get(PLACES, params={"cursor": by_id, "sort": "-id"}).status_code == 400
    assert corpus.get(PLACES, params={"cursor": by_id, "sort": "name"}).status_code == 400
    matching = next_of(PLACES, {"q": "a"})
    assert corpus.get(PLACES, params={"q": "a", "cursor": matching, "sort": "id"}).status_code == 400
    # another list's cursor, even under the same sort
    people = next_of("/v1/people", {})
    assert corpus.get(PLACES, params={"cursor": people, "sort": "id"}).status_code == 400


@pytest.mark.parametrize("params", [{}, {"q": "a"}, {"category": "killed"}, {"person": "most quoted"}])
def test_facets_count_every_place_matching_in_both_forms(corpus: TestClient, params: dict[str, Any]) -> None:
    if params.get("person"):
        params = {"person": a_person(corpus)}
    everything, _pages = walk(corpus, PLACES, {**params, "limit": 500})
    body = corpus.get(PLACES, params={**params, "limit": 1, "facets": ",".join(FACETS)}).json()
    assert len(body["data"]) == 1 < len(everything)  # counted over every page, not this one
    for name in FACETS:
        walked = Counter(p[name] for p in everything if p[name] is not None)
        assert walked, (name, params)
        assert {v["value"]: v["count"] for v in body["facets"][name]} == walked
        counts = [v["count"] for v in body["facets"][name]]
        assert counts == sorted(counts, reverse=True)  # most frequent first
    collection = corpus.get(GEOJSON, params={**params, "limit": 1, "facets": "country,place_kind"}).json()
    assert collection["facets"] == body["facets"]
    assert list(collection) == ["type", "features", "count", "next", "facets"]
    # one facet asked, one counted
    only = corpus.get(PLACES, params={**params, "facets": "country"}).json()["facets"]
    assert only == {"country": body["facets"]["country"]}


def test_without_sort_or_facets_the_answers_are_as_before(corpus: TestClient) -> None:
    everything, _pages = walk(corpus, PLACES, {"limit": 500})
    assert [p["id"] for p in everything] == sorted(p["id"] for p in everything)
    body = corpus.get(PLACES, params={"limit": 5}).json()
    assert body["facets"] is None
    assert (
        corpus.get(PLACES, params={"limit": 5, "sort": "id"}).content
        == corpus.get(PLACES, params={"limit": 5}).content
    )
    collection = corpus.get(GEOJSON, params={"limit": 5}).json()
    assert list(collection) == ["type", "features", "count", "next"]
    # with q and no sort the best matches still come first: a sort is asked for, never assumed
    ranked, _pages = walk(corpus, PLACES, {"q": "a", "limit": 500})
    assert [p["id"] for p in ranked] != in_order(ranked, "id")


def test_unknown_sorts_and_facets_are_refused_naming_the_choices(corpus: TestClient) -> None:
    for path in (PLACES, GEOJSON):
        response = corpus.get(path, params={"facets": "country,category"})
        assert response.status_code == 400
        assert "category" in response.json()["detail"] and "place_kind" in response.json()["detail"]
        response = corpus.get(path, params={"sort": "day"})
        assert response.status_code == 400
        assert "-name" in response.json()["detail"]
    # the fact lists keep their own facets
    assert corpus.get("/v1/quotes", params={"facets": "country"}).status_code == 400
    assert corpus.get("/v1/quotes", params={"facets": "place"}).status_code == 200


def test_sort_and_facets_are_documented(corpus: TestClient) -> None:
    document = corpus.get("/openapi.json").json()
    for path in (PLACES, GEOJSON):
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert parameters["sort"]["schema"]["anyOf"][0]["enum"] == list(SORTS)
        assert "name" in parameters["sort"]["description"]
        assert "place_kind" in parameters["facets"]["description"]
