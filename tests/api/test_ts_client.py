"""A TypeScript client generated from our OpenAPI document type-checks under `tsc --strict`.

examples/ts-client pages a person's quotes as cards with openapi-fetch (`expand=article,speaker`)
and switches on a problem `type`; it only compiles while errors have the Problem schema, ids
are numbers, a quote's `article` and `speaker.roles` are typed and the quote list's 200 is
its JSON page alone. The node packages come from the npm registry,
pinned in its package-lock.json (`.ci/run` installs them).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ts-client"
BIN = EXAMPLE / "node_modules" / ".bin"


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
    shutil.copytree(EXAMPLE / "src", tmp_path / "src", ignore=shutil.ignore_patterns("api.d.ts"))
    shutil.copy(EXAMPLE / "tsconfig.json", tmp_path)
    (tmp_path / "node_modules").symlink_to(EXAMPLE / "node_modules")
    generate = [str(BIN / "openapi-typescript"), "openapi.json", "-o", "src/api.d.ts"]
    subprocess.run(generate, cwd=tmp_path, check=True, timeout=120, capture_output=True)
    return subprocess.run(
        [str(BIN / "tsc"), "-p", "."], cwd=tmp_path, timeout=180, capture_output=True, text=True
    )


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
