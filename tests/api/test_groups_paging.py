"""/v1/figures/groups pages, counts, sorts, facets and filters like the other lists (issue #14, point 5).

Over the articles of tests/corpus/: every expectation is read from /v1/figures under the same
filters, never from one article's numbers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

SORTS = ("id", "-id", "day", "-day")


def walk(
    client: TestClient, path: str, params: dict[str, Any], rows_in: str = "data"
) -> tuple[list[dict], list[Any]]:
    """Every row of a list, page by page through `next`: the rows and each page's response
    (`rows_in`: the member holding them, `features` in GeoJSON)."""
    rows: list[dict] = []
    pages = []
    cursor = None
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        pages.append(response)
        body = response.json()
        rows += body[rows_in]
        cursor = body["next"]
        if not cursor:
            return rows, pages
        assert len(pages) < 1000, "the pages never end"


NOT_CASUALTIES = ("population", "other")


def group_of(fig: dict) -> str | None:
    """A figure's group: its incident, or its place's undated running toll (a casualty figure
    with a place and no incident), as the map counts them."""
    if fig["incident"]:
        return fig["incident"]
    if fig["place"] and fig["category"] not in NOT_CASUALTIES:
        return f"{fig['category']}|#{fig['place']['id']}|"
    return None


def grouped_figures(client: TestClient, params: dict[str, Any]) -> dict[str, set[int]]:
    """The ids of the figures of each group under the filters, read from /v1/figures."""
    figures, _pages = walk(client, "/v1/figures", {**params, "limit": 500})
    out: dict[str, set[int]] = {}
    for fig in figures:
        if key := group_of(fig):
            out.setdefault(key, set()).add(fig["id"])
    return out


def sort_key(group: dict, sort: str) -> tuple[str, int] | int:
    """Where a group sorts: by its first report (lowest id), or its earliest day and then that."""
    first = min(r["id"] for r in group["reports"])
    return (min(r["day"] for r in group["reports"]), first) if sort.lstrip("-") == "day" else first


@pytest.mark.parametrize("sort", SORTS)
def test_limit_one_walks_every_group_once_in_order(corpus: TestClient, sort: str) -> None:
    groups, pages = walk(corpus, "/v1/figures/groups", {"limit": 1, "sort": sort})
    incidents = [g["incident"] for g in groups]
    assert len(incidents) == len(set(incidents)), "a group came twice"
    expected = grouped_figures(corpus, {})
    assert len(expected) >= 10, "the corpus should hold many incidents"
    assert {g["incident"]: {r["id"] for r in g["reports"]} for g in groups} == expected
    assert all(p.json()["count"] == len(groups) for p in pages)
    # a Link to the next page on every page but the last, carrying the page's own `next`
    for page in pages[:-1]:
        assert page.headers["link"].endswith('>; rel="next"')
        assert f"cursor={page.json()['next']}" in page.headers["link"]
    assert "link" not in pages[-1].headers
    keys = [sort_key(g, sort) for g in groups]
    assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_a_page_count_is_every_group_not_the_page(corpus: TestClient) -> None:
    page = corpus.get("/v1/figures/groups", params={"limit": 2}).json()
    assert len(page["data"]) == 2
    assert page["count"] == len(grouped_figures(corpus, {})) > 2


def test_the_link_header_pages_on(corpus: TestClient) -> None:
    first = corpus.get("/v1/figures/groups", params={"limit": 3, "sort": "-day"})
    url = first.headers["link"].removeprefix("<").split(">;")[0]
    following = corpus.get(url).json()
    shown = [g["incident"] for g in first.json()["data"] + following["data"]]
    every = [g["incident"] for g in corpus.get("/v1/figures/groups", params={"sort": "-day"}).json()["data"]]
    assert shown == every[:6]


def test_a_cursor_of_another_list_or_sort_is_a_400(corpus: TestClient) -> None:
    figures_next = corpus.get("/v1/figures", params={"limit": 1}).json()["next"]
    response = corpus.get("/v1/figures/groups", params={"cursor": figures_next})
    assert response.status_code == 400 and "another list" in response.json()["detail"]
    groups_next = corpus.get("/v1/figures/groups", params={"limit": 1, "sort": "day"}).json()["next"]
    assert corpus.get("/v1/figures/groups", params={"cursor": groups_next, "sort": "-day"}).status_code == 400
    assert corpus.get("/v1/figures", params={"cursor": groups_next, "sort": "day"}).status_code == 400
    # the old cursor, a bare incident key, is no cursor of this API
    assert corpus.get("/v1/figures/groups", params={"cursor": "killed|odesa|2023-06-13"}).status_code == 400


def test_facets_count_groups_over_the_whole_set(corpus: TestClient) -> None:
    body = corpus.get(
        "/v1/figures/groups", params={"limit": 1, "facets": "category,place,day,person,segment"}
    ).json()
    groups, _pages = walk(corpus, "/v1/figures/groups", {"limit": 500})
    by_category = Counter(g["category"] for g in groups)
    assert {f["value"]: f["count"] for f in body["facets"]["category"]} == by_category
    by_place = Counter(g["place"]["id"] for g in groups if g["place"])
    assert {f["value"]: f["count"] for f in body["facets"]["place"]} == by_place
    # a group counts once under each value its reports hold
    by_day = Counter(day for g in groups for day in {r["day"] for r in g["reports"]})
    assert {f["value"]: f["count"] for f in body["facets"]["day"]} == by_day
    people = Counter(
        person for g in groups for person in {r["source"]["id"] for r in g["reports"] if is_person(r)}
    )
    assert {f["value"]: f["count"] for f in body["facets"]["person"]} == people
    assert sum(f["count"] for f in body["facets"]["segment"]) >= len(groups)
    assert corpus.get("/v1/figures/groups", params={"facets": "kind"}).status_code == 400


def is_person(figure: dict) -> bool:
    return bool(figure["source"]) and figure["source"]["kind"] == "person"


def filters_of(client: TestClient) -> list[dict[str, Any]]:
    """One of each filter /v1/figures takes, with values drawn from the stored figures."""
    figures, _pages = walk(client, "/v1/figures", {"limit": 500})
    grouped = [f for f in figures if group_of(f)]
    sourced = next(f for f in grouped if is_person(f))
    organized = next(f for f in grouped if f["source"] and f["source"]["kind"] == "organization")
    placed = next(f for f in grouped if f["place"])
    days = sorted({f["day"] for f in grouped})
    values = sorted(f["value"] for f in grouped if f["value"] is not None)
    return [
        {"person": sourced["source"]["name"]},
        {"organization": organized["source"]["id"]},
        {"place": placed["place"]["name"]},
        {"date": days[len(days) // 2]},
        {"from": days[1], "to": days[-2]},
        {"article": grouped[len(grouped) // 2]["span"]["article_id"]},
        {"segment": "body"},
        {"category": "killed"},
        {"min_value": values[len(values) // 2]},
        {"category": "injured", "from": days[0]},
    ]


def test_every_figure_filter_applies(corpus: TestClient) -> None:
    for params in filters_of(corpus):
        expected = grouped_figures(corpus, params)
        groups, pages = walk(corpus, "/v1/figures/groups", {**params, "limit": 2})
        assert expected, f"{params} should keep some groups"
        assert {g["incident"]: {r["id"] for r in g["reports"]} for g in groups} == expected, params
        assert pages[0].json()["count"] == len(expected), params


def test_a_places_groups_add_up_to_its_map_total(corpus: TestClient) -> None:
    """Undated running tolls are groups too, and `counted` adds each group's share once (#23 point 4)."""
    groups, _pages = walk(corpus, "/v1/figures/groups", {"limit": 500})
    running = [g for g in groups if g["day"] is None]
    assert running, "the corpus holds undated casualty figures with a place"  # before: left out
    # a running toll's key has no day: `day` is null (the deprecated `date` the same), never a 500
    assert all(g["incident"].endswith("|") and g["date"] is None for g in running)
    assert all(g["date"] == g["day"] for g in groups)
    added: dict[int, Counter[str]] = {}
    for g in groups:
        added.setdefault(g["place"]["id"], Counter())[g["category"]] += g["counted"]
    features, _pages = walk(corpus, "/v1/places.geojson", {"limit": 500}, rows_in="features")
    totals = {f["id"]: f["properties"]["casualties"] for f in features if f["properties"]["casualties"]}
    assert totals == {place: dict(c) for place, c in added.items()}
    # a running toll's reports are one /v1/figures?incident= away, as an incident's are
    for g in running:
        listed = corpus.get("/v1/figures", params={"incident": g["incident"], "limit": 500}).json()
        assert {r["id"] for r in listed["data"]} == {r["id"] for r in g["reports"]}


def test_groups_expand_their_reports_and_place(corpus: TestClient) -> None:
    """A place's casualty card in one request: the reports' articles and the place itself."""
    plain = corpus.get("/v1/figures/groups", params={"limit": 5}).json()["data"]
    assert all("article" not in r for g in plain for r in g["reports"])
    body = corpus.get("/v1/figures/groups", params={"limit": 5, "expand": "article,place,source"})
    assert body.status_code == 200, body.text
    for g in body.json()["data"]:
        for report in g["reports"]:
            assert report["article"]["id"] == report["span"]["article_id"]
            assert "lat" in report["place"] and "country" in report["place"]
    wrong = corpus.get("/v1/figures/groups", params={"expand": "speakers"})
    assert wrong.status_code == 400 and wrong.json()["parameter"] == "expand"
