"""One range model for every figure (issue #23 point 2): `low`, `high` and the `value` the map
adds up, and `min_value` / `max_value` reading that same value, through the real app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.extract.lexicon import COUNT_QUALIFIERS, COUNT_QUALIFIERS_AFTER
from app.queries.ranges import CEILINGS, FLOORS, figure_range
from tests.api.conftest import corpus_app

# Three ways news gives a toll: a vague count, a floor and a range; with an exact one
STORY = (
    " date 2024-02-06 Thousands died in the earthquake in Gaziantep, officials said on Tuesday.\n\n"
    "At least 15 people were killed in Adana on Monday, the governor said.\n\n"
    "Between 20 and 30 people were injured in Adana on Monday, the regional hospital said.\n\n"
    "Seven people were killed in Malatya on Monday, police said.\n"
)


@pytest.fixture(scope="module")
def quake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("ranges")
    (folder / "articles").mkdir()
    (folder / "articles" / "quake.txt").write_text(STORY)
    with corpus_app(folder, "api_ranges", articles=folder / "articles") as client:
        yield client


def figures(client: TestClient, **params: object) -> list[dict]:
    response = client.get("/v1/figures", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()["data"]


def by_text(client: TestClient, **params: object) -> dict[tuple[str, int], dict]:
    return {(f["category"], f["value"]): f for f in figures(client, **params)}


def test_every_figure_has_a_range_and_a_value(quake: TestClient) -> None:
    found = by_text(quake)
    thousands = found["killed", 1000]
    assert (thousands["low"], thousands["high"], thousands["approximate"]) == (1000, None, True)
    at_least = found["killed", 15]
    assert (at_least["low"], at_least["high"], at_least["qualifier"]) == (15, None, "at least")
    between = found["injured", 20]
    assert (between["low"], between["high"]) == (20, 30)
    exact = found["killed", 7]
    assert (exact["low"], exact["high"]) == (7, 7)
    # the old fields stay one version, as stored
    assert (thousands["value_min"], between["value_min"], between["value_max"]) == (1000, 20, 30)


def test_min_value_finds_what_the_map_counts(quake: TestClient) -> None:
    found = {f["id"] for f in figures(quake, min_value=500)}
    thousands = by_text(quake)["killed", 1000]
    assert found == {thousands["id"]}  # before: `value` was null, so "thousands" matched nothing
    place = thousands["place"]["id"]
    feature = quake.get("/v1/places.geojson", params={"min_value": 500}).json()["features"]
    totals = {f["id"]: f["properties"]["casualties"] for f in feature}
    assert totals == {place: {"killed": 1000}}
    # the map's totals over every figure are the sum of the values the list shows per place
    every = quake.get("/v1/places.geojson").json()["features"]
    for f in every:
        listed = figures(quake, place=f["id"])
        own = [x for x in listed if x["place"] and x["place"]["id"] == f["id"]]
        for category, total in f["properties"]["casualties"].items():
            assert total == sum(x["value"] for x in own if x["category"] == category)


def test_max_value_and_both_together(quake: TestClient) -> None:
    assert {f["value"] for f in figures(quake, max_value=15)} == {7, 15}
    assert {f["value"] for f in figures(quake, min_value=10, max_value=20)} == {15, 20}
    # several figure lists agree: groups keep the same reports
    groups = quake.get("/v1/figures/groups", params={"max_value": 15}).json()["data"]
    assert {r["value"] for g in groups for r in g["reports"]} <= {7, 15}


@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"min_value": 20, "max_value": 10}, 400, "max_value"),
        ({"max_value": -1}, 422, "max_value"),
        ({"max_value": [1, 2]}, 400, "max_value"),  # one value: a repeat is refused, never last-one-wins
    ],
)
def test_bad_ranges_are_refused(quake: TestClient, params: dict, status: int, parameter: str) -> None:
    response = quake.get("/v1/figures", params=params)
    assert response.status_code == status, response.text
    assert response.json()["parameter"] == parameter


def test_quotes_refuse_max_value(quake: TestClient) -> None:
    response = quake.get("/v1/quotes", params={"max_value": 10})
    assert response.status_code == 400 and response.json()["parameter"] == "max_value"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ((7, None, None, None), (7, 7, 7)),
        ((15, None, None, "at least"), (15, 15, None)),
        ((15, None, None, "up to"), (15, None, 15)),
        ((20, None, None, "about"), (20, 20, 20)),
        ((None, 1000, None, None), (1000, 1000, None)),
        ((None, 15, 20, None), (15, 15, 20)),
    ],
)
def test_figure_range(stored: tuple, expected: tuple) -> None:
    assert figure_range(*stored) == expected


def test_every_bounding_qualifier_has_a_side() -> None:
    known = set(COUNT_QUALIFIERS) | set(COUNT_QUALIFIERS_AFTER)
    assert known >= FLOORS | CEILINGS  # spelled as the lexicon spells them
    hedges = {q for q, approximate in {**COUNT_QUALIFIERS, **COUNT_QUALIFIERS_AFTER}.items() if approximate}
    # a qualifier that is neither a hedge nor a bound would read as an exact count
    assert known - hedges <= FLOORS | CEILINGS


def test_range_fields_in_the_document(quake: TestClient) -> None:
    schema = quake.get("/openapi.json").json()["components"]["schemas"]
    figure = next(
        s for name, s in schema.items() if name.startswith("Figure") and "low" in s.get("properties", {})
    )
    assert {"low", "high", "value"} <= set(figure["required"])
    assert figure["properties"]["value_min"].get("deprecated") is True
    assert figure["properties"]["value"]["type"] == "integer"
