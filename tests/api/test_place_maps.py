"""The places' JSON list says what their GeoJSON says, and the GeoJSON is typed (issue #23 point 4)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.schemas import PlaceFeatureCollection
from tests.api.test_groups_paging import walk

COUNTS = ("quotes", "claims", "figures", "casualties")


@pytest.mark.parametrize("params", [{}, {"category": "killed"}, {"person": "Kovalenko"}])
def test_the_json_list_counts_as_the_geojson(
    client: TestClient, harbor: dict, flood: dict, params: dict[str, Any]
) -> None:
    places, _pages = walk(client, "/v1/places", {**params, "limit": 500})
    features, _pages = walk(client, "/v1/places.geojson", {**params, "limit": 500}, rows_in="features")
    mapped = {f["id"]: f["properties"] for f in features}
    assert mapped, params
    for place in places:
        assert set(COUNTS) <= set(place), place  # before: only the GeoJSON had them
        if place["id"] in mapped:
            assert {k: place[k] for k in COUNTS} == {k: mapped[place["id"]][k] for k in COUNTS}
    assert any(p["casualties"] for p in places) or params


def test_one_place_and_documents_keep_their_shape(client: TestClient, harbor: dict) -> None:
    one = client.get("/v1/places/Odesa").json()
    assert not set(COUNTS) & set(one)


def test_geojson_is_a_typed_feature_collection(client: TestClient, harbor: dict) -> None:
    document = client.get("/openapi.json").json()
    for path in ("/v1/places.geojson", "/v1/places"):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert content["application/geo+json"]["schema"] == {
            "$ref": "#/components/schemas/PlaceFeatureCollection"
        }, path
    schemas = document["components"]["schemas"]
    feature = schemas["PlaceFeature"]
    assert feature["properties"]["geometry"] == {"$ref": "#/components/schemas/Point"}
    assert schemas["PlaceProperties"]["properties"]["casualties"]["type"] == "object"
    response = client.get("/v1/places.geojson", params={"limit": 2})
    assert response.headers["content-type"].startswith("application/geo+json")
    PlaceFeatureCollection.model_validate(response.json(), strict=False)
