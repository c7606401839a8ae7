"""How the app uses its threads: a small pool for reads, one thread of its own for extraction."""

import anyio.to_thread
from fastapi.testclient import TestClient

from app.config import Settings, get_settings


def test_thread_pool_is_sized_by_the_setting(client: TestClient) -> None:
    assert client.portal is not None, "the fixture runs the app's lifespan"
    tokens = client.portal.call(_tokens)
    # THREADS for the plain reads, and HEAVY_THREADS beside them for the heavy ones (app/lanes.py)
    settings = get_settings()
    # anyio's default, 40, only feeds GIL contention
    assert tokens == settings.read_threads + settings.heavy_threads < 40


def test_threads_follow_the_database_unless_set() -> None:
    sqlite, postgres = "sqlite:///./facts.db", "postgresql+psycopg://u@h/db"
    assert Settings(database_url=sqlite, threads=None).read_threads == 1
    assert Settings(database_url=postgres, threads=None).read_threads == 2
    assert Settings(database_url=sqlite, threads=3).read_threads == 3


async def _tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


def test_extraction_has_a_limiter_of_its_own(client: TestClient) -> None:
    limiter = client.app.state.extraction  # type: ignore[attr-defined]
    assert limiter.total_tokens == 1
    assert limiter is not client.portal.call(_default_limiter)  # type: ignore[union-attr]


async def _default_limiter() -> anyio.CapacityLimiter:
    return anyio.to_thread.current_default_thread_limiter()
