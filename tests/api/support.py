"""What several API tests need: settings changed for a while, and the app on a real port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from app.config import get_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def offline_chromium(profile: object) -> list[str]:
    """Headless Chromium's command line, cut off from every network but loopback."""
    return [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--proxy-server=127.0.0.1:9",  # anything not on loopback fails: a CDN would be noticed
        "--proxy-bypass-list=127.0.0.1",
    ]


@contextmanager
def settings(**env: str | None) -> Iterator[None]:
    """Run with some settings changed (None unsets one), then put them back."""
    saved = {k: os.environ.get(k) for k in env}
    _set(env)
    get_settings.cache_clear()
    try:
        yield
    finally:
        _set(saved)
        get_settings.cache_clear()


def _set(env: dict[str, str | None]) -> None:
    for k, v in env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(app: ASGIApp) -> Iterator[str]:
    """The app on a real loopback port (for a browser or a raw client): its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
