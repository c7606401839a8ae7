"""The explorer's page weight and first render, beside Swagger UI at /docs on the same server.

    python -m bench.explorer [--articles N] [--rounds R]

Ingests a synthetic corpus, serves it, and loads /explore and /docs in headless Chromium
(a fresh profile and no cache each round, every non-loopback host unreachable), driven
over the DevTools protocol on a pipe (no websocket library needed). Reported: bytes
transferred (headers and bodies as sent, gzip where the server gzips) for the page's own
assets and for its API calls; milliseconds from navigation to the map drawn (the page's
`map-drawn` mark) and to every pane drawn (`explorer-ready`), and to Swagger UI's first
operation on screen. Skips with a message when Chromium is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from . import corpus
from .ingest import cli_ingest
from .serve import factsapi

PORT = 8103
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MAP_DRAWN = "performance.getEntriesByName('map-drawn')[0]?.startTime"
READY = "performance.getEntriesByName('explorer-ready')[0]?.startTime"
# Swagger UI has no marks of its own: the first operation in the DOM, seen by polling
DOCS_DRAWN = "document.querySelector('.opblock') ? performance.now() : undefined"


class Browser:
    """Headless Chromium spoken to over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path) -> None:
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()

        def pipes_as_3_and_4() -> None:
            a, b = os.dup(to_browser), os.dup(from_browser)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=127.0.0.1",
                "--remote-debugging-pipe",
                "--window-size=1280,900",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=pipes_as_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._answers, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message and message["id"] in self._replies:
                        self._replies[message["id"]].put(message)
                    elif "method" in message:
                        self.events.append(message)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer."""
        self._next_id += 1
        reply: queue.Queue = queue.Queue()
        self._replies[self._next_id] = reply
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        answer = reply.get(timeout=60)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 120) -> float:
        """Poll until `expression` is a number; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if isinstance(value, int | float):
                return float(value)
            time.sleep(0.02)
        raise TimeoutError(expression)

    def bytes_by_path(self) -> dict[str, int]:
        """Bytes received per URL path (headers and bodies as sent), from the network events."""
        urls = {
            e["params"]["requestId"]: e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        }
        out: dict[str, int] = {}
        for e in self.events:
            if e["method"] == "Network.loadingFinished":
                url = urls.get(e["params"]["requestId"], "?")
                path = url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
                out["/" + path] = out.get("/" + path, 0) + int(e["params"]["encodedDataLength"])
        return out

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._commands)


def visit(url: str, drawn: str, profile: Path, after: str | None = None) -> dict[str, Any]:
    """Load `url` in a fresh browser; time `drawn` (and `after`), and count the bytes."""
    browser = Browser(profile)
    try:
        browser.call("Network.enable", session=True)
        browser.call("Network.setCacheDisabled", session=True, cacheDisabled=True)
        browser.call("Page.navigate", session=True, url=url)
        first = browser.wait_for(drawn)
        last = browser.wait_for(after) if after else first
        time.sleep(0.5)  # requests the page makes after its last mark (names, titles) land in the count
        errors = browser.evaluate("document.documentElement.dataset.errors || '0'")
        by_path = browser.bytes_by_path()
        api_calls = sum(
            1
            for e in browser.events
            if e["method"] == "Network.requestWillBeSent" and "/v1/" in e["params"]["request"]["url"]
        )
    finally:
        browser.close()
    return {
        "drawn_ms": round(first),
        "ready_ms": round(last),
        "bytes": by_path,
        "api_calls": api_calls,
        "errors": int(errors),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        print("bench.explorer: skipped, chromium is not installed (Debian package `chromium`)")
        return {"skipped": "chromium is not installed"}
    work = Path(tempfile.mkdtemp(prefix="factsapi-explorer-"))
    try:
        db = work / "bench.db"
        articles = corpus.build(work / "articles", args.articles)
        cli_ingest(articles[0].parent, db, jobs=2)
        explorer, docs = [], []
        with factsapi(db, PORT):
            base = f"http://127.0.0.1:{PORT}"
            for i in range(args.rounds):  # alternate, so drift on a shared machine hits both
                explorer.append(visit(f"{base}/explore/", MAP_DRAWN, work / f"e{i}", after=READY))
                docs.append(visit(f"{base}/docs", DOCS_DRAWN, work / f"d{i}"))
        report = summary(args.articles, explorer, docs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=1))
    return report


def summary(articles: int, explorer: list[dict], docs: list[dict]) -> dict[str, Any]:
    """Medians over the rounds, and the explorer's bytes split into its assets and its API calls."""
    weights = explorer[-1]["bytes"]
    assets = sum(n for path, n in weights.items() if not path.startswith("/v1/"))
    api = sum(n for path, n in weights.items() if path.startswith("/v1/"))
    docs_bytes = sum(docs[-1]["bytes"].values())
    map_ms = statistics.median(r["drawn_ms"] for r in explorer)
    docs_ms = statistics.median(r["drawn_ms"] for r in docs)
    return {
        "synthetic": True,
        "articles": articles,
        "explorer": {
            "asset_bytes": assets,
            "api_bytes": api,
            "api_requests": explorer[-1]["api_calls"],
            "map_drawn_ms_median": map_ms,
            "all_panes_ms_median": statistics.median(r["ready_ms"] for r in explorer),
            "page_errors": max(r["errors"] for r in explorer),
            "largest": sorted(weights.items(), key=lambda kv: -kv[1])[:5],
        },
        "docs": {"bytes": docs_bytes, "first_operation_ms_median": docs_ms},
        "asset_bytes_over_docs": round(assets / max(docs_bytes, 1), 3),
        "map_ms_over_docs_ms": round(map_ms / max(docs_ms, 1), 2),
    }


if __name__ == "__main__":
    main()
