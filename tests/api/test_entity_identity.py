"""One entity across articles, whichever way each article writes it, asked through HTTP.

Three short articles of our own write one governor three ways (Kovalskyy, Kovalsky,
Kovalskiy), one city two ways (Kharkiv, Kharkov), and give a surname to two different
people (an aid coordinator and a nurse, both Maddox).
"""

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

ARTICLES = [
    {
        "published": "2031-02-10",
        "text": (
            "Regional governor Vitaliy Kovalskyy said on Saturday that drones struck a power "
            "station in Kharkiv overnight.\n\n"
            '"We are restoring power as fast as we can," Kovalskyy said.\n\n'
            "Three people were killed in the strike on Kharkiv, emergency services said.\n\n"
            '"The convoy will leave on Monday," said Hunter Maddox, an aid coordinator.'
        ),
    },
    {
        "published": "2031-02-12",
        "text": (
            "Vitaly Kovalsky, the governor of the region, said two more people died in Kharkov "
            "on Sunday.\n\n"
            '"The attack was deliberate," Kovalsky told reporters.\n\n'
            '"The wards are full," said Laura Maddox, a nurse at the city hospital.'
        ),
    },
    {
        "published": "2031-02-14",
        "text": (
            "Governor Vitaliy Kovalskiy said repair crews had finished their work on Tuesday.\n\n"
            '"The city has light again," Kovalskiy said in a video address.'
        ),
    },
]

GOVERNOR_QUOTES = {
    "We are restoring power as fast as we can,",
    "The attack was deliberate,",
    "The city has light again,",
}
GOVERNOR_SPELLINGS = [
    "Vitaliy Kovalskyy",
    "Vitaly Kovalsky",
    "Vitaliy Kovalskiy",
    "Kovalskyy",
    "kovalsky",
    "Governor Kovalskiy",
    "Gov. Vitaly Kovalskii",
]


@pytest.fixture(scope="module")
def stored(client: TestClient) -> list[dict]:
    answers = []
    for article in ARTICLES:
        response = client.post("/v1/articles", json=article)
        assert response.status_code in (200, 201), response.text
        answers.append(response.json())
    return answers


def texts(client: TestClient, path: str) -> set[str]:
    response = client.get(path + "&limit=500")
    assert response.status_code == 200, response.text
    return {row["text"].strip('"“”') for row in response.json()["data"]}


def norm(quotes: set[str]) -> set[str]:
    return {q.strip('"“” ') for q in quotes}


@pytest.mark.parametrize("spelling", GOVERNOR_SPELLINGS)
def test_each_spelling_of_a_person_is_one_person(client: TestClient, stored: list, spelling: str) -> None:
    response = client.get(f"/v1/people/{quote(spelling)}")
    assert response.status_code == 200, response.text
    person = response.json()
    assert person["name"] in {"Vitaliy Kovalskyy", "Vitaly Kovalsky", "Vitaliy Kovalskiy"}
    assert {"Vitaly Kovalsky", "Vitaliy Kovalskiy", "Vitaliy Kovalskyy"} - {person["name"]} <= set(
        person["aliases"]
    )
    people = client.get("/v1/people", params={"q": "kovalsk", "limit": 50}).json()["data"]
    assert [p["id"] for p in people] == [person["id"]]


@pytest.mark.parametrize("spelling", GOVERNOR_SPELLINGS)
def test_each_spelling_finds_all_of_a_persons_quotes_and_no_one_elses(
    client: TestClient, stored: list, spelling: str
) -> None:
    found = norm(texts(client, f"/v1/quotes?person={quote(spelling)}"))
    assert found == norm(GOVERNOR_QUOTES)


@pytest.mark.parametrize("spelling", GOVERNOR_SPELLINGS)
def test_each_spelling_finds_the_same_claims(client: TestClient, stored: list, spelling: str) -> None:
    claims = texts(client, f"/v1/claims?person={quote(spelling)}")
    assert claims == texts(client, "/v1/claims?person=Vitaliy%20Kovalskyy")
    assert len(claims) >= 2  # "said ... drones struck", "said two more people died", "said repair crews ..."
    assert not any("Maddox" in c for c in claims)


def test_a_place_written_two_ways_is_one_place(client: TestClient, stored: list) -> None:
    kharkiv = client.get("/v1/places/Kharkiv").json()
    kharkov = client.get("/v1/places/kharkov").json()
    assert kharkiv["id"] == kharkov["id"]
    assert kharkiv["name"] == "Kharkiv"  # the form the articles use most


@pytest.mark.parametrize("spelling", ["Kharkiv", "Kharkov", "kharkiv", "KHARKIV"])
def test_each_spelling_of_a_place_finds_its_figures(client: TestClient, stored: list, spelling: str) -> None:
    response = client.get("/v1/figures", params={"place": spelling, "limit": 500})
    assert response.status_code == 200, response.text
    figures = response.json()["data"]
    kharkiv = client.get("/v1/places/Kharkiv").json()
    # the three killed of the first article, the two of the second (written "Kharkov")
    assert sorted(f["value"] for f in figures) == [2, 3]
    assert {f["place"]["id"] for f in figures} == {kharkiv["id"]}


def test_two_people_with_one_surname_stay_two(client: TestClient, stored: list) -> None:
    hunter = client.get("/v1/people/Hunter%20Maddox").json()
    laura = client.get("/v1/people/Laura%20Maddox").json()
    assert hunter["id"] != laura["id"]
    assert norm(texts(client, "/v1/quotes?person=Hunter%20Maddox")) == {"The convoy will leave on Monday,"}
    assert norm(texts(client, "/v1/quotes?person=Laura%20Maddox")) == {"The wards are full,"}
    # the surname alone is either of them: it finds both, as a reader would expect
    assert norm(texts(client, "/v1/quotes?person=Maddox")) == {
        "The convoy will leave on Monday,",
        "The wards are full,",
    }


@pytest.mark.parametrize("spelling", ["Volodymyr Kovalsky", "Kovalev", "Vitaliy Kovalchuk"])
def test_a_different_name_is_no_one_here(client: TestClient, stored: list, spelling: str) -> None:
    response = client.get(f"/v1/quotes?person={quote(spelling)}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
