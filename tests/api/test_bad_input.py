"""Every bad input is a 4xx problem+json that says what is wrong, and writes nothing.

Through HTTP, against the real app: hostile bodies and cursors, wildcards and empty
searches, dates that are not YYYY-MM-DD, content types that are not ours, a 405's
Allow, and credentials in a query string kept out of the access log.
"""

import base64
import json
import logging
import re
import sys

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
FACT_LISTS = ["/v1/quotes", "/v1/claims", "/v1/figures", "/v1/facts"]
NAME_LISTS = ["/v1/people", "/v1/places", "/v1/organizations", "/v1/places.geojson"]
EVERY_LIST = ["/v1/articles", *NAME_LISTS, *FACT_LISTS]


def problem(response, status: int, says: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status
    assert says.lower() in body["detail"].lower(), body["detail"]


def article_count(client: TestClient) -> int:
    return client.get("/v1/articles").json()["count"]


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# ---------------------------------------------------------------- bodies

DEEP = '{"text": ' + "[" * 100_000 + "]" * 100_000 + ', "published": "2024-02-10"}'
LONG_INT = '{"text": "Police said two men were held.", "published": "2024-02-10", "n": %s}' % (
    "9" * (sys.get_int_max_str_digits() + 1)
)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (DEEP, "nested too deeply"),
        (LONG_INT, "number too long"),
        ('{"text": "The mayor said \\ud800 the dam held.", "published": "2024-02-10"}', "lone surrogate"),
        (
            '{"text": "Firefighters said the blaze was out.", "published": "2024-02-10", "url": "\\udc00"}',
            "'url'",
        ),
        ('{"text": "Shares fell, the bank said.", "published": "20220304"}', "YYYY-MM-DD"),
        ('{"text": "Shares fell, the bank said.", "published": "2022-W10-1"}', "YYYY-MM-DD"),
        ('{"text": "___", "published": "2024-02-10"}', "no body text"),
        ('{"text": "___\\n\\n___", "published": "2024-02-10"}', "no body text"),
        (
            '{"text": "___\\n\\nCaption Rescuers in a flooded street.", "published": "2024-02-10"}',
            "no body text",
        ),
        (
            '{"text": "...\\n\\n___\\n\\nJane Doe reported from Rome.", "published": "2024-02-10"}',
            "no body text",
        ),
    ],
)
def test_hostile_json_articles_are_422s_that_say_why(client: TestClient, body: str, says: str) -> None:
    before = article_count(client)
    response = client.post(
        "/v1/articles", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    problem(response, 422, says)
    assert article_count(client) == before


@pytest.mark.parametrize(
    "body",
    [
        b" date 2024-02-10 ___",
        b" date 2024-02-10 \n\n___\n\n   \n\n___",
        b" date 2024-02-10 Caption A burned car.",
    ],
)
def test_a_seed_article_without_body_text_is_refused(client: TestClient, body: bytes) -> None:
    before = article_count(client)
    problem(
        client.post("/v1/articles", content=body, headers={"Content-Type": "text/plain"}), 422, "no body text"
    )
    assert article_count(client) == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            "\ufeff date 2024-02-10 Heavy rain flooded the main road through Leeds on Friday.",
            "text/plain",
        ),
        (
            '\ufeff{"text": "Shares in the carmaker fell 4 percent on Tuesday.", "published": "2024-02-11"}',
            "application/json; charset=utf-8",
        ),
    ],
)
def test_a_byte_order_mark_is_stripped(client: TestClient, body: str, content_type: str) -> None:
    response = client.post(
        "/v1/articles", content=body.encode("utf-8"), headers={"Content-Type": content_type}
    )
    assert response.status_code in (200, 201), response.text
    text = client.get(f"/v1/articles/{response.json()['id']}", params={"include": "text"}).json()["text"]
    assert not text.startswith("\ufeff") and text[0].isalpha()


@pytest.mark.parametrize(
    "content_type",
    [
        "application/jsonp",
        "application/json-seq",
        "application/vnd.api+json",
        "text/plainx",
        "text/html",
        "text/plain; charset=iso-8859-1",
        "application/json; charset=utf-16",
    ],
)
def test_only_json_and_plain_text_in_utf8_are_read(client: TestClient, content_type: str) -> None:
    body = b'{"text": "Police said two men were arrested.", "published": "2024-02-10"}'
    before = article_count(client)
    response = client.post("/v1/articles", content=body, headers={"Content-Type": content_type})
    problem(response, 415, "send the article as")
    assert article_count(client) == before


def test_a_content_length_of_thousands_of_digits_is_a_413(client: TestClient) -> None:
    response = client.post(
        "/v1/articles",
        content=b" date 2024-02-10 Police said.",
        headers={"Content-Type": "text/plain", "Content-Length": "9" * 5000},
    )
    problem(response, 413, "limit")


# ---------------------------------------------------------------- cursors

HOSTILE_CURSORS = [
    '{"s":"id","d":null,"i":Infinity}',
    '{"s":"id","d":null,"i":-Infinity}',
    '{"s":"id","d":null,"i":NaN}',
    '{"s":"id","d":null,"i":1e400}',
    '{"s":"id","d":null,"i":%s}' % ("1" * 5000),
    '{"s":"id","d":Infinity,"i":1}',
    '{"s":"day","d":"2023-06-15","i":1,"k":NaN}',
    '{"s":Infinity,"d":null,"i":1}',
    '{"s":"id","d":null,"i":1,"l":1e400}',
]


@pytest.mark.parametrize("path", EVERY_LIST)
@pytest.mark.parametrize("payload", HOSTILE_CURSORS)
def test_hostile_cursors_are_400s(client: TestClient, harbor: dict, path: str, payload: str) -> None:
    cursor = b64(payload)
    assert len(cursor) <= 200 or "1111" in payload
    response = client.get(path, params={"cursor": cursor[:200]})
    problem(response, 400, "cursor")


def next_cursor(client: TestClient, path: str) -> str:
    page = client.get(path, params={"limit": 1}).json()
    assert page["next"], f"{path} has one page only: the test needs two"
    return page["next"]


@pytest.mark.parametrize(
    ("given_by", "used_on"),
    [
        ("/v1/claims", "/v1/quotes"),
        ("/v1/quotes", "/v1/figures"),
        ("/v1/figures", "/v1/claims"),
        ("/v1/claims", "/v1/facts"),
        ("/v1/facts", "/v1/claims"),
        ("/v1/people", "/v1/places"),
        ("/v1/places", "/v1/organizations"),
        ("/v1/articles", "/v1/people"),
        ("/v1/people", "/v1/articles"),
    ],
)
def test_a_cursor_continues_only_its_own_list(
    client: TestClient, harbor: dict, flood: dict, given_by: str, used_on: str
) -> None:
    cursor = next_cursor(client, given_by)
    assert client.get(given_by, params={"limit": 1, "cursor": cursor}).status_code == 200
    problem(client.get(used_on, params={"limit": 1, "cursor": cursor}), 400, "another list")


# ---------------------------------------------------------------- searches


@pytest.mark.parametrize("path", [*FACT_LISTS, *NAME_LISTS, "/v1/timeline", "/v1/figures/groups"])
@pytest.mark.parametrize("q", ["%", "_", "%%", "__", "", " ", "...", "'\"", "*"])
def test_a_q_without_letters_or_digits_is_a_400(client: TestClient, harbor: dict, path: str, q: str) -> None:
    problem(client.get(path, params={"q": q}), 400, "no letters or digits")


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("kovalenko", True),  # the control: the name is there
        ("ko_alenko", False),  # '_' is LIKE's any-character: unescaped, it found Kovalenko
        ("k%enko", False),  # folding drops '%', leaving "k enko"; no name holds that
        ("maria_", False),
    ],
)
def test_name_search_takes_wildcards_literally(client: TestClient, harbor: dict, q: str, found: bool) -> None:
    count = client.get("/v1/people", params={"q": q}).json()["count"]
    assert (count > 0) is found


def test_a_surname_lookup_takes_wildcards_literally(client: TestClient, harbor: dict) -> None:
    assert client.get("/v1/people/kovalenko").status_code == 200
    assert client.get("/v1/people/_ovalenko").status_code == 404
    assert client.get("/v1/quotes", params={"person": "_ovalenko"}).status_code == 404


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("path", ["/v1/claims", "/v1/facts", "/v1/timeline"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("to", "0"),
        ("from", "1686787200"),
        ("date", "20230615"),
        ("date", "2023-W24-4"),
        ("date", "2023-06-15T00:00:00"),
        ("from", "2023-6-15"),
        ("to", "2023-06-31"),
    ],
)
def test_date_parameters_take_yyyy_mm_dd_only(client: TestClient, path: str, name: str, value: str) -> None:
    problem(client.get(path, params={name: value}), 422, f"query.{name}")


def test_a_yyyy_mm_dd_date_filters(client: TestClient, harbor: dict) -> None:
    on_day = client.get("/v1/claims", params={"from": "2023-06-13", "to": "2023-06-15"})
    assert on_day.status_code == 200 and on_day.json()["count"] > 0
    assert client.get("/v1/claims", params={"to": "1970-01-01"}).json()["count"] == 0


# ---------------------------------------------------------------- protocol


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/people", {"GET"}),
        ("POST", "/v1/claims", {"GET"}),
        ("PATCH", "/v1/articles", {"GET", "POST"}),
        ("PUT", "/v1/articles/1", {"GET", "DELETE"}),
    ],
)
def test_a_405_says_what_is_allowed(client: TestClient, method: str, path: str, allowed: set[str]) -> None:
    response = client.request(method, path)
    problem(response, 405, "not allowed")
    assert allowed <= {m.strip() for m in response.headers["allow"].split(",")}


def test_every_operation_documents_its_400(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            documented = op["responses"].get("400", {}).get("content", {}).get(PROBLEM, {})
            assert documented.get("schema", {}).get("$ref", "").endswith("/Problem"), f"{method} {path}"


@pytest.mark.parametrize(
    "name", ["api_key", "apikey", "key", "token", "access_token", "X-Api-Key", "client_secret", "password"]
)
def test_a_credential_in_the_query_string_is_not_logged(client: TestClient, caplog, name: str) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="factsapi.access"):
        response = client.get("/v1/claims", params={name: "s3cret-value", "limit": 2})
    assert response.status_code == 400, "a key in the query is an unknown parameter"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factsapi.access"]
    query = next(line["query"] for line in lines if line["request_id"] == response.headers["x-request-id"])
    assert "s3cret" not in caplog.text
    assert f"{name}=[redacted]" in query and "limit=2" in query


@pytest.mark.parametrize("path", ["/v1/claims", "/v1/people"])
def test_the_schema_says_what_q_and_cursor_take(
    client: TestClient, harbor: dict, flood: dict, path: str
) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}
    # beside the anyOf of string and null: a pattern constrains strings only
    q, cursor = params["q"], params["cursor"]
    assert re.search(q["pattern"], "Kovalenko") and re.search(q["pattern"], "Київ")
    assert not re.search(q["pattern"], "%_ '*")
    assert re.search(cursor["pattern"], next_cursor(client, path))
