"""HEAD answers like GET without a body; lists that Accept negotiates say `Vary: Accept`."""

import httpx
import pytest
from fastapi.testclient import TestClient

GET_ROUTES = [
    "/v1/quotes",
    "/v1/facts?kind=figure",
    "/v1/people",
    "/v1/places?format=geojson",
    "/v1/articles",
    "/v1/figures/groups",
    "/v1/timeline",
    "/openapi.json",
]


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_is_get_without_the_body(client: TestClient, harbor: dict, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "content-length", "vary"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_of_an_article_and_of_nothing(client: TestClient, harbor: dict) -> None:
    assert client.head(f"/v1/articles/{harbor['id']}").status_code == 200
    missing = client.head("/v1/people/nobody-of-that-name")
    assert missing.status_code == 404 and missing.content == b""


def test_head_honours_if_none_match(client: TestClient, harbor: dict) -> None:
    etag = client.get("/v1/quotes").headers["etag"]
    assert client.head("/v1/quotes", headers={"If-None-Match": etag}).status_code == 304


def vary(response: httpx.Response) -> list[str]:
    return [v.strip().lower() for v in response.headers.get("vary", "").split(",") if v.strip()]


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/v1/quotes", "application/json"),
        ("/v1/claims", "text/csv"),
        ("/v1/figures", "application/x-ndjson"),
        ("/v1/facts", "*/*"),
        ("/v1/places", "application/geo+json"),
    ],
)
def test_negotiated_lists_vary_on_accept(client: TestClient, harbor: dict, path: str, accept: str) -> None:
    response = client.get(path, headers={"Accept": accept, "Origin": "http://example.org"})
    assert response.status_code == 200
    assert vary(response).count("accept") == 1, response.headers.get("vary")


@pytest.mark.parametrize("path", ["/v1/people", "/v1/places.geojson", "/health"])
def test_single_representations_do_not_vary_on_accept(client: TestClient, path: str) -> None:
    assert "accept" not in vary(client.get(path))
