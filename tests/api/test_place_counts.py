"""A place's figures: their `count` is the number of figures the pages walk, filters or not.

A figure is at a place by its own place or, having none, by a place its sentence names;
the count adds those two arms up apart (each an index on PostgreSQL), so a figure counted
under both, or under neither, would show here as a count the pages disagree with.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient


def walk(client: TestClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure under the filters, page by page."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = client.get("/v1/figures", params={**params, "limit": 2, "cursor": cursor}).json()
        found += body["data"]
        if not (cursor := body["next"]):
            return found


@pytest.mark.parametrize("extra", [{}, {"category": "killed"}, {"min_value": 2}])
def test_a_places_figure_count_is_what_its_pages_hold(corpus: TestClient, extra: dict[str, Any]) -> None:
    facets = corpus.get("/v1/figures", params={"facets": "place", **extra}).json()["facets"]["place"]
    assert len(facets) >= 3
    for facet in facets:
        params = {"place": facet["value"], **extra}
        count = corpus.get("/v1/figures", params={**params, "limit": 1}).json()["count"]
        figures = walk(corpus, params)
        assert count == len(figures) == len({f["id"] for f in figures}), facet
        # a country's figures take in its towns': at least those at the country itself
        assert count >= facet["count"], facet
