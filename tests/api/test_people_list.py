"""People (and organizations) take the fact filters, `sort`, and give counts (issue #23 point 4)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_groups_paging import walk

LISTS = {
    "quotes": ("/v1/quotes", "source"),
    "claims": ("/v1/claims", "source"),
    "figures": ("/v1/figures", "source"),
}


def said(client: TestClient, params: dict[str, Any], kind: str) -> dict[str, Counter[int]]:
    """Each kind of fact under the filters, counted by the person (or organization) who said it."""
    out: dict[str, Counter[int]] = {}
    for name, (path, who) in LISTS.items():
        if name != "figures" and "category" in params:
            out[name] = Counter()
            continue
        facts, _pages = walk(client, path, {**params, "limit": 500})
        out[name] = Counter(f[who]["id"] for f in facts if f[who] and f[who]["kind"] == kind)
    return out


@pytest.mark.parametrize("kind", ["person", "organization"])
@pytest.mark.parametrize("params", [{}, {"place": "Odesa"}, {"category": "killed"}, {"from": "2023-06-01"}])
def test_the_filters_keep_who_said_and_the_counts_count_it(
    client: TestClient, harbor: dict, flood: dict, kind: str, params: dict[str, Any]
) -> None:
    path = "/v1/people" if kind == "person" else "/v1/organizations"
    rows, _pages = walk(client, path, {**params, "limit": 500})
    expected = said(client, params, kind)
    for row in rows:
        assert {k: row[k] for k in LISTS} == {k: expected[k][row["id"]] for k in LISTS}, row
    if params:  # only those who said or reported a fact the filters keep
        speakers = set().union(*(set(c) for c in expected.values()))
        assert {r["id"] for r in rows} == speakers


def test_people_sort_by_name_and_walk_once(client: TestClient, harbor: dict, flood: dict) -> None:
    rows, pages = walk(client, "/v1/people", {"limit": 1, "sort": "-name"})
    assert len(rows) == len(pages) > 1
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), reverse=True)
    assert client.get("/v1/people", params={"sort": "day"}).json()["parameter"] == "sort"
    assert client.get("/v1/people", params={"place": ["Odesa", "Bologna"]}).status_code == 200  # several
    assert client.get("/v1/people", params={"from": ["2023-01-01", "2023-02-01"]}).status_code == 400
    assert client.get("/v1/people/Kovalenko").json().get("quotes") is None  # one person keeps its shape


@pytest.mark.parametrize("path", ["/v1/people", "/v1/organizations"])
def test_the_day_filter_takes_its_old_name_too(
    client: TestClient, harbor: dict, flood: dict, path: str
) -> None:
    """`day` as the fact lists name it; `date` (its name before the vocabulary) still taken, deprecated."""
    days = [d["day"] for d in client.get("/v1/timeline").json()["data"]]
    # a day someone of the list said something on
    day, rows = next((d, r) for d in days if (r := walk(client, path, {"day": d, "limit": 500})[0]))
    old, _pages = walk(client, path, {"date": day, "limit": 500})
    assert rows == old
    expected = said(client, {"day": day}, "person" if path == "/v1/people" else "organization")
    assert {r["id"] for r in rows} == set().union(*(set(c) for c in expected.values()))
    listed = client.app.openapi()["paths"][path]["get"]["parameters"]  # type: ignore[attr-defined]
    assert {p["name"]: p.get("deprecated", False) for p in listed if p["name"] in ("day", "date")} == {
        "day": False,
        "date": True,
    }
