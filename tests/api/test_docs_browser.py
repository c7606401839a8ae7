"""The docs pages render their operations in a real browser with no network but this machine."""

import shutil
import socket
import subprocess
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(client: TestClient):  # type: ignore[no-untyped-def]
    """The test app on a real loopback port, for the browser."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(client.app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def render(url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The DOM after scripts ran, from headless Chromium cut off from every network but loopback."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path}",
            "--proxy-server=127.0.0.1:9",  # anything not on loopback fails: a CDN would be noticed
            "--proxy-bypass-list=127.0.0.1",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it from Debian)")
def test_swagger_ui_renders_operations_offline(served: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dom = render(f"{served}/docs", tmp_path / "swagger")
    assert "opblock" in dom, dom[:500]
    for path in ("/v1/quotes", "/v1/claims", "/v1/figures", "/v1/articles"):
        assert path in dom


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it from Debian)")
def test_redoc_renders_operations_offline(served: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dom = render(f"{served}/redoc", tmp_path / "redoc")
    assert "List direct quotes" in dom and "Ingest an article" in dom, dom[:500]
