"""Jobs without a broker: `Prefer: respond-async` and batches answer 202, and the API's own
extraction worker stores the articles; a job tells what became of each, with an ETag to poll."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import DATA, corpus_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A database of these tests' own: the articles the jobs store (a second harbor story,
    fires, crashes) would otherwise change what the session's later tests count."""
    with corpus_app(
        tmp_path_factory.mktemp("db"), "jobs_api", articles=tmp_path_factory.mktemp("none")
    ) as app_client:
        yield app_client


def wait_for(client: TestClient, location: str, timeout: float = 120.0) -> dict:
    """Poll a job until it is done or failed, as a client would, with If-None-Match."""
    deadline, etag = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        response = client.get(location, headers={"If-None-Match": etag} if etag else {})
        if response.status_code == 304:
            time.sleep(0.2)
            continue
        assert response.status_code == 200, response.text
        etag = response.headers["ETag"]
        job = response.json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"{location} did not finish in {timeout} s")


def article(text: str, day: str = "2023-05-18") -> dict:
    return {"text": text, "published": day}


def test_respond_async_answers_202_and_the_job_names_the_stored_article(client: TestClient) -> None:
    body = (DATA / "harbor_strike.txt").read_bytes().replace(b"harbor", b"harbour")
    response = client.post(
        "/v1/articles",
        content=body,
        headers={"Content-Type": "text/plain", "Prefer": "respond-async, wait=5"},
    )
    assert response.status_code == 202, response.text
    assert response.headers["Preference-Applied"] == "respond-async"
    location = response.headers["Location"]
    assert location == f"/v1/jobs/{response.json()['id']}"
    assert response.json()["status"] in ("queued", "running", "done")
    job = wait_for(client, location)
    assert job["status"] == "done" and job["failed"] == 0
    (stored,) = job["stored"]
    assert client.get(f"/v1/articles/{stored}").status_code == 200
    # the same content again: a duplicate, named as such, with the stored article's id
    again = client.post(
        "/v1/articles", content=body, headers={"Content-Type": "text/plain", "Prefer": "respond-async"}
    )
    job = wait_for(client, again.headers["Location"])
    assert job["status"] == "done" and job["stored"] == [] and job["duplicates"] == [stored]
    assert job["articles"][0]["status"] == "duplicate"


def test_a_batch_stores_the_good_articles_and_names_the_bad_one_with_posts_problem(
    client: TestClient,
) -> None:
    batch = [
        article("The mayor of Springfield said 3 people were killed in the fire on Tuesday."),
        {"text": "", "published": "2023-05-18"},  # no body text: what POST answers 422 for
        article("Police said two men were injured in a crash in Dayton, Ohio.", "2023-05-19"),
    ]
    response = client.post("/v1/articles/batch", json=batch)
    assert response.status_code == 202, response.text
    job = wait_for(client, response.headers["Location"])
    assert job["status"] == "done" and job["total"] == 3 and job["finished"] == 3
    assert [a["status"] for a in job["articles"]] == ["stored", "failed", "stored"]
    problem = job["articles"][1]["problem"]
    single = client.post("/v1/articles", json=batch[1])
    assert single.status_code == 422
    assert problem["type"] == single.json()["type"] == "/problems/bad-article"
    assert problem["status"] == 422 and problem["detail"] == single.json()["detail"]
    assert len(job["stored"]) == 2


def test_a_job_whose_only_article_fails_is_failed_with_that_problem(client: TestClient) -> None:
    response = client.post(
        "/v1/articles",
        content=b" date 2023-13-45 Nothing.",
        headers={"Content-Type": "text/plain", "Prefer": "respond-async"},
    )
    assert response.status_code == 202
    job = wait_for(client, response.headers["Location"])
    assert job["status"] == "failed"
    assert job["problem"]["type"] == "/problems/bad-article" and job["problem"]["status"] == 422


def test_ndjson_batches_and_the_limits(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    lines = "\n".join(
        json.dumps(article(f"Officials said {n} people were evacuated from Riverton.", "2023-06-0" + str(n)))
        for n in (1, 2)
    )
    response = client.post(
        "/v1/articles/batch", content=lines, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 202, response.text
    assert wait_for(client, response.headers["Location"])["finished"] == 2

    jobs_before = client.get("/v1/jobs").json()["count"]
    for body, content_type, status, kind in (
        (b"[]", "application/json", 422, "bad-batch"),
        (b"[1, 2]", "application/json", 422, "bad-batch"),
        (b'{"text": "x"}', "application/json", 422, "bad-batch"),
        (b"[" * 5000 + b"]" * 5000, "application/json", 422, "bad-batch"),
        (b"[{]", "application/json", 422, "bad-batch"),
        (b"<xml/>", "application/xml", 415, "unsupported-media-type"),
    ):
        answer = client.post("/v1/articles/batch", content=body, headers={"Content-Type": content_type})
        assert answer.status_code == status, (body[:20], answer.text)
        assert answer.json()["type"] == f"/problems/{kind}"
    from app.config import get_settings

    monkeypatch.setenv("MAX_BATCH_ARTICLES", "2")
    get_settings.cache_clear()
    try:
        three = [article(f"Text {n}.") for n in range(3)]
        answer = client.post("/v1/articles/batch", json=three)
        assert answer.status_code == 413 and answer.json()["limit_articles"] == 2
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    # nothing half-written: no job was recorded for any refused batch
    assert client.get("/v1/jobs").json()["count"] == jobs_before


def test_jobs_are_listed_and_paged_like_every_list(client: TestClient) -> None:
    for n in range(3):
        sent = client.post(
            "/v1/articles/batch", json=[article(f"Officials said {n + 10} people fled Lakeside.")]
        )
        wait_for(client, sent.headers["Location"])  # no work left running into later tests
    first = client.get("/v1/jobs?limit=2")
    assert first.status_code == 200
    page = first.json()
    assert {"data", "count", "next"} <= set(page) and len(page["data"]) == 2 and page["count"] >= 3
    assert 'rel="next"' in first.headers["Link"]
    rest = client.get(f"/v1/jobs?limit=2&cursor={page['next']}").json()
    ids = [j["id"] for j in page["data"] + rest["data"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert client.get("/v1/jobs/2147483647").status_code == 404


def test_polling_a_job_that_did_not_move_is_a_304(client: TestClient) -> None:
    response = client.post("/v1/articles/batch", json=[article("Officials said 4 people died in Oakdale.")])
    location = response.headers["Location"]
    wait_for(client, location)
    first = client.get(location)
    again = client.get(location, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
