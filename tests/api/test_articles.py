"""POST and GET of articles through the real app."""

from fastapi.testclient import TestClient

from .conftest import DATA

FACT_KEYS = {"article", "people", "places", "organizations", "quotes", "claims", "figures", "dates"}


def test_post_text_creates_then_finds_existing(client: TestClient, harbor: dict) -> None:
    assert harbor["counts"]["quotes"] >= 1
    again = client.post("/v1/articles", content=(DATA / "harbor_strike.txt").read_bytes())
    assert again.status_code == 200
    assert again.json()["id"] == harbor["id"]
    assert again.json()["created"] is False


def test_post_json(flood: dict) -> None:
    assert flood["title"] == "Floods hit northern Italy"
    assert flood["published"] == "2023-05-18"


def test_get_article_and_facts(client: TestClient, harbor: dict) -> None:
    article = client.get(f"/v1/articles/{harbor['id']}").json()
    assert article["authors"] == ["Ivanova"]
    facts = client.get(f"/v1/articles/{harbor['id']}/facts").json()
    assert set(facts) == FACT_KEYS
    assert facts["article"]["id"] == harbor["id"]
    assert any(p["name"] == "Maria Kovalenko" for p in facts["people"])
    assert not any(p["name"] == "Jane Doe" for p in facts["people"]), "a photo credit is not a person"
    quote = facts["quotes"][0]
    span = quote["span"]
    full = client.get(f"/v1/articles/{harbor['id']}", params={"include": "text"}).json()
    assert span["article_id"] == harbor["id"]
    assert full["text"][span["start"] : span["end"]] == quote["text"], "a fact's span highlights its words"
    kinds = [s["kind"] for s in full["segments"]]
    assert "caption" in kinds and "byline" in kinds
    caption = next(s for s in full["segments"] if s["kind"] == "caption")
    assert caption["credit"] == "Jane Doe" and caption["date"] == "2023-06-14"
    assert "text" not in article or article["text"] is None


def test_list_articles_pages_with_cursor(client: TestClient, harbor: dict, flood: dict) -> None:
    first = client.get("/v1/articles", params={"limit": 1}).json()
    assert first["count"] >= 2 and len(first["data"]) == 1 and first["next"]
    second = client.get("/v1/articles", params={"limit": 1, "cursor": first["next"]}).json()
    assert second["data"][0]["id"] != first["data"][0]["id"]


def test_unknown_article_is_problem_json(client: TestClient) -> None:
    response = client.get("/v1/articles/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 404 and "999999" in body["detail"]


def test_bad_bodies_are_4xx_and_store_nothing(client: TestClient, harbor: dict) -> None:
    before = client.get("/v1/articles").json()["count"]
    cases = [
        (b"", "text/plain", 422),
        (b" date 2022-13-45 Text.", "text/plain", 422),
        (b'{"text": "x"}', "application/json", 422),
        (b"\xff\xfe\x00\x01", "text/plain", 422),
        (b"<xml/>", "application/xml", 415),
        (b" date 2022-01-01 " + b"a" * (1_048_577), "text/plain", 413),
    ]
    for body, content_type, status in cases:
        response = client.post("/v1/articles", content=body, headers={"Content-Type": content_type})
        assert response.status_code == status, (body[:30], response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
    assert client.get("/v1/articles").json()["count"] == before


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json()["status"] == "ready"


def test_unmigrated_or_missing_database_is_503_ready_and_500_problem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database without our schema: readiness says so, queries fail as problem+json, no trace."""
    import os

    from app.config import get_settings
    from app.db import get_engine
    from app.main import create_app

    saved = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.db'}"
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        with TestClient(create_app(), raise_server_exceptions=False) as bare:
            assert bare.get("/ready").status_code == 503
            broken = bare.get("/v1/claims")
            assert broken.status_code == 500
            assert broken.headers["content-type"].startswith("application/problem+json")
            assert "Traceback" not in broken.text and "sqlalchemy" not in broken.text.lower()
    finally:
        get_engine().dispose()
        os.environ["DATABASE_URL"] = saved
        get_settings.cache_clear()
        get_engine.cache_clear()
