"""The docs pages render their operations in a real browser with no network but this machine."""

import subprocess
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from .support import CHROMIUM, offline_chromium
from .support import served as serve


@pytest.fixture
def served(client: TestClient) -> Iterator[str]:
    """The test app on a real loopback port, for the browser."""
    with serve(client.app) as url:
        yield url


def render(url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The DOM after scripts ran, from headless Chromium cut off from every network but loopback."""
    result = subprocess.run(
        [
            *offline_chromium(tmp_path),
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
