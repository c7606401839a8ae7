"""Places as GeoJSON page like every list and take the fact filters (issue #14, point 5).

Over the articles of tests/corpus/: what each place should count is read from the fact lists'
`place` facets under the same filters (a quote or claim counts for the places its sentence
names, a figure for its own place), never from one article's numbers.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_groups_paging import walk

GEOJSON = "/v1/places.geojson"
KINDS = {"quotes": "/v1/quotes", "claims": "/v1/claims", "figures": "/v1/figures"}
FIGURES_ONLY = ("category", "min_value")


def geocoded(client: TestClient, params: dict[str, Any]) -> list[int]:
    """The ids of the places /v1/places lists under the filters that have coordinates, in order."""
    places, _pages = walk(client, "/v1/places", {**params, "limit": 500})
    return [p["id"] for p in places if p["lat"] is not None and p["lon"] is not None]


def features(client: TestClient, params: dict[str, Any]) -> dict[int, dict]:
    """Every feature of the GeoJSON under the filters, a page at a time: properties by place id."""
    out: dict[int, dict] = {}
    cursor = None
    while True:
        response = client.get(
            GEOJSON, params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        for feature in response.json()["features"]:
            assert feature["id"] not in out
            out[feature["id"]] = feature["properties"]
        cursor = response.json()["next"]
        if not cursor:
            return out


def facet_counts(client: TestClient, path: str, params: dict[str, Any]) -> dict[int, int]:
    """Facts per place under the filters, from a fact list's `place` facet."""
    if path != "/v1/figures" and any(name in params for name in FIGURES_ONLY):
        return {}  # figure-only filters: no quote or claim matches them
    body = client.get(path, params={**params, "limit": 1, "facets": "place"}).json()
    assert len(body["facets"]["place"]) < 50, "the facet is cut at 50 values"
    return {int(v["value"]): v["count"] for v in body["facets"]["place"]}


def filters_of(client: TestClient) -> list[dict[str, Any]]:
    """One of each fact filter the places take, with values drawn from the stored facts."""
    quotes, _pages = walk(client, "/v1/quotes", {"limit": 500})
    figures, _pages = walk(client, "/v1/figures", {"limit": 500})
    claims, _pages = walk(client, "/v1/claims", {"limit": 500})
    speaker = max(
        {q["speaker"]["id"] for q in quotes if q["speaker"]},
        key=lambda i: sum(1 for q in quotes if q["speaker"] and q["speaker"]["id"] == i),
    )
    located = set(geocoded(client, {}))
    organization = next(  # one whose facts name a place on the map: some organizations' name none
        s["name"]
        for s in (f["source"] for f in claims + figures if f["source"])
        if s["kind"] == "organization"
        and set(facet_counts(client, "/v1/facts", {"organization": s["id"]})) & located
    )
    days = sorted({f["day"] for f in quotes + claims + figures})
    values = sorted(f["value"] for f in figures if f["value"] is not None)
    return [
        {"person": speaker},
        {"organization": organization},
        {"date": days[len(days) // 2]},
        {"from": days[1], "to": days[-3]},
        {"article": figures[0]["span"]["article_id"]},
        {"category": "killed"},
        {"min_value": values[len(values) // 2]},
        {"person": speaker, "from": days[0]},
    ]


def test_every_fact_filter_keeps_the_places_of_its_facts_counted_under_it(corpus: TestClient) -> None:
    located = set(geocoded(corpus, {}))
    for params in filters_of(corpus):
        per_kind = {name: facet_counts(corpus, path, params) for name, path in KINDS.items()}
        expected = set().union(*per_kind.values()) & located
        found = features(corpus, params)
        assert expected, f"{params} should keep some places"
        assert set(found) == expected, params
        for place, properties in found.items():
            for name, counts in per_kind.items():
                assert properties[name] == counts.get(place, 0), (params, place, name)
        # the JSON list keeps the same places (and those without coordinates)
        assert set(geocoded(corpus, params)) == expected, params


def test_a_persons_map_has_only_the_places_of_their_facts(corpus: TestClient) -> None:
    (person,) = (p["person"] for p in filters_of(corpus) if list(p) == ["person"])
    every = features(corpus, {})
    theirs = features(corpus, {"person": person})
    assert 0 < len(theirs) < len(every)
    for place, properties in theirs.items():
        facts = sum(properties[k] for k in KINDS)
        assert 0 < facts <= sum(every[place][k] for k in KINDS)


def test_category_killed_totals_only_the_killed(corpus: TestClient) -> None:
    every = features(corpus, {})
    killed = features(corpus, {"category": "killed"})
    assert killed
    for place, properties in killed.items():
        assert properties["quotes"] == properties["claims"] == 0
        assert set(properties["casualties"]) <= {"killed"}
        # the killed of a place are the same incidents with or without the filter
        assert properties["casualties"].get("killed") == every[place]["casualties"].get("killed")
    others = {p for p, props in every.items() if set(props["casualties"]) - {"killed"}}
    assert others, "the corpus reports more than deaths"


@pytest.mark.parametrize("params", [{}, {"category": "injured"}])
def test_limit_one_walks_every_place_once(corpus: TestClient, params: dict) -> None:
    seen: list[int] = []
    pages = []
    cursor = None
    while True:
        response = corpus.get(
            GEOJSON, params={**params, "limit": 1, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        pages.append(response)
        collection = response.json()
        seen += [f["id"] for f in collection["features"]]
        cursor = collection["next"]
        if cursor:
            link = response.headers["link"]
            assert f"cursor={cursor}" in link and link.endswith('>; rel="next"')
        else:
            assert "link" not in response.headers
            break
    assert seen == geocoded(corpus, params)  # each once, in id order
    listed = corpus.get("/v1/places", params={**params, "limit": 1}).json()["count"]
    assert all(p.json()["count"] == listed == len(pages) for p in pages)


def test_without_filters_the_three_forms_agree_and_add_only_count_and_next(corpus: TestClient) -> None:
    answers = [
        corpus.get(GEOJSON, params={"limit": 5}),
        corpus.get("/v1/places", params={"format": "geojson", "limit": 5}),
        corpus.get("/v1/places", params={"limit": 5}, headers={"Accept": "application/geo+json"}),
    ]
    assert answers[0].content == answers[1].content == answers[2].content
    collection = answers[0].json()
    assert list(collection) == ["type", "features", "count", "next"]
    assert [f["id"] for f in collection["features"]] == geocoded(corpus, {})[: len(collection["features"])]
    # every geocoded place, whether facts name it or not
    assert list(features(corpus, {})) == geocoded(corpus, {})


def test_bad_filters_are_refused(corpus: TestClient) -> None:
    assert corpus.get(GEOJSON, params={"person": "Nobody Anywhere"}).status_code == 404
    assert corpus.get(GEOJSON, params={"from": "2024-03-20", "to": "2024-03-01"}).status_code == 400
    assert corpus.get(GEOJSON, params={"category": "eaten"}).status_code == 422
    assert corpus.get(GEOJSON, params={"sort": "day"}).status_code == 400  # a place has no day
    figures_next = corpus.get("/v1/figures", params={"limit": 1}).json()["next"]
    assert corpus.get(GEOJSON, params={"cursor": figures_next}).status_code == 400
