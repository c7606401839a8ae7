"""One folding for every way a name is asked for: a path, a `?person=` filter, `q=` on a list
(autocomplete) and the did-you-mean of a name that matches nothing agree."""

import pytest
from fastapi.testclient import TestClient


def names(client: TestClient, path: str, q: str) -> list[str]:
    response = client.get(path, params={"q": q})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["data"])
    return [e["name"] for e in body["data"]]


@pytest.mark.parametrize(
    ("path", "q", "expected"),
    [
        ("/v1/people", "Zelenskiy", "Volodymyr Zelenskyy"),  # a romanisation the article never wrote
        ("/v1/people", "zelensky", "Volodymyr Zelenskyy"),
        ("/v1/people", "Volodimir Zelenski", "Volodymyr Zelenskyy"),
        ("/v1/places", "kiev", "Kyiv"),  # an exonym
        ("/v1/places", "KIEV", "Kyiv"),
    ],
)
def test_a_list_finds_what_a_lookup_resolves(
    client: TestClient, kyiv: dict, path: str, q: str, expected: str
) -> None:
    assert expected in names(client, path, q)
    one = client.get(f"{path}/{q}")
    assert one.status_code == 200 and one.json()["name"] == expected
    ids = {e["id"] for e in client.get(path, params={"q": q}).json()["data"]}
    assert one.json()["id"] in ids


def test_a_filter_by_a_variant_finds_the_same_facts(client: TestClient, kyiv: dict) -> None:
    by_variant = client.get("/v1/claims", params={"person": "Zelenskiy"}).json()
    assert by_variant["count"] >= 1
    person = client.get("/v1/people", params={"q": "Zelenskiy"}).json()["data"][0]
    assert client.get("/v1/claims", params={"person": person["id"]}).json()["data"] == by_variant["data"]


def test_autocomplete_offers_what_the_404_suggests(client: TestClient, kyiv: dict) -> None:
    missing = client.get("/v1/people/Stoltenburg")
    assert missing.status_code == 404
    assert "Jens Stoltenberg" in missing.json()["suggestions"]
    listed = client.get("/v1/people", params={"q": "Stoltenburg"}).json()
    # no name holds it: nothing is listed, and the page offers what the 404 offers
    assert listed["data"] == [] and listed["count"] == 0
    assert listed["suggestions"] == missing.json()["suggestions"]
    assert client.get("/v1/places", params={"q": "Kuiv"}).json()["suggestions"][:1] == ["Kyiv"]
    geojson = client.get("/v1/places.geojson", params={"q": "Kuiv"}).json()
    assert geojson["features"] == [] and geojson["suggestions"][:1] == ["Kyiv"]
    # a filter by the misspelling is still a 404: only a list offers the close names
    unknown = client.get("/v1/quotes", params={"person": "Stoltenburg"})
    assert unknown.status_code == 404
    # the problem names the filter, for a client to offer the names in its place
    assert unknown.json()["parameter"] == "person"
    assert "Jens Stoltenberg" in unknown.json()["suggestions"]


def test_a_name_nothing_is_close_to_lists_nothing(client: TestClient, kyiv: dict) -> None:
    body = client.get("/v1/people", params={"q": "Qxwzvy"}).json()
    assert body["data"] == [] and body["count"] == 0 and body["next"] is None
    assert body["suggestions"] == []
    # a list that found names suggests none
    assert client.get("/v1/people", params={"q": "Stoltenberg"}).json()["suggestions"] is None


def test_an_acronym_key_does_not_start_other_names(client: TestClient, kyiv: dict) -> None:
    # NATO's key is "nato": no organization whose key merely starts with a short key is listed
    assert names(client, "/v1/organizations", "nato")[:1] == ["NATO"]
