"""Every `curl` example in the README runs against the seed and answers something (#23 point 8).

A newcomer copies these first: an example that is a 404 on the seed, or an empty page,
teaches them the API is broken. Each is parsed out of README.md and sent to the real app
over a database holding seeds/, as `make run` serves it.
"""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import corpus_app

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CURL = re.compile(r"curl [^`\n#]*")


def readme_examples() -> list[str]:
    found = {m.group(0).split(" > ")[0].strip() for m in CURL.finditer((ROOT / "README.md").read_text())}
    return sorted(found)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with corpus_app(tmp_path_factory.mktemp("readme"), "readme", articles=SEEDS) as client:
        yield client


def test_the_readme_has_examples() -> None:
    assert len(readme_examples()) >= 15


@pytest.mark.parametrize("example", readme_examples())
def test_a_readme_example_answers_on_the_seed(seeded: TestClient, example: str) -> None:
    words = shlex.split(example)[1:]
    headers: dict[str, str] = {}
    body: bytes | None = None
    url = ""
    while words:
        word = words.pop(0)
        if word == "-H":
            name, _, value = words.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "--data-binary":
            body = (ROOT / words.pop(0).lstrip("@")).read_bytes()
        else:
            url = word
    parts = urlsplit("http://" + url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if body is not None:
        response = seeded.post(target, content=body, headers=headers)
        # a job (Prefer: respond-async, or a batch) is a 202 that names where to follow it
        queued = headers.get("Prefer") == "respond-async" or target.endswith("/batch")
        assert response.status_code in ((202,) if queued else (200, 201)), (example, response.text)
        if queued:  # followed to its end, as its reader would, so no work runs on into later tests
            deadline = time.monotonic() + 120
            while (job := seeded.get(response.headers["Location"]).json())["status"] in ("queued", "running"):
                assert time.monotonic() < deadline, (example, job)
                time.sleep(0.2)
            assert job["status"] == "done", (example, job)
        return
    response = seeded.get(target, headers=headers)
    assert response.status_code == 200, (example, response.text[:300])
    kind = response.headers["content-type"]
    if kind.startswith("text/csv"):
        assert len(response.text.strip().splitlines()) >= 2, (example, "a header and no rows")
    elif kind.startswith(("application/json", "application/geo+json")):
        page = response.json()
        rows = page.get("data", page.get("features")) if isinstance(page, dict) else page
        assert rows != [], (example, "an empty answer")
