"""Pages of other origins may read the API but not write to it; CORS lets browser clients work.

The Origin rules run through the real app (TestClient); the Chromium tests serve the real
app with `factsapi serve` as `make run` does (loopback writes on, no key) and pages on
other loopback ports, and check the database afterwards.
"""

import html
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app

from .conftest import API_KEY
from .support import CHROMIUM, free_port, settings
from .test_docs_browser import render

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "/v1/articles/2000000000"  # DELETE here is 404 once past the write check, 401/403 before it
LOOPBACK = {"FACTS_API_KEY": None, "ALLOW_LOOPBACK_WRITES": "true", "CORS_ORIGINS": None}
KEYED = {"FACTS_API_KEY": API_KEY, "ALLOW_LOOPBACK_WRITES": None, "CORS_ORIGINS": None}
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it from Debian)"
)


@contextmanager
def app_with(env: dict[str, str | None]) -> Iterator[FastAPI]:
    """A new app built under these settings (CORS is fixed at start-up); settings put back after."""
    with settings(**env):
        yield create_app()


@pytest.mark.parametrize(
    ("env", "origin", "send_key", "expected"),
    [
        (LOOPBACK, None, False, 404),  # curl or a script on this machine: no Origin
        (LOOPBACK, "http://testserver", False, 404),  # the server's own pages (Swagger UI)
        (LOOPBACK, "http://TestServer:80", False, 404),  # the same origin, spelled out
        (LOOPBACK, "https://testserver", False, 403),  # another scheme is another origin
        (LOOPBACK, "http://127.0.0.1:5173", False, 403),  # a dev server on another port
        (LOOPBACK, "http://news-widget.example", False, 403),
        (LOOPBACK, "null", False, 403),  # sandboxed frames and file: pages
        (
            {**LOOPBACK, "CORS_ORIGINS": "http://localhost:5173,http://x.example"},
            "http://localhost:5173",
            False,
            404,
        ),
        (
            {**LOOPBACK, "CORS_ORIGINS": "http://localhost:5173,http://x.example"},
            "http://localhost:5174",
            False,
            403,
        ),
        (KEYED, "http://news-widget.example", True, 404),  # CORS "*": a page holding the key may write
        (KEYED, "http://news-widget.example", False, 401),
        ({**KEYED, "CORS_ORIGINS": "http://app.example"}, "http://app.example", True, 404),
        ({**KEYED, "CORS_ORIGINS": "http://app.example"}, "http://news-widget.example", True, 403),
    ],
)
def test_writes_from_foreign_origins_are_refused(
    client: TestClient, env: dict[str, str | None], origin: str | None, send_key: bool, expected: int
) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"} if send_key else {}
    if origin:
        headers["Origin"] = origin
    with app_with(env) as app:
        response = TestClient(app, client=("127.0.0.1", 5000)).delete(NOWHERE, headers=headers)
    assert response.status_code == expected, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_foreign_post_is_refused_before_anything_is_stored(client: TestClient) -> None:
    before = client.get("/v1/articles").json()["count"]
    body = " date 2024-02-03 Firefighters said a blaze destroyed a barn near Tralee on Friday."
    with app_with(LOOPBACK) as app:
        local = TestClient(app, client=("127.0.0.1", 5000))
        refused = local.post("/v1/articles", content=body, headers={"Origin": "http://127.0.0.1:8081"})
    assert refused.status_code == 403 and "CORS_ORIGINS" in refused.json()["detail"]
    assert client.get("/v1/articles").json()["count"] == before


PREFLIGHT_HEADERS = "authorization, content-type, if-none-match, x-request-id, cache-control"


@pytest.mark.parametrize(
    ("env", "method", "allowed"),
    [
        (LOOPBACK, "GET", True),
        (LOOPBACK, "POST", False),  # no key guards writes: no page of another origin is granted them
        (LOOPBACK, "DELETE", False),
        (KEYED, "GET", True),
        (KEYED, "POST", True),
        (KEYED, "DELETE", True),
    ],
)
def test_cors_grants_writes_only_where_a_key_guards_them(
    client: TestClient, env: dict[str, str | None], method: str, allowed: bool
) -> None:
    with app_with(env) as app:
        preflight = TestClient(app).options(
            "/v1/quotes",
            headers={
                "Origin": "http://localhost:5173",
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": PREFLIGHT_HEADERS,
            },
        )
    assert (preflight.status_code == 200) is allowed, preflight.text
    if allowed:
        granted = {h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")}
        assert {h.strip() for h in PREFLIGHT_HEADERS.split(",")} <= granted


@pytest.mark.parametrize(
    ("cors_origins", "origin", "allow_origin"),
    [
        (None, "http://localhost:5173", "*"),
        ("http://localhost:5173, http://x.example", "http://localhost:5173", "http://localhost:5173"),
        ('["http://localhost:5173", "http://x.example"]', "http://x.example", "http://x.example"),
        ("http://localhost:5173,http://x.example", "http://elsewhere.example", None),
    ],
)
def test_browser_code_may_read_paging_and_cache_headers(
    client: TestClient,
    harbor: dict,
    flood: dict,
    cors_origins: str | None,
    origin: str,
    allow_origin: str | None,
) -> None:
    with app_with({**KEYED, "CORS_ORIGINS": cors_origins}) as app:
        response = TestClient(app).get("/v1/claims", params={"limit": 1}, headers={"Origin": origin})
    assert response.status_code == 200 and "link" in response.headers and "etag" in response.headers
    assert response.headers.get("access-control-allow-origin") == allow_origin
    if allow_origin:
        exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
        assert {"link", "etag", "x-request-id"} <= exposed


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("http://localhost:5173,http://x", ["http://localhost:5173", "http://x"]),
        (" http://localhost:5173/ , HTTPS://App.Example ", ["http://localhost:5173", "https://app.example"]),
        ('["http://localhost:5173", "http://x"]', ["http://localhost:5173", "http://x"]),
        ("*", ["*"]),
        ("", []),
    ],
)
def test_cors_origins_read_as_a_comma_list_or_json(
    monkeypatch: pytest.MonkeyPatch, value: str, origins: list[str]
) -> None:
    monkeypatch.setenv("CORS_ORIGINS", value)
    assert Settings(_env_file=None).cors_origins == origins  # type: ignore[call-arg]


def test_malformed_cors_origins_stop_start_up_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", '["http://localhost:5173"')
    with pytest.raises(ValidationError, match="cors_origins"):
        Settings(_env_file=None)  # type: ignore[call-arg]


# --- in Chromium ---------------------------------------------------------------------------


def stored_ids(client: TestClient) -> list[int]:
    return [a["id"] for a in client.get("/v1/articles", params={"limit": 200}).json()["data"]]


@contextmanager
def api_server(log: Path, **env: str) -> Iterator[str]:
    """`factsapi serve` on the suite's database as `make run` starts it: loopback writes allowed, no key."""
    port = free_port()
    as_make_run = {
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "ALLOW_LOOPBACK_WRITES": "true",
        "FACTS_API_KEY": "",
    }
    server_env = {k: v for k, v in os.environ.items() if k not in ("CORS_ORIGINS", "TEST_DATABASE_URL")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**server_env, **as_make_run, **env},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def page_server(folder: Path) -> Iterator[str]:
    """Static pages on a loopback port of their own: another origin than the API's."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page(script: str) -> str:
    return f"""<!doctype html><html><body><pre id="out">not run</pre><script>
const show = (value) => {{ document.getElementById("out").textContent = JSON.stringify(value); }};
(async () => {{ {script} }})().catch((e) => show({{error: String(e)}}));
</script></body></html>"""


def page_result(dom: str) -> dict:
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found and found.group(1) != "not run", dom[:1000]
    return json.loads(html.unescape(found.group(1)))


ATTACK = """
const api = API;
const attempt = async (init, url = api + "/v1/articles") => {
  try { const r = await fetch(url, init); return r.type === "opaque" ? "sent, answer hidden" : r.status; }
  catch (e) { return "blocked by the browser"; }
};
const text = " date 2024-03-09 Officials said a page from another site stored this.";
show({
  post: await attempt({method: "POST", headers: {"Content-Type": "text/plain"}, body: text}),
  post_no_cors: await attempt({method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: text + " Again."}),
  post_json: await attempt({method: "POST", headers: {"Content-Type": "application/json"},
                            body: JSON.stringify({text: "A page wrote this.", published: "2024-03-09"})}),
  delete: await attempt({method: "DELETE"}, api + "/v1/articles/" + VICTIM),
});
"""


@needs_chromium
def test_a_page_of_another_origin_cannot_write_while_make_run_serves(
    client: TestClient, harbor: dict, tmp_path: Path
) -> None:
    before = stored_ids(client)
    pages = tmp_path / "attacker"
    pages.mkdir()
    log = tmp_path / "server.log"
    with api_server(log) as api, page_server(pages) as site:
        script = ATTACK.replace("API", json.dumps(api)).replace("VICTIM", str(before[0]))
        (pages / "attack.html").write_text(page(script))
        result = page_result(render(f"{site}/attack.html", tmp_path / "chromium"))
    assert stored_ids(client) == before, (result, log.read_text()[-3000:])
    # the text/plain POSTs need no preflight: they reached the server, which refused them
    posts = [r for r in map(access_record, log.read_text().splitlines()) if r and r["method"] == "POST"]
    assert len(posts) >= 2 and {r["status"] for r in posts} == {403}, (result, posts)
    assert result["post"] == 403 and result["post_no_cors"] == "sent, answer hidden", result
    # the JSON POST and the DELETE need a preflight, which grants no write to a page of another origin
    assert result["post_json"] == result["delete"] == "blocked by the browser", result


def access_record(line: str) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "method" in record else None


READER = """
const url = API + "/v1/claims?limit=1";
const first = await fetch(url, {headers: {"X-Request-ID": "page-read-1", "Cache-Control": "no-cache"}});
const body = await first.json();
const etag = first.headers.get("ETag");
const again = await fetch(url, {headers: {"If-None-Match": etag}, cache: "no-store"});
show({status: first.status, count: body.count, link: first.headers.get("Link"), etag: etag,
      request_id: first.headers.get("X-Request-ID"), again: again.status});
"""


@needs_chromium
def test_a_page_of_an_allowed_origin_reads_link_and_etag(
    client: TestClient, harbor: dict, flood: dict, tmp_path: Path
) -> None:
    pages = tmp_path / "frontend"
    pages.mkdir()
    with page_server(pages) as site:
        # a comma-separated list, as a deployer writes it in an env file
        origins = f"http://localhost:5173,{site}"
        with api_server(tmp_path / "server.log", CORS_ORIGINS=origins) as api:
            (pages / "reader.html").write_text(page(READER.replace("API", json.dumps(api))))
            result = page_result(render(f"{site}/reader.html", tmp_path / "chromium"))
    assert result["status"] == 200 and result["count"] >= 2, result
    assert result["link"] and 'rel="next"' in result["link"] and "cursor=" in result["link"], result
    # weak: the data's version and the request (#23 point 6), which a page sends back as it is
    assert re.fullmatch(r'W/"[0-9]+-[0-9a-f]+"', result["etag"] or ""), result
    assert result["request_id"] == "page-read-1", result
    assert result["again"] == 304, result
