"""An article's `url` is a web address (http or https), or nothing: never `javascript:` for a page to link.

The explorer and every client show the url as a link; a `javascript:` one runs in the
reader's page when clicked. Through HTTP against the real app: refused ones are a 422
bad-article problem and store nothing.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

TEXT = "Harbour master Ana Ruiz said the port of Cobh would reopen on Friday."


def send(client: TestClient, url: object, day: str) -> object:
    body = json.dumps({"text": TEXT, "published": day, "url": url})
    return client.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",  # a browser strips the space and runs it
        "java\tscript:alert(1)",  # and drops the tab
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/story",
        "//evil.test/story",  # no scheme: the page's own, whatever that is
        "/stories/1",
        "https://",  # no host
        "https:evil.test",
        "http://[::1",  # not a URL
        "https://example.org/a\nb",
    ],
)
def test_a_url_that_is_not_http_or_https_is_refused(client: TestClient, url: str) -> None:
    before = client.get("/v1/articles").json()["count"]
    response = send(client, url, "2024-06-01")
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    problem = response.json()  # type: ignore[attr-defined]
    assert problem["type"] == "/problems/bad-article" and "url" in problem["detail"]
    assert client.get("/v1/articles").json()["count"] == before


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/2024/06/02/cobh?ref=wire#top", "2024-06-02"),
        ("HTTP://Example.org/Story", "2024-06-03"),
        (None, "2024-06-04"),
    ],
)
def test_a_web_address_is_kept_as_sent(client: TestClient, url: str | None, day: str) -> None:
    response = send(client, url, day)
    assert response.status_code in (200, 201), response.text  # type: ignore[attr-defined]
    stored = client.get(f"/v1/articles/{response.json()['id']}").json()  # type: ignore[attr-defined]
    assert stored["url"] == url
