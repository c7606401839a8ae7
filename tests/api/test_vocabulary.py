"""One vocabulary (README, "Vocabulary"; #23 point 3): the document names things one way, and
every name it had before is still sent or taken for one version, marked deprecated.

The walk over the OpenAPI document fails on an old name anywhere but a deprecated field or
parameter, on a schema named `...Public` and on an operationId off the pattern; the requests
prove the deprecated names still hold the values they held.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

# the names the vocabulary replaced: a quote's speaker is its `source`, a day is `day`;
# `ref` and `article_id` were path parameters, all `{id}` now
OLD_FIELDS = {"speaker", "speaker_text", "date"}
OLD_PARAMETERS = {"date", "ref", "article_id"}
# list<Things> and export<Things> name a plural (People is one too), the others one thing
OPERATION = re.compile(r"(list|export)(?=[A-Z])[A-Za-z]*(s|People)|(get|create|delete)[A-Z][A-Za-z]*")


def properties(node: Any, where: str) -> Iterator[tuple[str, str, dict]]:
    """Every property of every object schema under `node`, inline ones too: (where, name, schema)."""
    if isinstance(node, dict):
        for name, schema in (node.get("properties") or {}).items():
            yield where, name, schema
        for key, value in node.items():
            yield from properties(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{where}[{i}]")


def operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def off_vocabulary(document: dict) -> list[str]:
    """What in the document breaks the vocabulary, one line each."""
    found = [
        f"{where}: field {name} is an old name, not deprecated"
        for where, name, schema in properties(document, "#")
        if name in OLD_FIELDS and not schema.get("deprecated")
    ]
    found += [
        f"schema {name} has the Public suffix"
        for name in document["components"]["schemas"]
        if name.endswith("Public")
    ]
    for path, method, operation in operations(document):
        found += [
            f"{method} {path}: parameter {p['name']} is an old name, not deprecated"
            for p in operation.get("parameters", [])
            if p["name"] in OLD_PARAMETERS and not p.get("deprecated")
        ]
        if not OPERATION.fullmatch(operation.get("operationId", "")):
            found.append(f"{method} {path}: operationId {operation.get('operationId')} is off the pattern")
    return found


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict:
    return client.get("/openapi.json").json()


def test_the_document_speaks_one_vocabulary(document: dict) -> None:
    assert off_vocabulary(document) == []


def test_the_old_names_are_there_deprecated(document: dict) -> None:
    """Kept one version: a client written against them still finds them."""
    schemas = document["components"]["schemas"]
    for schema, field in [
        ("Quote", "speaker"),
        ("Quote", "speaker_text"),
        ("Figure", "date"),
        ("TimelineDay", "date"),
        ("IncidentGroup", "date"),
    ]:
        assert schemas[schema]["properties"][field]["deprecated"] is True, (schema, field)
    for schema in ("Quote", "Claim", "Figure"):
        assert {"source", "source_text", "day", "day_from"} <= set(schemas[schema]["properties"]), schema
    quotes = {p["name"]: p for p in document["paths"]["/v1/quotes"]["get"]["parameters"]}
    assert quotes["date"]["deprecated"] is True and not quotes["day"].get("deprecated")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            lambda d: d["components"]["schemas"]["Claim"]["properties"].update(speaker={"type": "string"}),
            "field speaker",
        ),
        (
            lambda d: d["components"]["schemas"]["Figure"]["properties"]["date"].pop("deprecated"),
            "field date",
        ),
        (lambda d: d["components"]["schemas"].update(QuotePublic={}), "QuotePublic"),
        (
            lambda d: d["paths"]["/v1/places.geojson"]["get"].update(operationId="placesGeojson"),
            "placesGeojson",
        ),
        (lambda d: d["paths"]["/v1/quotes"]["get"]["parameters"][0].update(name="ref"), "parameter ref"),
    ],
)
def test_the_walk_finds_an_old_name(document: dict, change: Any, complaint: str) -> None:
    """The walk above is no formality: each old way of naming, put back, is found."""
    doctored = copy.deepcopy(document)
    change(doctored)
    assert any(complaint in line for line in off_vocabulary(doctored))


def test_a_quote_names_its_source_as_its_speaker_did(client: TestClient, harbor: dict) -> None:
    quotes = client.get("/v1/quotes", params={"article": harbor["id"]}).json()["data"]
    assert quotes and any(q["source"] for q in quotes)
    for quote in quotes:
        assert quote["source"] == quote["speaker"] and quote["source_text"] == quote["speaker_text"]
    expanded = client.get("/v1/quotes", params={"article": harbor["id"], "expand": "source"}).json()["data"]
    as_before = client.get("/v1/quotes", params={"article": harbor["id"], "expand": "speaker"}).json()["data"]
    assert expanded == as_before and any("roles" in (q["source"] or {}) for q in expanded)


def test_a_fact_says_where_its_day_came_from(client: TestClient, harbor: dict) -> None:
    facts = client.get("/v1/facts", params={"article": harbor["id"], "limit": 500}).json()["data"]
    assert {f["day_from"] for f in facts} == {"text", "published"}
    for fact in facts:
        assert fact["day"] is not None
        if fact["day_from"] == "text":
            assert fact["date"] == fact["day"]
        else:
            assert fact["date"] is None and fact["day"] == harbor["published"]


def test_the_old_day_filter_and_facet_mean_the_new_ones(client: TestClient, harbor: dict) -> None:
    for path in ("/v1/facts", "/v1/figures/groups", "/v1/timeline", "/v1/places"):
        new = client.get(path, params={"day": "2023-06-13"})
        old = client.get(path, params={"date": "2023-06-13"})
        assert new.status_code == 200 and new.json() == old.json(), path
    both = client.get("/v1/facts", params=[("day", "2023-06-13"), ("date", "2023-06-15"), ("limit", "500")])
    either = [
        client.get("/v1/facts", params={"day": d, "limit": 500}).json()["count"]
        for d in ("2023-06-13", "2023-06-15")
    ]
    assert both.json()["count"] == sum(either)
    days = client.get("/v1/facts", params={"facets": "day"}).json()["facets"]["day"]
    assert client.get("/v1/facts", params={"facets": "date"}).json()["facets"]["date"] == days


def test_a_cursor_made_under_the_old_name_pages_under_the_new(client: TestClient, harbor: dict) -> None:
    first = client.get("/v1/facts", params={"date": "2023-06-15", "limit": 1}).json()
    assert first["next"]
    rest = client.get("/v1/facts", params={"day": "2023-06-15", "limit": 1, "cursor": first["next"]})
    assert rest.status_code == 200, rest.text


def test_timeline_days_groups_and_captions_call_their_day_day(client: TestClient, harbor: dict) -> None:
    days = client.get("/v1/timeline").json()["data"]
    assert days and all(d["day"] == d["date"] for d in days)
    groups = client.get("/v1/figures/groups", params={"article": harbor["id"]}).json()["data"]
    # a place's undated running toll (key `category|#place|`) has no day under either name
    assert groups and all(
        (g["day"] or "") == (g["date"] or "") == g["incident"].rsplit("|", 1)[1] for g in groups
    )
    segments = client.get(f"/v1/articles/{harbor['id']}", params={"include": "text"}).json()["segments"]
    captions = [s for s in segments if s["kind"] == "caption"]
    assert captions and all(s["day"] == s["date"] == "2023-06-14" for s in captions)


def test_ids_are_integers_in_facets_too(client: TestClient, harbor: dict) -> None:
    facets = client.get("/v1/facts", params={"facets": "place,person,organization,day,kind"}).json()["facets"]
    for name in ("place", "person", "organization"):
        assert facets[name] and all(isinstance(v["value"], int) for v in facets[name]), name
        first = facets[name][0]
        plural = {"person": "people", "place": "places", "organization": "organizations"}[name]
        assert client.get(f"/v1/{plural}/{first['value']}").json()["name"] == first["label"]
    assert all(isinstance(v["value"], str) for v in facets["day"] + facets["kind"])


def test_the_facts_document_keeps_what_the_scorer_reads(client: TestClient, harbor: dict) -> None:
    """shared/eval reads a document's quotes[].speaker and figures[].date, value_min, ..."""
    document = client.get(f"/v1/articles/{harbor['id']}/facts").json()
    assert all(
        {"speaker", "speaker_text", "source", "date", "day", "day_from"} <= set(q) for q in document["quotes"]
    )
    assert all({"date", "day", "value", "value_min", "value_max"} <= set(f) for f in document["figures"])
