"""Local crime and disaster reports, whole: the number killed that each article reports.

The articles under tests/data/crime are written for these tests in the style of wire and
local-news copy; `expected.json` gives each one's killed count (0 when nobody died) and
the town it happened in. An article's killed count is the largest killed figure found.
"""

import json
from pathlib import Path

import pytest
from spacy.language import Language

from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import Gazetteer, get_gazetteer
from app.extract.text.article import read_seed_format

CRIME = Path(__file__).parent.parent / "data" / "crime"
EXPECTED: dict[str, dict] = json.loads((CRIME / "expected.json").read_text())


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


def killed_count(text: str, nlp: Language, gazetteer: Gazetteer) -> int:
    """The number killed an article reports: its largest killed figure, 0 without one."""
    facts = extract_article(read_seed_format(text), nlp, gazetteer)
    values = [
        f.figure.value if f.figure.value is not None else f.figure.value_min or 0
        for f in facts.figures
        if f.figure.category == "killed"
    ]
    return max(values, default=0)


def test_every_article_has_an_expectation() -> None:
    assert sorted(p.stem for p in CRIME.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_killed_count(nlp: Language, gazetteer: Gazetteer, name: str) -> None:
    text = (CRIME / f"{name}.txt").read_text()
    assert killed_count(text, nlp, gazetteer) == EXPECTED[name]["killed"]
