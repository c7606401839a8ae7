"""What the server answers outside the app's routes is problem+json too: at shutdown, and to a request it cannot parse.

Each test runs a real server on a loopback port and reads its answer off the socket.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from app.main import create_app
from app.migrate import upgrade
from app.serving import BoundedHttpToolsProtocol

FACTSAPI = [sys.executable, "-m", "app.cli"]
KEY = "k" * 24
PROBLEMS = "/problems/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def exchange(port: int, raw: bytes, timeout: float = 120) -> tuple[str, dict[str, str], bytes]:
    """Send raw bytes, read until the server closes: status line, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return status, headers, body


def post(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        f"Authorization: Bearer {KEY}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def slow_article() -> bytes:
    """An article that takes tens of seconds to extract: still running when SIGTERM comes."""
    para = "Officials said {n} people were hurt when a blast hit a market in Odesa on Tuesday, police said."
    text = "\n\n".join(para.format(n=i % 90 + 2) for i in range(400 * 1000 // len(para)))
    return f" date 2024-05-02 {text}".encode()


def test_a_request_cut_short_by_sigterm_is_a_503_problem(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'facts.db'}"
    upgrade(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "FACTS_API_KEY": KEY, "EXTRACTION_TIMEOUT": "600"}
    server = subprocess.Popen(
        [*FACTSAPI, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:  # up, with its model loaded: a small article is extracted
            try:
                small = b" date 2024-05-01 Police said two men were arrested in Cork on Monday."
                if exchange(port, post("/v1/articles", small))[0].split()[1] == "201":
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the server should start"
            time.sleep(0.5)
        answer: list[tuple[str, dict[str, str], bytes]] = []
        sender = threading.Thread(
            target=lambda: answer.append(exchange(port, post("/v1/articles", slow_article())))
        )
        sender.start()
        time.sleep(3)  # the article is being extracted
        server.send_signal(signal.SIGTERM)
        sender.join(timeout=60)
        server.wait(timeout=30)
    finally:
        server.kill()
        server.wait()
    assert answer, "the server answered before it went"
    status, headers, body = answer[0]
    assert status.split()[1] == "503", (status, body)
    assert headers["content-type"].startswith("application/problem+json"), headers
    problem = json.loads(body)
    assert problem["type"] == PROBLEMS + "unavailable" and "shutting down" in problem["detail"]
    assert headers["x-request-id"]


@contextmanager
def served(**options: object) -> Iterator[int]:
    """The app under uvicorn, configured as `factsapi serve` configures it: its port."""
    port = free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="critical", **options)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server should start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


MALFORMED = [
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n",
    b"GET /\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"NONSENSE\r\n\r\n",
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_a_request_uvicorn_cannot_parse_is_a_400_problem(raw: bytes) -> None:
    with served(http=BoundedHttpToolsProtocol) as port:
        status, headers, body = exchange(port, raw, timeout=10)
        # and the server goes on serving
        ok = exchange(
            port, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout=10
        )
    assert status.split()[1] == "400", (status, body)
    assert headers["content-type"] == "application/problem+json", headers
    assert int(headers["content-length"]) == len(body)
    problem = json.loads(body)
    assert problem["type"] == PROBLEMS + "malformed-request" and problem["status"] == 400
    assert ok[0].split()[1] == "200"


def test_uvicorn_alone_answers_it_as_text() -> None:
    """Why the protocol class: without it, uvicorn's own 400 is text/plain (the app never sees the request)."""
    with served() as port:
        _status, headers, _body = exchange(port, MALFORMED[0], timeout=10)
    assert headers["content-type"].startswith("text/plain")
