"""Values at the edge of their range, through HTTP: an article's answer is 2xx or 4xx, never a 500.

Each article here once answered 500 (#21 point 4 and 5): a count read through a negated
"body" stored the internal category "skip", a publication day at the end of the calendar
overflowed "tomorrow", a 23-digit count overflowed SQLite's integer, a name cursor holding a
lone surrogate reached the database driver.
"""

import base64
import json

import pytest
from fastapi.testclient import TestClient

from app.extract.types import Category

CATEGORIES = {c.value for c in Category}

EDGE_ARTICLES = {
    "a negated body": " date 2023-05-02\nPolice said the suspect's deceased body was not found at the scene.\n",
    "the last day of the calendar": " date 9999-12-31\nThree people were killed in Lyon tomorrow and on Monday, police said.\n",
    "the first day of the calendar": " date 0001-01-01\nThree people were killed in Lyon yesterday and last year, police said.\n",
    "a 23-digit count": " date 2023-05-03\nPolice said 12345678901234567890123 people were killed in Lyon on Monday.\n",
}


@pytest.mark.parametrize("name", EDGE_ARTICLES)
def test_an_edge_article_is_stored_and_served(client: TestClient, name: str) -> None:
    posted = client.post(
        "/v1/articles", content=EDGE_ARTICLES[name].encode(), headers={"Content-Type": "text/plain"}
    )
    assert posted.status_code in (200, 201), posted.text
    facts = client.get(f"/v1/articles/{posted.json()['id']}/facts")
    assert facts.status_code == 200, facts.text
    assert {f["category"] for f in facts.json()["figures"]} <= CATEGORIES
    listed = client.get("/v1/figures", params={"article": posted.json()["id"]})
    assert listed.status_code == 200, listed.text
    assert {f["category"] for f in listed.json()["data"]} <= CATEGORIES
    assert all(abs(f["value"] or 0) < 2**63 for f in listed.json()["data"])


def test_a_name_cursor_holding_a_lone_surrogate_is_a_400(client: TestClient, harbor: dict) -> None:
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
