"""A 500 is logged once, with its request id, when the app runs under uvicorn as in production.

Starlette re-raises an error after our handler has answered the 500, and uvicorn then logs
its own traceback without a request id; the operator saw every failure twice.
"""

import logging
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app


class Broken(RuntimeError):
    """The failure of a route that has a bug."""


@pytest.fixture
def served(client: TestClient) -> Iterator[str]:
    """The real app, plus one route with a bug, on a uvicorn server of its own."""
    app: FastAPI = create_app()

    @app.get("/v1/broken", include_in_schema=False)
    def broken() -> None:
        raise Broken("a bug")

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_500_is_logged_once_with_its_request_id(served: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        response = httpx.get(f"{served}/v1/broken", headers={"X-Request-ID": "trace-500"})
        time.sleep(0.2)  # uvicorn logs after the response is sent
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "a bug" not in response.text and "Traceback" not in response.text
    tracebacks = [r for r in caplog.records if r.exc_info and isinstance(r.exc_info[1], Broken)]
    assert len(tracebacks) == 1, [(r.name, r.getMessage()) for r in tracebacks]
    assert "request_id=trace-500" in tracebacks[0].getMessage()
