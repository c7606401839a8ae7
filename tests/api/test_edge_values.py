"""Values at the edge of their range, through HTTP: an article's answer is 2xx or 4xx, never a 500.

Each article here once answered 500 (#21 point 4 and 5): a count read through a negated
"body" stored the internal category "skip", a publication day at the end of the calendar
overflowed "tomorrow", a 23-digit count overflowed SQLite's integer, a name cursor holding a
lone surrogate reached the database driver.
"""

import base64
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.extract.types import Category
from tests.api.conftest import DATA, corpus_app

CATEGORIES = {c.value for c in Category}

EDGE_ARTICLES = {
    "a negated body": " date 2023-05-02\nPolice said the suspect's deceased body was not found at the scene.\n",
    "the last day of the calendar": " date 9999-12-31\nThree people were killed in Lyon tomorrow and on Monday, police said.\n",
    "the first day of the calendar": " date 0001-01-01\nThree people were killed in Lyon yesterday and last year, police said.\n",
    "a 23-digit count": " date 2023-05-03\nPolice said 12345678901234567890123 people were killed in Lyon on Monday.\n",
}


@pytest.fixture(scope="module")
def edge(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real app over a database of its own holding the edge articles, each POSTed (a 201 each).

    Not the session's database: a story of 0001-01-01 would be in every other test's lists.
    The session's client is made first, so that this one's settings are undone back to it.
    """
    folder = tmp_path_factory.mktemp("edge")
    for i, text in enumerate(EDGE_ARTICLES.values()):
        (folder / f"{i}.txt").write_text(text)
    (folder / "harbor.txt").write_bytes((DATA / "harbor_strike.txt").read_bytes())  # places to page through
    with corpus_app(folder, "edge", articles=folder) as client:
        yield client


@pytest.mark.parametrize("name", EDGE_ARTICLES)
def test_an_edge_article_is_stored_and_served(edge: TestClient, name: str) -> None:
    published = EDGE_ARTICLES[name].split()[1]
    articles = edge.get("/v1/articles", params={"limit": 100}).json()["data"]
    (article,) = [a for a in articles if a["published"] == published]
    facts = edge.get(f"/v1/articles/{article['id']}/facts")
    assert facts.status_code == 200, facts.text
    assert {f["category"] for f in facts.json()["figures"]} <= CATEGORIES
    listed = edge.get("/v1/figures", params={"article": article["id"]})
    assert listed.status_code == 200, listed.text
    assert {f["category"] for f in listed.json()["data"]} <= CATEGORIES
    assert all(abs(f["value"] or 0) < 2**63 for f in listed.json()["data"])


def test_a_name_cursor_holding_a_lone_surrogate_is_a_400(edge: TestClient) -> None:
    client = edge
    first = client.get("/v1/places", params={"sort": "name", "limit": 1})
    assert first.status_code == 200 and first.json()["next"], first.text
    cursor = first.json()["next"]
    raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    names = [k for k, v in raw.items() if isinstance(v, str) and k not in ("s", "l")]
    assert names, raw
    text = json.dumps(raw).replace(json.dumps(raw[names[0]]), '"\\ud800"')
    forged = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    response = client.get("/v1/places", params={"sort": "name", "cursor": forged})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
