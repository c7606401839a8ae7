"""The static files (/static for the API reference, /explore for the explorer) answer errors as the API does.

Starlette's static files answer a Range they cannot serve with a text/plain 400 or 416 of
their own, and their 405 lost its Allow to the app's handler (the app's routes serve no
method under a mount). Through HTTP against the real app.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

FILES = ["/static/favicon.png", "/explore/index.html", "/explore/"]


def problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"] and body["instance"]
    return body


@pytest.mark.parametrize("path", FILES)
@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT"])
def test_a_405_under_a_mount_says_what_is_allowed(client: TestClient, path: str, method: str) -> None:
    response = client.request(method, path)
    assert problem(response, 405)["type"] == "/problems/method-not-allowed"
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}


@pytest.mark.parametrize("path", FILES)
def test_a_range_past_the_end_is_a_416_problem(client: TestClient, path: str) -> None:
    size = len(client.get(path).content)
    response = client.get(path, headers={"Range": f"bytes={size + 10}-"})
    problem(response, 416)
    assert response.headers["content-range"] == f"bytes */{size}"


@pytest.mark.parametrize("path", FILES)
@pytest.mark.parametrize("asked", ["chars=1-2", "bytes=", "bytes=5-2", "bytes=a-b"])
def test_a_malformed_range_is_a_400_problem(client: TestClient, path: str, asked: str) -> None:
    body = problem(client.get(path, headers={"Range": asked}), 400)
    assert "range" in body["detail"].lower(), body


@pytest.mark.parametrize("path", FILES)
def test_a_range_that_fits_is_still_served(client: TestClient, path: str) -> None:
    whole = client.get(path)
    part = client.get(path, headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and part.content == whole.content[:10]
    assert client.head(path).status_code == 200


def test_a_missing_file_is_a_404_problem(client: TestClient) -> None:
    for path in ("/static/nothing.png", "/explore/nothing.js"):
        assert problem(client.get(path), 404)["type"] == "/problems/not-found"


def test_the_explorer_keeps_its_policy_on_every_answer(client: TestClient) -> None:
    assert "script-src 'self'" in client.get("/explore/index.html").headers["content-security-policy"]
    ranged = client.get("/explore/index.html", headers={"Range": "chars=1-2"})
    assert ranged.status_code == 400 and ranged.headers["x-content-type-options"] == "nosniff"
