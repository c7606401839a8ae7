"""A TypeScript client generated from our OpenAPI document type-checks under `tsc --strict`,
and runs: `npm start` pages quote cards from a real `factsapi serve` over the seed.

examples/ts-client pages quotes as cards with openapi-fetch (`expand=article,source`) and
switches on a problem `type`; it only compiles while errors have the Problem schema, ids
are numbers, a quote's `article`, `source.roles` and `day` are typed and the quote list's 200
is its JSON page alone. The node packages come from the npm registry, pinned in its
package-lock.json (`.ci/run` installs them); without node, npm or the packages the tests skip
and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from .support import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ts-client"
BIN = EXAMPLE / "node_modules" / ".bin"
FACTSAPI = [sys.executable, "-m", "app.cli"]


def installed() -> str | None:
    """Why the check cannot run here, or None when it can."""
    if not shutil.which("node") or not shutil.which("npm"):
        return "node and npm are not installed"
    if not (BIN / "tsc").exists():
        try:
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=EXAMPLE, check=True, timeout=300)
        except (subprocess.SubprocessError, OSError) as exc:
            return f"npm ci in examples/ts-client failed: {exc}"
    return None


def typecheck(document: dict, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Generate types from `document` beside a copy of the example, and run `tsc --strict` on it."""
    reason = installed()
    if reason:
        pytest.skip(reason)
    (tmp_path / "openapi.json").write_text(json.dumps(document))
    copy_example(tmp_path)
    generate = [str(BIN / "openapi-typescript"), "openapi.json", "-o", "src/api.d.ts"]
    subprocess.run(generate, cwd=tmp_path, check=True, timeout=120, capture_output=True)
    return subprocess.run(
        [str(BIN / "tsc"), "-p", ".", "--noEmit"], cwd=tmp_path, timeout=180, capture_output=True, text=True
    )


def copy_example(to: Path) -> None:
    """The example's own files beside its installed packages: none of its generated ones."""
    shutil.copytree(EXAMPLE / "src", to / "src", ignore=shutil.ignore_patterns("api.d.ts"))
    for name in ("tsconfig.json", "package.json"):
        shutil.copy(EXAMPLE / name, to)
    (to / "node_modules").symlink_to(EXAMPLE / "node_modules")


def test_the_example_client_type_checks_against_the_generated_types(
    client: TestClient, tmp_path: Path
) -> None:
    checked = typecheck(client.get("/openapi.json").json(), tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_check_fails_on_an_untyped_error(client: TestClient, tmp_path: Path) -> None:
    """The same client against a document whose errors have an empty schema: tsc refuses it."""
    document = client.get("/openapi.json").json()
    for operations in document["paths"].values():
        for operation in operations.values():
            for response in operation["responses"].values():
                if "application/problem+json" in response.get("content", {}):
                    response["content"]["application/problem+json"] = {}
    checked = typecheck(document, tmp_path)
    assert checked.returncode != 0 and "quotes.ts" in checked.stdout


def test_the_check_fails_when_the_list_shares_its_200_with_csv(client: TestClient, tmp_path: Path) -> None:
    """The same client against a document whose quote list documents text/csv beside its page
    (`Page | string`): tsc refuses `data.data`."""
    document = client.get("/openapi.json").json()
    ok = document["paths"]["/v1/quotes"]["get"]["responses"]["200"]
    ok["content"]["text/csv"] = {"schema": {"type": "string"}}
    checked = typecheck(document, tmp_path)
    assert checked.returncode != 0 and "quotes.ts" in checked.stdout


@contextmanager
def seed_server(folder: Path) -> Iterator[str]:
    """`factsapi serve` over a database of the seed, as `make run` makes it: its base URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "FACTS_API_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'seed.db'}"
    for step in (["migrate"], ["ingest", str(ROOT / "seeds")]):
        subprocess.run([*FACTSAPI, *step], env=env, cwd=ROOT, check=True, timeout=300, capture_output=True)
    port = free_port()
    log = folder / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*FACTSAPI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def npm_start(folder: Path, base: str, *args: str, limit: int) -> subprocess.CompletedProcess[str]:
    """`npm start` in a copy of the example: types generated from the server's document, compiled, run."""
    env = {**os.environ, "FACTSAPI_URL": base, "FACTSAPI_LIMIT": str(limit)}
    return subprocess.run(
        ["npm", "start", "--silent", "--", *args],
        cwd=folder,
        env=env,
        timeout=300,
        capture_output=True,
        text=True,
    )


def test_npm_start_pages_quote_cards_from_a_running_server(tmp_path: Path) -> None:
    reason = installed()
    if reason:
        pytest.skip(reason)
    example = tmp_path / "example"
    example.mkdir()
    copy_example(example)
    with seed_server(tmp_path) as base:
        count = httpx.get(f"{base}/v1/quotes", params={"person": "Stoltenberg"}).json()["count"]
        assert count >= 2  # pages of one card: more than one page
        run = npm_start(example, base, "Stoltenberg", limit=1)
        assert run.returncode == 0, run.stdout + run.stderr
        assert f"{count} quotes in {count} pages" in run.stdout, run.stdout
        assert "Russia has repeatedly lied about its intentions" in run.stdout
        assert "Jens Stoltenberg (NATO Secretary-General)" in run.stdout
        misspelt = npm_start(example, base, "Stoltenburg", limit=100)
    assert misspelt.returncode == 2 and "did you mean Jens Stoltenberg" in misspelt.stderr, misspelt.stderr
