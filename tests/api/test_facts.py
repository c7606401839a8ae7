"""Quotes, claims and figures by person, place, date and article."""

from fastapi.testclient import TestClient


def test_figures_by_place_any_spelling(client: TestClient, harbor: dict) -> None:
    body = client.get("/v1/figures", params={"place": "ODESA", "category": "killed"}).json()
    assert body["count"] >= 1
    assert {f["place"]["name"] for f in body["data"]} == {"Odesa"}
    assert all(f["category"] == "killed" for f in body["data"])


def test_figures_carry_value_qualifier_and_day(client: TestClient, harbor: dict) -> None:
    data = client.get("/v1/figures", params={"article": harbor["id"], "category": "killed"}).json()["data"]
    values = {(f["value"], f["qualifier"]) for f in data}
    assert (12, None) in values
    assert any(f["date"] == "2023-06-13" for f in data)


def test_quotes_by_person_surname(client: TestClient, harbor: dict) -> None:
    body = client.get("/v1/quotes", params={"person": "kovalenko"}).json()
    assert body["count"] == 2
    assert {q["speaker"]["name"] for q in body["data"]} == {"Maria Kovalenko"}


def test_claims_by_day_and_range(client: TestClient, harbor: dict, flood: dict) -> None:
    day = client.get("/v1/claims", params={"date": "2023-05-18"}).json()
    assert day["count"] >= 1 and all(c["day"] == "2023-05-18" for c in day["data"])
    rng = client.get("/v1/claims", params={"from": "2023-06-01", "to": "2023-06-30"}).json()
    assert rng["count"] >= 1 and all("2023-06-01" <= c["day"] <= "2023-06-30" for c in rng["data"])


def test_unknown_person_suggests(client: TestClient, harbor: dict) -> None:
    response = client.get("/v1/quotes", params={"person": "Kovalenka"})
    assert response.status_code == 404
    assert "Maria Kovalenko" in response.json()["suggestions"]


def test_bad_query_parameters_are_422(client: TestClient) -> None:
    for params in ({"date": "2022-13-45"}, {"limit": -1}, {"limit": 501}, {"article": 0}, {"cursor": "!!"}):
        response = client.get("/v1/claims", params=params)
        assert response.status_code in (400, 422), (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


def test_people_places_organizations(client: TestClient, harbor: dict, flood: dict) -> None:
    person = client.get("/v1/people/Kovalenko").json()
    assert person["name"] == "Maria Kovalenko"
    assert any("governor" in r.lower() for r in person["roles"])
    place = client.get("/v1/places/odesa").json()
    assert place["country"] == "UA" and abs(place["lat"] - 46.48) < 0.3
    assert client.get(f"/v1/places/{place['id']}").json()["name"] == place["name"]
    orgs = client.get("/v1/organizations").json()
    assert any(o["name"] == "United Nations" for o in orgs["data"])
    assert client.get("/v1/organizations/nobody-at-all").status_code == 404


def test_unicode_digits_are_names_not_ids(client: TestClient) -> None:
    """Found by schemathesis: str.isdigit() accepts '¹', which int() refuses."""
    for path in ("/v1/places/¹", "/v1/people/²³", "/v1/organizations/" + "9" * 40):
        response = client.get(path)
        assert response.status_code == 404, (path, response.text)
