"""The grouping measured on real articles quoting the same words (README.md beside this file).

Every article is POSTed to the real app; each quote the hand-written grouping lists
(expected.json, written before the grouping ran) is found among the article's quotes,
and pairs of them are scored: a pair in one expected statement should share a
`statement_id`, any other pair should not. Pairwise precision and recall, as issue #25
asks (P >= 0.95, R >= 0.90).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.statements.words import words
from tests.api.conftest import corpus_app

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"


@dataclass(frozen=True)
class Found:
    label: str  # the expected statement
    where: str  # article and words, to name it in a failure
    statement_id: int | None


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Found], list[str]]]:
    """Each listed quote as stored, with its statement; and those the extractor did not find."""
    empty = tmp_path_factory.mktemp("none")
    with corpus_app(tmp_path_factory.mktemp("statements"), "statements", articles=empty) as client:
        ids = {path.stem: post(client, path) for path in sorted(ARTICLES.glob("*.txt"))}
        yield match_expected(client, ids)


def post(client: TestClient, path: Path) -> int:
    response = client.post("/v1/articles", content=path.read_bytes(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 201, (path.name, response.text)
    return int(response.json()["id"])


def match_expected(client: TestClient, ids: dict[str, int]) -> tuple[list[Found], list[str]]:
    expected = json.loads((HERE / "expected.json").read_text())["statements"]
    quotes: dict[int, list[dict]] = {}
    out, missed = [], []
    for label, occurrences in expected.items():
        for occ in occurrences:
            (stem,) = [s for s in ids if s.startswith(occ["article"])]
            article = ids[stem]
            if article not in quotes:
                page = client.get("/v1/quotes", params={"article": article, "limit": 500}).json()
                quotes[article] = sorted(page["data"], key=lambda q: q["span"]["start"])
            holding = [q for q in quotes[article] if contains(words(q["text"]), words(occ["quote"]))]
            where = f"{occ['article']}: {occ['quote']!r} #{occ.get('nth', 0)}"
            if len(holding) <= occ.get("nth", 0):
                missed.append(where)
                continue
            out.append(Found(label, where, holding[occ.get("nth", 0)]["statement_id"]))
    return out, missed


def contains(text: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(text[i : i + len(part)] == part for i in range(len(text) - len(part) + 1))


def pairwise(found: list[Found]) -> tuple[int, int, int, list[str]]:
    """True positive, false positive and false negative pairs, and the wrong ones named."""
    tp = fp = fn = 0
    wrong = []
    for a, b in itertools.combinations(found, 2):
        same, grouped = a.label == b.label, a.statement_id is not None and a.statement_id == b.statement_id
        tp += same and grouped
        fp += grouped and not same
        fn += same and not grouped
        if same != grouped:
            wrong.append(f"{'apart' if same else 'joined'}: {a.where} / {b.where}")
    return tp, fp, fn, wrong


def test_every_quote_stored_has_a_statement(found: tuple[list[Found], list[str]]) -> None:
    assert all(f.statement_id is not None for f in found[0])


def test_grouping_precision_and_recall(found: tuple[list[Found], list[str]]) -> None:
    listed, missed = found
    tp, fp, fn, wrong = pairwise(listed)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"\nstatements: {len(listed)} quotes found, {len(missed)} not extracted {missed}")
    print(f"pairs: {tp} joined right, {fp} joined wrongly, {fn} left apart; P {precision:.3f} R {recall:.3f}")
    print("\n".join(wrong))
    assert tp + fn >= 8, "too few expected pairs were extracted to measure anything"
    assert precision >= 0.95 and recall >= 0.90, wrong
