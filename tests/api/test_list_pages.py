"""Every list answers the same page (issue #23 point 4): `{data, count, next}` in the document
and on the wire, with a `Link` to the next page whenever there is one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

# what a list needs to have more than one page: one row a page (a timeline: one day a page)
ONE_A_PAGE: dict[str, dict[str, Any]] = {"/v1/timeline": {"facts": "true", "days": 1}}


def list_paths(document: dict) -> list[str]:
    """The GET paths with no path parameter whose JSON 200 has `data`: every list."""
    schemas = document["components"]["schemas"]
    found = []
    for path, item in document["paths"].items():
        get = item.get("get")
        if get is None or "{" in path:
            continue
        content = get["responses"]["200"].get("content", {}).get("application/json", {})
        ref = content.get("schema", {}).get("$ref", "")
        schema = schemas.get(ref.rsplit("/", 1)[-1], {})
        if "data" in schema.get("properties", {}):
            found.append(path)
    return found


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict:
    return client.get("/openapi.json").json()


def test_every_list_documents_data_count_and_next(document: dict) -> None:
    paths = list_paths(document)
    assert {"/v1/timeline", "/v1/quotes", "/v1/places", "/v1/people", "/v1/articles"} <= set(paths)
    schemas = document["components"]["schemas"]
    for path in paths:
        ref = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        page = schemas[ref["$ref"].rsplit("/", 1)[-1]]
        assert {"data", "count", "next"} <= set(page["properties"]), path
        assert "count" in page.get("required", []), path  # before: the timeline had no count


def test_every_list_pages_with_count_and_link(
    client: TestClient, harbor: dict, flood: dict, document: dict
) -> None:
    linked = []
    for path in list_paths(document):
        params = ONE_A_PAGE.get(path, {"limit": 1})
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        assert {"data", "count", "next"} <= set(body), path
        assert body["count"] >= len(body["data"]), path
        assert bool(body["next"]) == ("link" in response.headers), path
        if body["next"]:
            linked.append(path)
            following = client.get(path, params={**params, "cursor": body["next"]}).json()
            assert following["count"] == body["count"], path
    assert "/v1/timeline" in linked  # the two stories hold facts on more than one day


def test_timeline_counts_its_days(client: TestClient, harbor: dict, flood: dict) -> None:
    every = client.get("/v1/timeline").json()
    assert every["count"] == len(every["data"]) > 1 and every["next"] is None
    days, cursor = [], None
    while True:
        page = client.get(
            "/v1/timeline", params={"facts": "true", "days": 1, **({"cursor": cursor} if cursor else {})}
        ).json()
        assert page["count"] == every["count"]
        days += [d["day"] for d in page["data"]]
        if not (cursor := page["next"]):
            break
    assert days == [d["day"] for d in every["data"]]
