"""Articles listed by published day, source, a word of the title and the facts they hold, in
id or published order, each with its fact counts (issue #23 point 4)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.test_groups_paging import walk


def every(client: TestClient, **params: Any) -> list[dict]:
    rows, _pages = walk(client, "/v1/articles", {"limit": 500, **params})
    return rows


def test_published_range_source_and_title(client: TestClient, harbor: dict, flood: dict) -> None:
    articles = every(client)
    days = sorted({a["published"] for a in articles})
    assert len(days) > 1
    middle = days[len(days) // 2]
    after = every(client, **{"from": middle})
    assert {a["id"] for a in after} == {a["id"] for a in articles if a["published"] >= middle}
    before = every(client, to=middle)
    assert {a["id"] for a in before} == {a["id"] for a in articles if a["published"] <= middle}
    assert every(client, source=flood["source"]) and all(
        a["source"] == flood["source"] for a in every(client, source=flood["source"])
    )
    # several sources, repeated or as a comma list, match any
    sources = sorted({a["source"] for a in articles if a["source"]})[:2]
    expected = {a["id"] for a in articles if a["source"] in sources}
    assert {a["id"] for a in every(client, source=sources)} == expected
    assert {a["id"] for a in every(client, source=",".join(sources))} == expected
    # a word of the title, from a word's start, in any case
    titled = {a["id"] for a in every(client, title="NORTHERN")}
    assert flood["id"] in titled and harbor["id"] not in titled
    assert flood["id"] not in {a["id"] for a in every(client, title="orthern")}


def test_fact_filters_keep_articles_holding_such_facts(client: TestClient, harbor: dict, flood: dict) -> None:
    quotes = client.get("/v1/quotes", params={"person": "Kovalenko", "limit": 500}).json()["data"]
    assert quotes
    holding = {q["span"]["article_id"] for q in quotes}
    found = every(client, person="Kovalenko")
    assert {a["id"] for a in found} == holding
    for article in found:
        mine = [q for q in quotes if q["span"]["article_id"] == article["id"]]
        assert article["quotes"] == len(mine)  # counted under the filters
    killed = client.get("/v1/figures", params={"category": "killed", "limit": 500}).json()["data"]
    assert {a["id"] for a in every(client, category="killed")} == {f["span"]["article_id"] for f in killed}


def test_every_article_has_its_counts(client: TestClient, harbor: dict) -> None:
    row = next(a for a in every(client) if a["id"] == harbor["id"])
    assert (row["quotes"], row["claims"], row["figures"]) == (
        harbor["counts"]["quotes"],
        harbor["counts"]["claims"],
        harbor["counts"]["figures"],
    )
    one = client.get(f"/v1/articles/{harbor['id']}").json()
    assert "quotes" not in one  # one article keeps its shape


@pytest.mark.parametrize("sort", ["published", "-published", "-id"])
def test_sorted_pages_walk_every_article_once(
    client: TestClient, harbor: dict, flood: dict, sort: str
) -> None:
    rows, pages = walk(client, "/v1/articles", {"limit": 1, "sort": sort})
    assert len(pages) == len(rows) > 1
    key = (lambda a: (a["published"], a["id"])) if "published" in sort else (lambda a: a["id"])
    assert rows == sorted(rows, key=key, reverse=sort.startswith("-"))
    assert {a["id"] for a in rows} == {a["id"] for a in every(client)}


@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"from": "2023-06-01", "to": "2023-01-01"}, 400, "from"),
        ({"title": ["a", "b"]}, 400, "title"),
        ({"from": ["2023-01-01", "2023-02-01"]}, 400, "from"),
        ({"sort": "day"}, 422, "sort"),
        ({"category": "slain"}, 422, "category"),
    ],
)
def test_bad_article_filters(client: TestClient, params: dict, status: int, parameter: str) -> None:
    response = client.get("/v1/articles", params=params)
    assert response.status_code == status, response.text
    assert response.json()["parameter"] == parameter
