"""One media type per operation (#14 point 3): a list's 200 is its JSON page alone, so a
generated client types it `Page`, not `Page | string`; CSV and NDJSON are operations of
their own (`/v1/quotes.csv`), while `format=` and Accept keep working on the list.
Closed value sets are enums in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.extract.lexicon import COUNT_QUALIFIERS, REPORTING_VERBS

LISTS = ("/v1/quotes", "/v1/claims", "/v1/figures", "/v1/facts")


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict:
    return client.get("/openapi.json").json()


@pytest.mark.parametrize("path", LISTS)
def test_a_list_documents_its_json_page_alone(document: dict, path: str) -> None:
    ok = document["paths"][path]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["application/json"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("Page")


@pytest.mark.parametrize("path", LISTS)
def test_csv_and_ndjson_are_operations_of_their_own(document: dict, path: str) -> None:
    export = document["paths"][f"{path}.{{format}}"]["get"]
    assert set(export["responses"]["200"]["content"]) == {"text/csv", "application/x-ndjson"}
    assert export["operationId"].startswith("export")
    (fmt,) = [p for p in export["parameters"] if p["in"] == "path"]
    assert fmt["schema"]["enum"] == ["csv", "ndjson"]


@pytest.mark.parametrize("path", LISTS)
def test_an_export_streams_what_format_and_accept_give(client: TestClient, harbor: dict, path: str) -> None:
    as_csv = client.get(f"{path}.csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.content == client.get(path, params={"format": "csv"}).content
    assert as_csv.text.count("\n") > 1  # a header and rows
    as_ndjson = client.get(f"{path}.ndjson")
    assert as_ndjson.headers["content-type"] == "application/x-ndjson"
    assert as_ndjson.content == client.get(path, headers={"Accept": "application/x-ndjson"}).content
    assert client.get(f"{path}.xml").status_code == 422


def enum_of(document: dict, schema: dict[str, Any]) -> list[str] | None:
    """The enum a property holds, through `$ref` and `anyOf` (with null)."""
    if "$ref" in schema:
        return enum_of(document, document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    for option in schema.get("anyOf", []):
        if (found := enum_of(document, option)) is not None:
            return found
    return schema.get("enum")


@pytest.mark.parametrize(
    ("schema", "field", "some"),
    [
        ("Figure", "category", "killed"),
        ("IncidentGroup", "category", "killed"),
        ("Figure", "qualifier", "at least"),
        ("Claim", "verb", "according to"),
        ("Place", "place_kind", "city"),
        ("FactEntity", "place_kind", "city"),
        ("DateMention", "granularity", "week"),
    ],
)
def test_closed_value_sets_are_enums_in_responses(document: dict, schema: str, field: str, some: str) -> None:
    values = enum_of(document, document["components"]["schemas"][schema]["properties"][field])
    assert values is not None and some in values


def test_the_enums_hold_the_whole_lexicon(document: dict) -> None:
    """Every count qualifier and reporting verb extraction can give is a value a client knows."""
    schemas = document["components"]["schemas"]
    qualifiers = enum_of(document, schemas["Figure"]["properties"]["qualifier"]) or []
    verbs = enum_of(document, schemas["Claim"]["properties"]["verb"]) or []
    assert set(COUNT_QUALIFIERS) <= set(qualifiers)
    assert set(verbs) >= REPORTING_VERBS and "give assurance" in verbs
