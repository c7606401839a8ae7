"""Cursors a client cannot forge: signed with the server's secret and bound to the filters of
the request that made them; an edited cursor, or one used with other filters, is a 400 (#23)."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from tests.api.support import settings

BAD_CURSOR = "/problems/bad-cursor"


def unpack(cursor: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def pack(raw: dict) -> str:
    text = json.dumps(raw, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def next_of(client: TestClient, path: str, **params: str | int) -> str:
    response = client.get(path, params={"limit": 1, **params})
    assert response.status_code == 200, response.text
    cursor = response.json()["next"]
    assert cursor, response.text
    return cursor


def refused(response, says: str) -> None:
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["type"].endswith("/problems/bad-cursor"), problem
    assert says in problem["detail"], problem["detail"]


@pytest.mark.parametrize("path", ["/v1/quotes", "/v1/claims", "/v1/figures", "/v1/facts", "/v1/places"])
def test_an_edited_cursor_is_a_400(client: TestClient, harbor: dict, flood: dict, path: str) -> None:
    cursor = next_of(client, path)
    raw = unpack(cursor)
    raw["i"] = 20 if raw["i"] != 20 else 21
    refused(client.get(path, params={"cursor": pack(raw)}), "not one this API gave out")


def test_a_made_up_cursor_is_a_400(client: TestClient, harbor: dict) -> None:
    made_up = pack({"s": "id", "d": None, "i": 1, "l": "quote"})
    refused(client.get("/v1/quotes", params={"cursor": made_up}), "not one this API gave out")


@pytest.mark.parametrize(
    ("path", "made_with", "used_with"),
    [
        ("/v1/figures", {"category": "killed"}, {"category": "evacuated"}),
        ("/v1/figures", {"category": "killed"}, {}),
        ("/v1/claims", {}, {"person": "Maria Kovalenko"}),
        ("/v1/facts", {"kind": "claim"}, {"kind": "quote"}),
        ("/v1/figures/groups", {"category": "killed"}, {"category": "injured"}),
        ("/v1/places", {}, {"ids": "1,4,5,7"}),
        ("/v1/places", {"sort": "name"}, {"sort": "name", "person": "Maria Kovalenko"}),
    ],
)
def test_a_cursor_used_with_other_filters_is_a_400(
    client: TestClient, harbor: dict, flood: dict, path: str, made_with: dict, used_with: dict
) -> None:
    cursor = next_of(client, path, **made_with)
    refused(client.get(path, params={**used_with, "cursor": cursor}), "other filters")


def test_the_same_filters_spelled_otherwise_continue(client: TestClient, harbor: dict, flood: dict) -> None:
    """Repeated or comma list, in any order, with another page size: the same filters."""
    first = client.get("/v1/figures?category=killed&category=evacuated&limit=1").json()
    assert first["next"]
    second = client.get(f"/v1/figures?category=evacuated,killed&limit=2&cursor={first['next']}")
    assert second.status_code == 200, second.text
    whole = client.get("/v1/figures?category=killed,evacuated&limit=3").json()["data"]
    assert [f["id"] for f in first["data"] + second.json()["data"]] == [f["id"] for f in whole]


def test_a_rotated_secret_still_reads_the_cursors_it_signed(client: TestClient, harbor: dict) -> None:
    with settings(CURSOR_SECRET="old-secret-0123456789"):
        cursor = next_of(client, "/v1/claims")
    with settings(CURSOR_SECRET="new-secret-0123456789,old-secret-0123456789"):
        assert client.get("/v1/claims", params={"cursor": cursor}).status_code == 200
        renewed = next_of(client, "/v1/claims")
    with settings(CURSOR_SECRET="new-secret-0123456789"):
        refused(client.get("/v1/claims", params={"cursor": cursor}), "not one this API gave out")
        assert client.get("/v1/claims", params={"cursor": renewed}).status_code == 200


def test_a_timeline_days_facts_next_continues_the_facts_of_that_day(client: TestClient, harbor: dict) -> None:
    """`facts_next` is signed for `/v1/facts?date=DAY` under the timeline's own filters."""
    params = {"facts": "true", "per_day": 1, "person": "Maria Kovalenko", "kind": "claim,figure"}
    days = client.get("/v1/timeline", params=params).json()["data"]
    day = next(d for d in days if d["facts_next"])
    rest = client.get(
        "/v1/facts",
        params={
            "date": day["date"],
            "person": "Maria Kovalenko",
            "kind": "claim,figure",
            "cursor": day["facts_next"],
        },
    )
    assert rest.status_code == 200, rest.text
    shown = {(f["kind"], f["id"]) for f in day["facts"]}
    assert rest.json()["data"] and not shown & {(f["kind"], f["id"]) for f in rest.json()["data"]}
    refused(
        client.get("/v1/facts", params={"date": day["date"], "cursor": day["facts_next"]}), "other filters"
    )
