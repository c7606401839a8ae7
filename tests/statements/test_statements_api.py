"""/v1/statements over the real app: a mayor's words reported three ways in three articles.

The stories are ours (short, to test the API's contract); how well grouping does on real
news is test_statements_corpus.py's measure.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import corpus_app

STORIES = {
    "a_first.txt": """ date 2024-03-01 Springfield bridge to reopen

Mayor Jane Holloway said that repairs were nearly done. "The bridge will reopen to traffic in the spring, and every lane will be open before the summer," Holloway said at a news conference in Springfield.

"We are grateful to the crews who worked through the winter," Holloway said.
""",
    "b_cut.txt": """ date 2024-03-02 Springfield bridge reopens in the spring

"The bridge will reopen to traffic in the spring," Mayor Jane Holloway said.

Governor Tom Briggs welcomed the news. "The bridge will reopen to traffic in the spring," Briggs said in a statement.
""",
    "c_reworded.txt": """ date 2024-03-04 Traffic returns to Springfield bridge

"The bridge will reopen to all traffic in the spring, and every lane will be open before this summer," Mayor Jane Holloway told reporters.
""",
}
BRIDGE = "The bridge will reopen to traffic in the spring, and every lane will be open before the summer,"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("stories")
    for name, text in STORIES.items():
        (folder / name).write_text(text)
    with corpus_app(tmp_path_factory.mktemp("db"), "statements_api", articles=folder) as app_client:
        yield app_client


def holloway(client: TestClient, **params: object) -> list[dict]:
    page = client.get("/v1/statements", params={"person": "Holloway", **params})
    assert page.status_code == 200, page.text
    return page.json()["data"]


def test_one_statement_reported_three_ways_is_one_with_its_reach(client: TestClient) -> None:
    bridge, grateful = holloway(client)  # by first report, then id
    assert bridge["text"].startswith("The bridge will reopen") and "all traffic" in bridge["text"]
    assert bridge["source"]["name"] == "Jane Holloway" and "Holloway" in bridge["source_text"]
    quoted = client.get("/v1/quotes", params={"statement": bridge["id"]}).json()["data"]
    words = {q["id"]: q["speaker_text"] for q in quoted}
    assert [occ["source_text"] for occ in bridge["occurrences"]] == [
        words[o["quote_id"]] for o in bridge["occurrences"]
    ]
    assert bridge["source_text"] == bridge["occurrences"][0]["source_text"]
    assert (bridge["articles"], bridge["quotes"]) == (3, 3)
    assert (bridge["first_day"], bridge["last_day"]) == ("2024-03-01", "2024-03-04")
    days = [occ["day"] for occ in bridge["occurrences"]]
    assert days == sorted(days) and len(days) == 3
    occ = bridge["occurrences"][0]
    assert occ["span"]["article_id"] == occ["article_id"] and "article" not in occ
    assert grateful["articles"] == 1 and grateful["text"].startswith("We are grateful")


def test_two_speakers_saying_the_same_words_stay_apart(client: TestClient) -> None:
    briggs = client.get("/v1/statements", params={"person": "Briggs"}).json()["data"]
    assert len(briggs) == 1 and briggs[0]["articles"] == 1
    assert briggs[0]["id"] not in {s["id"] for s in holloway(client)}


def test_quotes_carry_their_statement_and_filter_by_it(client: TestClient) -> None:
    bridge = holloway(client)[0]
    quotes = client.get("/v1/quotes", params={"statement": bridge["id"]}).json()
    assert quotes["count"] == 3
    assert {q["id"] for q in quotes["data"]} == {o["quote_id"] for o in bridge["occurrences"]}
    assert all(q["statement_id"] == bridge["id"] for q in quotes["data"])


def test_sort_by_reach_pages_with_a_cursor(client: TestClient) -> None:
    first = client.get("/v1/statements", params={"sort": "reach", "limit": 1})
    assert first.status_code == 200 and first.json()["data"][0]["articles"] == 3
    assert first.json()["count"] == 3 and 'rel="next"' in first.headers["link"]
    seen = [first.json()["data"][0]["id"]]
    nxt = first.json()["next"]
    while nxt:
        page = client.get("/v1/statements", params={"sort": "reach", "limit": 1, "cursor": nxt}).json()
        seen += [s["id"] for s in page["data"]]
        nxt = page["next"]
    assert len(seen) == len(set(seen)) == 3
    other = client.get("/v1/statements", params={"sort": "first", "limit": 1, "cursor": first.json()["next"]})
    assert other.status_code == 400 and other.json()["type"].endswith("bad-cursor")
    quotes_cursor = client.get("/v1/quotes", params={"limit": 1}).json()["next"]
    assert client.get("/v1/statements", params={"sort": "id", "cursor": quotes_cursor}).status_code == 400


def test_the_quote_filters_choose_statements_shown_whole(client: TestClient) -> None:
    late = holloway(client, **{"from": "2024-03-03"})
    assert [s["articles"] for s in late] == [3]  # matched by its third report, shown with all three
    assert holloway(client, q="grateful crews")[0]["text"].startswith("We are grateful")
    both = client.get("/v1/statements", params={"person": "Holloway,Briggs", "facets": "person,date"}).json()
    assert both["count"] == 3
    people = {f["label"]: f["count"] for f in both["facets"]["person"]}
    assert people == {"Jane Holloway": 2, "Tom Briggs": 1}
    assert client.get("/v1/statements", params={"facets": "category"}).status_code == 400


def test_one_statement_by_id_with_its_articles(client: TestClient) -> None:
    bridge = holloway(client)[0]
    one = client.get(f"/v1/statements/{bridge['id']}", params={"expand": "article", "occurrences": 2})
    assert one.status_code == 200
    body = one.json()
    assert body["id"] == bridge["id"] and len(body["occurrences"]) == 2
    assert body["occurrences"][0]["article"]["title"] == "Springfield bridge to reopen"
    missing = client.get("/v1/statements/999999")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    bad = client.get("/v1/statements", params={"expand": "speaker"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "expand"


def test_deleting_articles_recounts_and_drops_their_statements(client: TestClient) -> None:
    bridge, grateful = holloway(client)
    first_article = bridge["occurrences"][0]["article_id"]
    assert client.delete(f"/v1/articles/{first_article}").status_code == 204
    after = {s["id"]: s for s in holloway(client)}
    assert grateful["id"] not in after  # its only report is gone
    assert client.get(f"/v1/statements/{grateful['id']}").status_code == 404
    kept = after[bridge["id"]]
    assert (kept["articles"], kept["first_day"]) == (2, "2024-03-02")
    assert kept["text"] == BRIDGE.replace("to traffic", "to all traffic").replace("the summer", "this summer")


def test_statement_is_documented_with_its_operation_ids(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert paths["/v1/statements"]["get"]["operationId"] == "listStatements"
    assert paths["/v1/statements/{statement_id}"]["get"]["operationId"] == "getStatement"
