"""What a frontend developer reaches for: facets, formats, streams, timelines, maps, HTTP caching."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate


def test_place_country_matches_places_inside_it(client: TestClient, harbor: dict) -> None:
    inside = client.get("/v1/figures", params={"place": "Ukraine"}).json()
    assert any(f["place"]["name"] == "Odesa" for f in inside["data"])


def test_full_text_search_over_quotes_and_claims(client: TestClient, harbor: dict) -> None:
    found = client.get("/v1/quotes", params={"q": "rebuild wall"}).json()
    assert found["count"] == 1 and "rebuild every wall" in found["data"][0]["text"]
    assert client.get("/v1/quotes", params={"q": "submarine"}).json()["count"] == 0
    hostile = client.get("/v1/claims", params={"q": "\"') OR 1=1; DROP TABLE claim; --"})
    assert hostile.status_code == 200


def test_facets_count_over_the_filtered_set(client: TestClient, harbor: dict) -> None:
    body = client.get("/v1/figures", params={"article": harbor["id"], "facets": "category,place,date"}).json()
    categories = {f["value"]: f["count"] for f in body["facets"]["category"]}
    assert categories["killed"] >= 2
    assert sum(categories.values()) == body["count"]
    assert any(f["label"] == "Odesa" for f in body["facets"]["place"])
    assert client.get("/v1/figures", params={"facets": "colour"}).status_code == 400


def test_csv_and_ndjson_stream_every_row(client: TestClient, harbor: dict) -> None:
    total = client.get("/v1/claims").json()["count"]
    as_csv = client.get("/v1/claims", params={"format": "csv", "limit": 1})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == total and "source_name" in rows[0] and "span_start" in rows[0]
    as_ndjson = client.get("/v1/claims", headers={"Accept": "application/x-ndjson"})
    lines = [json.loads(line) for line in as_ndjson.text.splitlines()]
    assert len(lines) == total and lines[0]["kind"] == "claim"


def test_facts_stream_mixes_kinds_and_pages(client: TestClient, harbor: dict) -> None:
    body = client.get("/v1/facts", params={"article": harbor["id"], "limit": 3}).json()
    assert body["next"] and len(body["data"]) == 3
    seen = [(f["kind"], f["id"]) for f in body["data"]]
    cursor = body["next"]
    while cursor:
        page = client.get("/v1/facts", params={"article": harbor["id"], "limit": 3, "cursor": cursor}).json()
        seen += [(f["kind"], f["id"]) for f in page["data"]]
        assert page["count"] == body["count"], "every page counts the whole set, not what follows it"
        cursor = page["next"]
    assert len(seen) == len(set(seen)) == body["count"]
    assert {k for k, _ in seen} == {"quote", "claim", "figure"}
    days = [
        f["day"]
        for f in client.get("/v1/facts", params={"article": harbor["id"], "limit": 500}).json()["data"]
    ]
    assert days == sorted(days)


@pytest.mark.parametrize("sort", ["day", "-day"])
@pytest.mark.parametrize("limit", [1, 2, 5])
def test_facts_stream_pages_are_the_whole_stream_in_order(
    client: TestClient, harbor: dict, flood: dict, sort: str, limit: int
) -> None:
    # two stories, several days and all three kinds: pages cut across days and kinds
    whole = client.get("/v1/facts", params={"sort": sort, "limit": 500}).json()
    assert whole["next"] is None and len(whole["data"]) == whole["count"]
    keys = [(f["day"], f["kind"], f["id"]) for f in whole["data"]]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    assert len({day for day, _, _ in keys}) > 1 and len({kind for _, kind, _ in keys}) == 3
    paged, cursor = [], None
    while True:
        params = {"sort": sort, "limit": limit} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/facts", params=params).json()
        assert page["count"] == whole["count"]
        paged += [(f["day"], f["kind"], f["id"]) for f in page["data"]]
        if not (cursor := page["next"]):
            break
    assert paged == keys


def test_every_page_of_a_list_counts_the_whole_set(client: TestClient, harbor: dict, flood: dict) -> None:
    first = client.get("/v1/claims", params={"limit": 1}).json()
    second = client.get("/v1/claims", params={"limit": 1, "cursor": first["next"]}).json()
    assert first["count"] == second["count"] > 1
    beyond = client.get("/v1/claims", params={"q": "zzzznothing"}).json()
    assert beyond == {"data": [], "count": 0, "next": None, "facets": None}


def test_link_header_points_to_next_page(client: TestClient, harbor: dict) -> None:
    response = client.get("/v1/claims", params={"limit": 1})
    assert 'rel="next"' in response.headers["link"] and "cursor=" in response.headers["link"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles",
        "/v1/people",
        "/v1/places",
        "/v1/organizations",
        "/v1/places.geojson",
        "/v1/quotes",
        "/v1/claims",
        "/v1/figures",
        "/v1/facts",
        "/v1/figures/groups",
    ],
)
def test_every_list_links_its_next_page_and_none_past_the_last(
    client: TestClient, harbor: dict, flood: dict, path: str
) -> None:
    """A client that pages by header walks every list the same way, to the end."""
    url, seen, pages = f"{path}?limit=1", 0, 0
    while url:
        response = client.get(url)
        body = response.json()
        seen, pages = seen + len(body.get("data", body.get("features", []))), pages + 1
        link = response.headers.get("link")
        assert (link is None) == (body["next"] is None), (url, link)
        url = link.removeprefix("<").split(">;")[0] if link else None
    assert pages == max(body["count"], 1), "one row a page, to the last"
    if path != "/v1/places.geojson":  # a feature needs coordinates: not every place is one
        assert seen == body["count"]


def test_sort_by_day_descending_pages_consistently(client: TestClient, harbor: dict, flood: dict) -> None:
    first = client.get("/v1/claims", params={"sort": "-day", "limit": 2}).json()
    days = [c["day"] for c in first["data"]]
    assert days == sorted(days, reverse=True)
    mismatched = client.get("/v1/claims", params={"sort": "day", "cursor": first["next"]})
    assert mismatched.status_code == 400


def test_timeline_counts_per_day(client: TestClient, harbor: dict) -> None:
    days = client.get("/v1/timeline", params={"article": harbor["id"], "facts": "true"}).json()["data"]
    assert days and all(d["total"] == d["quotes"] + d["claims"] + d["figures"] for d in days)
    assert all(len(d["facts"]) == d["total"] for d in days)
    assert [d["date"] for d in days] == sorted(d["date"] for d in days)


def test_incident_groups_keep_every_report(client: TestClient, harbor: dict) -> None:
    groups = client.get("/v1/figures/groups", params={"place": "Odesa", "category": "killed"}).json()["data"]
    strike = next(g for g in groups if g["date"] == "2023-06-13")
    # the lead's "a strike that officials said killed at least 12" has no day of its own:
    # it is this strike, the article's one killing in Odesa, and not a second incident
    assert sorted(strike["values"]) == [10, 12, 12]
    assert strike["best"] == 12 and strike["consistent"] is True
    assert len(strike["reports"]) == 3


def test_places_as_geojson(client: TestClient, harbor: dict) -> None:
    for response in (
        client.get("/v1/places", headers={"Accept": "application/geo+json"}),
        client.get("/v1/places", params={"format": "geojson"}),
        client.get("/v1/places.geojson"),
    ):
        assert response.headers["content-type"].startswith("application/geo+json")
        collection = response.json()
        assert collection["type"] == "FeatureCollection"
        odesa = next(f for f in collection["features"] if f["properties"]["name"] == "Odesa")
        lon, lat = odesa["geometry"]["coordinates"]
        assert abs(lat - 46.48) < 0.3 and abs(lon - 30.73) < 0.3
        assert odesa["properties"]["casualties"]["killed"] == 12  # one strike, counted once


def test_etag_and_not_modified(client: TestClient, harbor: dict) -> None:
    first = client.get("/v1/people")
    etag = first.headers["etag"]
    again = client.get("/v1/people", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/v1/people", headers={"If-None-Match": '"other"'}).status_code == 200


def test_gzip_cors_and_security_headers(client: TestClient, harbor: dict) -> None:
    response = client.get("/v1/claims", headers={"Accept-Encoding": "gzip", "Origin": "https://maps.example"})
    assert response.headers.get("content-encoding") == "gzip"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-request-id"]


def test_openapi_validates_and_documents_every_operation(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    validate(spec)
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            assert op.get("summary") and op.get("description"), f"{method.upper()} {path} lacks docs"


def test_docs_pages_use_local_assets(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert "cdn.jsdelivr.net" not in html and "/static/" in html
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/redoc.standalone.js").status_code == 200


def test_access_log_is_json_with_request_id_and_no_secrets(client: TestClient, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    with caplog.at_level(logging.INFO, logger="factsapi.access"):
        response = client.get("/v1/claims", params={"limit": 2}, headers={"X-Request-ID": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"
    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factsapi.access"]
    line = next(r for r in records if r["path"] == "/v1/claims")
    assert line["request_id"] == "trace-123" and line["status"] == 200 and "limit=2" in line["query"]
    assert "test-key" not in caplog.text  # the bearer key is never logged


@pytest.mark.parametrize("kind", ["claims", "quotes", "figures"])
def test_place_filter_keeps_exactly_the_facts_whose_sentence_or_place_is_it(
    client: TestClient, harbor: dict, kind: str
) -> None:
    text = client.get(f"/v1/articles/{harbor['id']}", params={"include": "text"}).json()["text"]
    every = client.get(f"/v1/{kind}", params={"article": harbor["id"], "limit": 500}).json()["data"]
    named = client.get(f"/v1/{kind}", params={"article": harbor["id"], "place": "Odesa", "limit": 500}).json()
    kept = {f["id"] for f in named["data"]}
    assert named["count"] == len(kept)

    def about_odesa(fact: dict) -> bool:
        if fact.get("place"):  # a figure's own place decides
            return fact["place"]["name"] in ("Odesa", "Odessa")
        span = fact["span"]
        return "Odesa" in text[span["sentence_start"] : span["sentence_end"]]

    assert kept == {f["id"] for f in every if about_odesa(f)}
    if kind == "claims":
        assert kept, "the story's claims about Odesa are found"
