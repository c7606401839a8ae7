"""`q=` finds a word however news writes it: closed, hyphenated or open compounds, with or
without accents, and names by another spelling the database knows (on SQLite and PostgreSQL)."""

import pytest
from fastapi.testclient import TestClient

from app.queries.search import Search, highlight, splits


def texts(client: TestClient, path: str, q: str) -> list[str]:
    response = client.get(path, params={"q": q})
    assert response.status_code == 200, response.text
    return [f["text"] for f in response.json()["data"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ceasefire", "A cease-fire is not on the table"),  # closed finds hyphenated
        ("cease fire", "A cease-fire is not on the table"),
        ("cease-fire", "A cease-fire is not on the table"),
        (
            "ceasefir",
            "A cease-fire is not on the table",
        ),  # still as you type, once three letters of the half are in
        ("email", "sent an e-mail"),
        ("e-mail embassy", "sent an e-mail"),
        ("naive", "the naïve hopes"),  # accents: PostgreSQL's index reads the text without them
        ("NAÏVE", "the naïve hopes"),
        ("kiev", "struck Kyiv overnight"),  # a spelling of a stored place
        ("Zelenskiy", "Zelenskyy would travel"),  # ... of a stored person
        ("zelensky brussels", "Zelenskyy would travel"),
    ],
)
def test_a_variant_finds_the_fact(client: TestClient, kyiv: dict, q: str, expected: str) -> None:
    assert any(expected in t for t in texts(client, "/v1/claims", q)), q
    assert any(expected in t for t in texts(client, "/v1/facts", q)), q


def test_a_closed_compound_in_the_text_is_found_open(client: TestClient) -> None:
    article = " date 2024-03-05 Mediator Anna Brightwater said that the ceasefire held overnight.\n"
    response = client.post("/v1/articles", content=article.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    for q in ("cease fire", "cease-fire", "ceasefire"):
        assert any("the ceasefire held" in t for t in texts(client, "/v1/claims", q)), q


@pytest.mark.parametrize("q", ["cease water", "ceasefirex", "kievx", "zelenskiyx"])
def test_a_variant_of_nothing_finds_nothing(client: TestClient, kyiv: dict, q: str) -> None:
    assert not [t for t in texts(client, "/v1/claims", q) if "cease-fire" in t or "Kyiv" in t]


def test_a_stored_name_spelled_otherwise_is_searched_as_the_text_spells_it(
    client: TestClient, kyiv: dict
) -> None:
    data = client.get("/v1/claims", params={"q": "kiev missiles"}).json()["data"]
    claim = next(f for f in data if "struck Kyiv" in f["text"])
    marked = [claim["text"][a:b] for a, b in claim["highlight"]]
    assert marked == ["missiles", "Kyiv"]


@pytest.mark.parametrize(
    ("text", "q", "expected"),
    [
        ("A cease-fire now", "ceasefire", ["cease", "fire"]),
        ("A cease fire now", "ceasefire", ["cease", "fire"]),
        ("The ceasefire held", "cease-fire", ["ceasefire"]),
        ("An e-mail came", "email", ["e", "mail"]),
        ("A naïve hope", "naive", ["naïve"]),
        ("Fire, then a cease", "ceasefire", []),  # the halves apart are not the word
    ],
)
def test_highlight_marks_every_word_of_a_variant(text: str, q: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in highlight(text, Search(q))] == expected


def test_short_words_and_numbers_are_not_split() -> None:
    assert splits("into") == [] and splits("20224") == []
    assert ("e", "mail") in splits("email") and ("a", "nother") not in splits("another")
