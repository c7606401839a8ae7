"""Search as you type: word prefixes in `q`, highlighted offsets, name autocomplete."""

import pytest
from fastapi.testclient import TestClient

from app.queries.search import highlight

ARTICLE = """ date 2024-02-05 Energy minister Peter Hazelton said that nuclear inspectors would visit the plant next week.

"Nobody was hurt during the blackout," Hazelton told reporters on Monday.

Plant director Olena Zelenko said the cooling pumps restarted within hours.

"Our engineers restored the reactor cooling before dawn," Zelenko said.
"""


@pytest.fixture(scope="module")
def power_cut(client: TestClient) -> dict:
    response = client.post("/v1/articles", content=ARTICLE.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.mark.parametrize(
    ("path", "q", "expected"),
    [
        ("/v1/claims", "nucl", "nuclear inspectors"),
        ("/v1/claims", "NUCL insp", "nuclear inspectors"),
        ("/v1/quotes", "reac", "restored the reactor"),
        ("/v1/quotes", "blackou", "during the blackout"),
        ("/v1/facts", "engin rest", "restored the reactor"),
    ],
)
def test_a_word_prefix_finds_the_fact(
    client: TestClient, power_cut: dict, path: str, q: str, expected: str
) -> None:
    texts = [f["text"] for f in client.get(path, params={"q": q}).json()["data"]]
    assert any(expected in t for t in texts), texts


@pytest.mark.parametrize("q", ["nuclx", "inspectorsz", "reactor nobody"])
def test_a_prefix_of_no_word_finds_nothing(client: TestClient, power_cut: dict, q: str) -> None:
    body = client.get("/v1/facts", params={"q": q, "kind": ["quote", "claim"]}).json()
    assert body["count"] == 0 and body["data"] == []


@pytest.mark.parametrize("q", ['nucl*"', "nucl:* & !insp", "(nucl) | insp:*", "nucl_insp", "'nucl' -- insp"])
def test_query_syntax_is_reduced_to_words(client: TestClient, power_cut: dict, q: str) -> None:
    response = client.get("/v1/claims", params={"q": q})
    assert response.status_code == 200, response.text
    assert any("nuclear" in f["text"] for f in response.json()["data"])


def test_each_fact_of_a_search_carries_its_matched_words(client: TestClient, power_cut: dict) -> None:
    for path in ("/v1/quotes", "/v1/facts"):
        data = client.get(path, params={"q": "reac cool"}).json()["data"]
        assert data
        for fact in data:
            words = {fact["text"][start:end].lower() for start, end in fact["highlight"]}
            assert words and all(w.startswith(("reac", "cool")) for w in words), fact
    plain = client.get("/v1/quotes").json()["data"]
    assert plain and all(f.get("highlight") is None for f in plain)


@pytest.mark.parametrize(
    ("text", "q", "expected"),
    [
        ("Nuclear talks, nuclear-armed states", "nucl", [[0, 7], [15, 22]]),
        ("The Zürich office", "zur", [[4, 10]]),
        ("Flood waters rose", "wat ros", [[6, 12], [13, 17]]),
        ("Flood waters rose", "aters", []),
        ("Shares fell 4%", "4", [[12, 13]]),
    ],
)
def test_highlight_offsets(text: str, q: str, expected: list[list[int]]) -> None:
    assert highlight(text, q) == expected


def test_names_autocomplete_word_starts_first(client: TestClient, power_cut: dict) -> None:
    people = client.get("/v1/people", params={"q": "zel"}).json()["data"]
    ids = {p["name"]: p["id"] for p in people}
    assert "Olena Zelenko" in ids and "Peter Hazelton" in ids, ids
    # Hazelton is named first, so id order alone would list him first
    assert ids["Peter Hazelton"] < ids["Olena Zelenko"]
    assert list(ids).index("Olena Zelenko") < list(ids).index("Peter Hazelton")


def test_autocomplete_pages_keep_the_order(client: TestClient, power_cut: dict) -> None:
    whole = client.get("/v1/people", params={"q": "e", "limit": 100}).json()
    seen, cursor = [], None
    while True:
        params = {"q": "e", "limit": 1} | ({"cursor": cursor} if cursor else {})
        body = client.get("/v1/people", params=params).json()
        assert body["count"] == whole["count"]
        seen += [p["id"] for p in body["data"]]
        if not (cursor := body["next"]):
            break
    assert seen == [p["id"] for p in whole["data"]]
    assert len(seen) == whole["count"] > 1


def test_an_id_cursor_does_not_continue_a_name_search(client: TestClient, power_cut: dict) -> None:
    first = client.get("/v1/people", params={"limit": 1}).json()
    assert first["next"]
    response = client.get("/v1/people", params={"q": "e", "limit": 1, "cursor": first["next"]})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("during", "during the blackout"),  # a stop word to PostgreSQL's English configuration
        ("before dawn", "before dawn"),  # two of them
        ("restored", "restored the reactor"),  # no stemming: not found as "restor" alone
    ],
)
def test_every_word_is_searchable_on_every_database(
    client: TestClient, power_cut: dict, q: str, expected: str
) -> None:
    """Words English full-text search drops or stems are found as SQLite's FTS5 finds them."""
    found = client.get("/v1/quotes", params={"q": q}).json()["data"]
    assert [f for f in found if expected in f["text"]], found
