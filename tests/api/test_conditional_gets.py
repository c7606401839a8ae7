"""Caching and sync as GitHub's API does them (#23 point 6): weak ETags made of the data's
version and the request, a 304 that runs no query of the list, Cache-Control and
Last-Modified, `since` for what was stored after a client's last sync, Location on a 201,
HEAD in Allow, and problem types that resolve on the server itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.db import get_engine

LISTS = [
    "/v1/quotes",
    "/v1/claims?person=Maria Kovalenko",
    "/v1/figures?category=killed,displaced",
    "/v1/facts?kind=quote&kind=figure",
    "/v1/figures/groups",
    "/v1/timeline",
    "/v1/places.geojson",
    "/v1/people",
    "/v1/articles",
    "/v1/quotes.csv",
]
STORY = " date 2023-02-01\nMayor Lena Holm said the bridge in Odesa would reopen on Friday.\n"


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements the app runs meanwhile, as the engine sends them."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("path", LISTS)
def test_a_weak_etag_revalidates_to_a_304(client: TestClient, harbor: dict, flood: dict, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert etag.startswith('W/"'), (
        etag
    )  # gzip and identity bodies are one representation, not one byte string
    for sent in (etag, etag.removeprefix("W/"), f'"nope", {etag}'):
        again = client.get(path, headers={"If-None-Match": sent})
        assert again.status_code == 304, (sent, again.status_code)
        assert again.content == b""
        assert again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": 'W/"1-nope"'}).status_code == 200


def test_gzip_and_identity_answers_share_a_weak_tag(client: TestClient, harbor: dict) -> None:
    gzip = client.get("/v1/claims?limit=100", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/v1/claims?limit=100", headers={"Accept-Encoding": "identity"})
    assert gzip.headers.get("content-encoding") == "gzip" and "content-encoding" not in plain.headers
    assert gzip.headers["etag"] == plain.headers["etag"] and gzip.headers["etag"].startswith("W/")


def test_answers_carry_cache_control_and_last_modified(client: TestClient, harbor: dict) -> None:
    response = client.get("/v1/quotes")
    assert response.headers["cache-control"] == "public, no-cache"
    modified = dt.datetime.strptime(response.headers["last-modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert abs(modified - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(days=1)
    revalidated = client.get("/v1/quotes", headers={"If-None-Match": response.headers["etag"]})
    assert revalidated.headers["cache-control"] == "public, no-cache"
    assert revalidated.headers["last-modified"] == response.headers["last-modified"]


def test_a_304_runs_no_query_of_the_list(client: TestClient, harbor: dict) -> None:
    path = "/v1/facts?kind=quote,claim&facets=kind,date&expand=article"
    etag = client.get(path).headers["etag"]
    with statements() as ran:
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert len(ran) == 1 and "data_version" in ran[0], ran


def test_a_write_changes_every_tag(client: TestClient, harbor: dict) -> None:
    tags = {path: client.get(path).headers["etag"] for path in ("/v1/quotes", "/v1/people", "/v1/articles")}
    posted = client.post("/v1/articles", content=STORY.encode(), headers={"Content-Type": "text/plain"})
    assert posted.status_code == 201, posted.text
    try:
        for path, etag in tags.items():
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 200, path
        after_post = client.get("/v1/articles").headers["etag"]
    finally:
        assert client.delete(posted.headers["location"]).status_code == 204
    assert client.get("/v1/articles", headers={"If-None-Match": after_post}).status_code == 200


def test_the_tag_is_of_the_request(client: TestClient, harbor: dict) -> None:
    json_tag = client.get("/v1/quotes").headers["etag"]
    csv = client.get("/v1/quotes", headers={"Accept": "text/csv"})
    assert csv.headers["etag"] != json_tag
    assert client.get("/v1/quotes?limit=1").headers["etag"] != json_tag
    assert client.get("/v1/quotes", headers={"If-None-Match": csv.headers["etag"]}).status_code == 200


def test_errors_carry_no_tag(client: TestClient) -> None:
    response = client.get("/v1/people/nobody-of-that-name")
    assert response.status_code == 404 and "etag" not in response.headers


def test_since_lists_only_articles_stored_after(client: TestClient, harbor: dict, flood: dict) -> None:
    articles = client.get("/v1/articles?limit=500").json()["data"]
    stamps = [dt.datetime.fromisoformat(a["created_at"]) for a in articles]
    assert all(s.utcoffset() == dt.timedelta(0) for s in stamps), stamps
    assert stamps == sorted(stamps)  # stored in id order
    first = articles[0]["created_at"]
    newer = client.get("/v1/articles", params={"since": first, "limit": 500}).json()
    assert [a["id"] for a in newer["data"]] == [a["id"] for a in articles[1:]]
    assert newer["count"] == len(articles) - 1
    last = articles[-1]["created_at"]
    assert client.get("/v1/articles", params={"since": last}).json()["data"] == []
    # facts of what was stored since: the facts of the later articles only
    facts = client.get("/v1/facts", params={"since": first, "limit": 500}).json()["data"]
    assert facts and {f["span"]["article_id"] for f in facts} <= {a["id"] for a in articles[1:]}


@pytest.mark.parametrize("since", ["0", "yesterday", "2023-13-01T00:00:00Z", "1700000000"])
def test_since_takes_only_an_iso_time(client: TestClient, since: str) -> None:
    assert client.get("/v1/articles", params={"since": since}).status_code == 422


def test_since_without_an_offset_is_utc(client: TestClient, harbor: dict) -> None:
    stamp = dt.datetime.fromisoformat(client.get("/v1/articles").json()["data"][0]["created_at"])
    naive = (stamp - dt.timedelta(seconds=1)).replace(tzinfo=None).isoformat()
    shifted = (stamp - dt.timedelta(seconds=1)).astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()
    assert (
        client.get("/v1/articles", params={"since": naive}).json()
        == client.get("/v1/articles", params={"since": shifted}).json()
    )


def test_a_201_says_where_the_article_is(client: TestClient) -> None:
    posted = client.post("/v1/articles", content=STORY.encode(), headers={"Content-Type": "text/plain"})
    assert posted.status_code == 201, posted.text
    try:
        assert posted.headers["location"] == f"/v1/articles/{posted.json()['id']}"
        assert client.get(posted.headers["location"]).json()["id"] == posted.json()["id"]
        again = client.post("/v1/articles", content=STORY.encode(), headers={"Content-Type": "text/plain"})
        assert again.status_code == 200 and "location" not in again.headers
    finally:
        client.delete(posted.headers["location"])


@pytest.mark.parametrize(
    ("path", "allowed"), [("/v1/people", "GET, HEAD"), ("/v1/articles/1", "GET, HEAD, DELETE")]
)
def test_allow_lists_head(client: TestClient, harbor: dict, path: str, allowed: str) -> None:
    response = client.request("PATCH", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed


def test_problem_types_resolve_on_the_server(client: TestClient) -> None:
    problem = client.get("/v1/quotes?person=Zyxwvut Qqqq")
    assert problem.status_code == 404, problem.text
    kind = problem.json()["type"]
    assert kind == "/problems/unknown-name"
    page = client.get(kind)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "unknown-name" in page.text and "suggestions" in page.text and "<table>" in page.text
    assert client.get("/problems/no-such-kind").status_code == 404


def test_every_problem_type_the_app_sends_has_its_page(client: TestClient) -> None:
    from app import errors

    kinds = {v for v in vars(errors).values() if isinstance(v, str) and v.startswith(errors.PROBLEMS)}
    kinds |= {c.type for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.APIError)}
    kinds |= set(errors.STATUS_TYPES.values())
    kinds -= {errors.PROBLEMS}
    assert len(kinds) > 10
    for kind in kinds:
        page = client.get(kind)
        assert page.status_code == 200, kind
        assert re.search(rf"<code>{re.escape(kind.rsplit('/', 1)[1])}</code>", page.text), kind
