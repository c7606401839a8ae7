"""Every error names its kind in a stable `type` URI, in the one Problem shape the OpenAPI document gives.

Through HTTP against the real app: a client switches on `type`, reads `parameter` to mark
the field at fault, `suggestions` for a name that matched nothing, `allowed` for a
parameter the endpoint does not take.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app import errors
from app.main import create_app
from app.migrate import upgrade
from app.schemas import Problem

from .support import settings
from .test_readiness import app_on, sqlite_only

PROBLEMS = "/problems/"
ARTICLE = " date 2023-02-01 Mayor Lena Holm said the bridge in Odesa would reopen on Friday."


def kind_of(response: httpx.Response, status: int) -> dict:
    """The body, checked against the Problem schema; returns it for the caller's own checks."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    Problem.model_validate(body)  # the documented shape, not just some JSON
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["type"].startswith(PROBLEMS), body["type"]
    return body


@pytest.mark.parametrize(
    ("path", "status", "kind", "parameter"),
    [
        ("/v1/quotes?limit=0", 422, "invalid-parameter", "limit"),
        ("/v1/claims?date=yesterday", 422, "invalid-parameter", "date"),
        ("/v1/figures?sort=size", 422, "invalid-parameter", "sort"),
        ("/v1/people?q=%21%21", 400, "invalid-parameter", None),
        ("/v1/quotes?from=2024-03-02&to=2024-03-01", 400, "invalid-parameter", None),
        ("/v1/articles/abc", 422, "invalid-parameter", "id"),
        ("/v1/quotes?speaker=Putin", 400, "unknown-parameter", "speaker"),
        ("/v1/people/999999", 404, "not-found", None),
        ("/v1/articles/999999", 404, "not-found", None),
        ("/v1/no-such-list", 404, "not-found", None),
        ("/v1/quotes?format=xml", 422, "invalid-parameter", "format"),
    ],
)
def test_each_kind_of_bad_read_has_its_type(
    client: TestClient, path: str, status: int, kind: str, parameter: str | None
) -> None:
    body = kind_of(client.get(path), status)
    assert body["type"] == PROBLEMS + kind
    if parameter is not None:
        assert body["parameter"] == parameter


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/quotes?person=Mario%20Kovalenk", "Kovalenko"),
        ("/v1/people/Marie%20Kowalenka", "Kovalenko"),
        ("/v1/claims?place=Odosa", "Odesa"),
    ],
)
def test_a_name_that_resolves_to_nothing_is_unknown_name_with_suggestions(
    client: TestClient, harbor: dict, path: str, name: str
) -> None:
    body = kind_of(client.get(path), 404)
    assert body["type"] == PROBLEMS + "unknown-name"
    assert any(name in suggestion for suggestion in body["suggestions"]), body


def test_a_foreign_cursor_is_bad_cursor(client: TestClient) -> None:
    body = kind_of(client.get("/v1/quotes?cursor=bm90LW91cnM"), 400)
    assert body["type"] == PROBLEMS + "bad-cursor"


@pytest.mark.parametrize(
    ("query", "unknown"),
    [
        ("speaker=Putin", "speaker"),
        ("person=Kovalenko&speaker=Putin", "speaker"),
        ("limit=5&page=2", "page"),
        ("Person=Kovalenko", "Person"),  # names are case-sensitive: a near miss is not the filter
        ("q=strike&query=strike", "query"),
    ],
)
def test_an_unknown_query_parameter_is_a_400_listing_the_allowed_ones(
    client: TestClient, harbor: dict, query: str, unknown: str
) -> None:
    body = kind_of(client.get(f"/v1/quotes?{query}"), 400)
    assert body["type"] == PROBLEMS + "unknown-parameter"
    assert body["parameter"] == unknown and unknown in body["detail"]
    assert {"person", "from", "to", "format", "limit", "cursor", "facets"} <= set(body["allowed"])
    assert unknown not in body["allowed"]


@pytest.mark.parametrize(
    ("path", "takes"),
    [
        ("/v1/people?limit=1&q=kov", 200),
        ("/v1/quotes?person=Kovalenko&from=2023-01-01&to=2023-12-31&sort=-day&limit=1", 200),
        ("/v1/quotes?format=csv", 200),
        ("/v1/figures?category=killed&facets=category", 200),
        ("/v1/facts?kind=quote&segment=body", 200),
        ("/v1/articles?limit=1", 200),
        ("/v1/timeline?facts=true", 200),
        ("/health?verbose=1", 400),
    ],
)
def test_declared_parameters_still_work(client: TestClient, harbor: dict, path: str, takes: int) -> None:
    assert client.get(path).status_code == takes


def test_paging_by_the_next_cursor_still_works(client: TestClient, harbor: dict) -> None:
    first = client.get("/v1/quotes?limit=1&person=Kovalenko")
    assert first.status_code == 200 and first.json()["next"], first.text
    second = client.get(f"/v1/quotes?limit=1&person=Kovalenko&cursor={first.json()['next']}")
    assert second.status_code == 200, second.text


def test_write_errors_have_their_types(client: TestClient) -> None:
    bare = TestClient(client.app)
    assert kind_of(bare.post("/v1/articles", content=ARTICLE), 401)["type"] == PROBLEMS + "unauthorized"
    wrong = bare.post("/v1/articles", content=ARTICLE, headers={"Authorization": "Bearer nope"})
    assert kind_of(wrong, 403)["type"] == PROBLEMS + "forbidden"
    xml = client.post("/v1/articles", content="<a/>", headers={"Content-Type": "application/xml"})
    assert kind_of(xml, 415)["type"] == PROBLEMS + "unsupported-media-type"
    bad = client.post("/v1/articles", content='{"text": 3}', headers={"Content-Type": "application/json"})
    assert kind_of(bad, 422)["type"] == PROBLEMS + "bad-article"
    garbled = client.post("/v1/articles", content="{not json", headers={"Content-Type": "application/json"})
    assert kind_of(garbled, 422)["type"] == PROBLEMS + "bad-article"
    assert (
        kind_of(client.put("/v1/articles", content=ARTICLE), 405)["type"] == PROBLEMS + "method-not-allowed"
    )


def test_a_body_over_the_limit_is_too_large(client: TestClient) -> None:
    with settings(MAX_BODY_BYTES="100"):
        response = client.post("/v1/articles", content=ARTICLE * 3, headers={"Content-Type": "text/plain"})
    assert kind_of(response, 413)["type"] == PROBLEMS + "too-large"


def test_an_extraction_over_its_time_is_extraction_timeout(client: TestClient) -> None:
    text = "\n\n".join(
        f"Officials said {n} people were hurt in a blast in Leeds on Tuesday." for n in range(300)
    )
    body = json.dumps({"text": text, "published": "2019-05-01"})
    with settings(EXTRACTION_TIMEOUT="0.01"):
        response = client.post("/v1/articles", content=body, headers={"Content-Type": "application/json"})
    assert kind_of(response, 422)["type"] == PROBLEMS + "extraction-timeout"


@sqlite_only
def test_a_database_that_cannot_take_writes_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    upgrade(f"sqlite:///{path}")
    with app_on(f"sqlite:///{path}") as client:
        assert client.post("/v1/articles", content=ARTICLE).status_code == 201
        path.unlink()
        assert kind_of(client.get("/ready"), 503)["type"] == PROBLEMS + "unavailable"
        later = " date 2023-02-02 Police said three men were arrested after a robbery in Cork on Monday."
        assert kind_of(client.post("/v1/articles", content=later), 503)["type"] == PROBLEMS + "unavailable"


def test_a_bug_is_a_server_error_without_its_trace(client: TestClient) -> None:
    app = create_app()

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    body = kind_of(response, 500)
    assert body["type"] == PROBLEMS + "server-error" and "secret" not in response.text


# ---------------------------------------------------------------- the OpenAPI document


def problem_media(document: dict) -> list[tuple[str, str, str, dict]]:
    return [
        (path, method, code, response["content"]["application/problem+json"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for code, response in operation["responses"].items()
        if "application/problem+json" in response.get("content", {})
    ]


def test_every_error_response_is_documented_as_a_problem(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    media = problem_media(document)
    assert len(media) > 40
    for path, method, code, content in media:
        assert content.get("schema") == {"$ref": "#/components/schemas/Problem"}, (path, method, code)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (path, method)
    fields = document["components"]["schemas"]["Problem"]["properties"]
    assert {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "errors",
        "suggestions",
        "parameter",
        "allowed",
    } <= set(fields)


def test_operations_and_schemas_have_names_a_client_can_use(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    ids = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    assert {"listQuotes", "getPerson", "createArticle", "deleteArticle", "listArticles", "getArticle"} <= ids
    assert all(op_id.isidentifier() and "_" not in op_id for op_id in ids), ids
    names = set(document["components"]["schemas"])
    assert {"QuotePage", "PersonPage", "FactPage", "ArticlePage"} <= names
    assert all(name.isidentifier() and "_" not in name for name in names), names


def test_a_problem_type_named_in_the_docs_is_one_the_app_sends() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text()
    sent = {
        cls.type
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.APIError)
    } | set(errors.STATUS_TYPES.values())
    for uri in sent - {"about:blank"}:
        assert f"| `{uri.removeprefix(PROBLEMS)}` |" in docs, f"{uri} is sent but not in docs/errors.md"


def test_ids_in_responses_are_never_null(client: TestClient, harbor: dict) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("Quote", "Person", "Article", "EntityRef", "Figure", "Place"):
        assert schemas[name]["properties"]["id"] == {"type": "integer", "title": "Id"}, name
    assert schemas["Span"]["properties"]["article_id"]["type"] == "integer"
    quotes = client.get("/v1/quotes").json()["data"]
    assert quotes and all(
        isinstance(q["id"], int) and isinstance(q["span"]["article_id"], int) for q in quotes
    )
