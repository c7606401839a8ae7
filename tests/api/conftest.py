"""The real app over a real, migrated SQLite file (or TEST_DATABASE_URL)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.db import get_engine, make_engine
from app.main import create_app
from app.migrate import upgrade
from tests.databases import own_database_url

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA.parent / "corpus"
API_KEY = "test-key-0123456789"


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'api.db'}"
    reset_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["FACTS_API_KEY"] = API_KEY
    get_settings.cache_clear()
    get_engine.cache_clear()
    upgrade(url)
    with TestClient(create_app(), headers={"Authorization": f"Bearer {API_KEY}"}) as test_client:
        yield test_client
    get_engine().dispose()
    get_engine.cache_clear()


def reset_database(url: str) -> None:
    """Start PostgreSQL runs from an empty schema (a SQLite file is new each run)."""
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()


@pytest.fixture(scope="session")
def harbor(client: TestClient) -> dict:
    """A small wire story of our own, ingested once: its POST answer."""
    body = (DATA / "harbor_strike.txt").read_bytes()
    response = client.post("/v1/articles", content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="session")
def flood(client: TestClient) -> dict:
    body = (DATA / "flood_report.json").read_bytes()
    response = client.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 201), response.text
    return response.json()


@contextmanager
def corpus_app(folder: Path, name: str, articles: Path = CORPUS) -> Iterator[TestClient]:
    """The real app over a migrated database of its own (not the session's) holding every
    article of `articles` (tests/corpus/), POSTed as a user would."""
    url = own_database_url(folder, name)
    reset_database(url)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", url)
        env.setenv("FACTS_API_KEY", API_KEY)
        get_settings.cache_clear()
        get_engine.cache_clear()
        upgrade(url)
        try:
            with TestClient(create_app(), headers={"Authorization": f"Bearer {API_KEY}"}) as client:
                for article in sorted(articles.glob("*.txt")):
                    response = client.post(
                        "/v1/articles", content=article.read_bytes(), headers={"Content-Type": "text/plain"}
                    )
                    assert response.status_code == 201, (article.name, response.text)
                yield client
        finally:
            get_engine().dispose()
            get_engine.cache_clear()
            get_settings.cache_clear()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the corpus alone, for a module's tests: the session's articles left out,
    and the corpus left out of theirs."""
    with corpus_app(tmp_path_factory.mktemp("corpus"), "api_corpus") as client:
        yield client


@pytest.fixture(scope="session")
def kyiv(client: TestClient) -> dict:
    """A story naming Zelenskyy, Stoltenberg and Kyiv, with a cease-fire, an e-mail and naïve hopes."""
    body = (DATA / "kyiv_strikes.txt").read_bytes()
    response = client.post("/v1/articles", content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    return response.json()
