"""`?ids=`: several people, places, organizations or articles in one request."""

import pytest
from fastapi.testclient import TestClient

LISTS = ["/v1/people", "/v1/places", "/v1/organizations", "/v1/articles"]


@pytest.mark.parametrize("path", LISTS)
def test_ids_fetch_exactly_those_rows(client: TestClient, harbor: dict, flood: dict, path: str) -> None:
    every = [row["id"] for row in client.get(path, params={"limit": 500}).json()["data"]]
    assert every, path
    wanted = {every[-1], every[0]}  # asked out of order, with a repeat
    body = client.get(path, params={"ids": f"{every[-1]},{every[0]},{every[-1]}"}).json()
    assert [row["id"] for row in body["data"]] == sorted(wanted)
    assert body["count"] == len(wanted) < len(every) + 1 and body["next"] is None


@pytest.mark.parametrize("path", LISTS)
def test_ids_that_do_not_exist_are_left_out(client: TestClient, harbor: dict, path: str) -> None:
    first = client.get(path, params={"limit": 1}).json()["data"][0]["id"]
    body = client.get(path, params={"ids": f"{first},999999999"}).json()
    assert [row["id"] for row in body["data"]] == [first]


@pytest.mark.parametrize("path", LISTS)
def test_ids_past_any_stored_id_are_left_out(client: TestClient, harbor: dict, path: str) -> None:
    """An id over PostgreSQL's INTEGER was a 500 there (found by schemathesis)."""
    first = client.get(path, params={"limit": 1}).json()["data"][0]["id"]
    body = client.get(path, params={"ids": f"{first},524693951325,2147483648"})
    assert body.status_code == 200 and [row["id"] for row in body.json()["data"]] == [first]
    only_huge = client.get(path, params={"ids": "524693951325"})
    assert only_huge.status_code == 200 and only_huge.json()["data"] == []


def test_ids_of_another_kind_are_left_out(client: TestClient, harbor: dict) -> None:
    place = client.get("/v1/places", params={"limit": 1}).json()["data"][0]["id"]
    assert client.get("/v1/people", params={"ids": str(place)}).json()["data"] == []


def test_ids_page_like_any_list(client: TestClient, harbor: dict, flood: dict) -> None:
    every = [row["id"] for row in client.get("/v1/people", params={"limit": 500}).json()["data"]]
    ids = ",".join(map(str, every[:3]))
    first = client.get("/v1/people", params={"ids": ids, "limit": 2}).json()
    second = client.get("/v1/people", params={"ids": ids, "limit": 2, "cursor": first["next"]}).json()
    assert [r["id"] for r in first["data"] + second["data"]] == every[:3] and first["count"] == 3


@pytest.mark.parametrize(
    "ids", ["", "1,,2", "1,x", "-1", "1.5", "1;2", "1,", ",".join(["1"] * 101), "1234567890123"]
)
@pytest.mark.parametrize("path", LISTS)
def test_a_malformed_id_list_is_a_problem(client: TestClient, path: str, ids: str) -> None:
    response = client.get(path, params={"ids": ids})
    assert response.status_code in (400, 422), (ids, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
