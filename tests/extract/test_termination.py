"""Every article ends: texts that once looped for ever (no main verb) go through the extractor.

A hang must fail the test, not hang the suite (pytest-timeout is not installed): each
extraction runs in a daemon thread that the test waits on with a timeout.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from spacy.language import Language

from app.extract.pipeline import ArticleFacts, extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import build_article

WAIT_S = 30.0  # an article of a few lines takes well under a second

# texts without a main verb around their numbers: headlines, tables, scoreboards, lists
VERBLESS = [
    "2 teens arrested for shooting puppy",
    "three members",
    "Lakers 102, Celtics 99",
    "1. Smith 12 pts 2. Jones 9 pts 3. Brown 7 pts",
    "FINAL\nYankees 5\nRed Sox 3",
    "Dow 33,875.40 +0.5%\nS&P 500 4,298.86 -0.2%\nNasdaq 13,238.52 +1.1%",
    "Brent crude $84.20 a barrel, gold $1,950 an ounce.",
    "5 KILLED IN BUS CRASH NEAR LIMA",
    "SEVEN DEAD, 40 HURT AS QUAKE HITS COAST",
    "Casualties:\n- 3 dead\n- 14 injured\n- 2 missing",
    "Death toll: 12. Injured: 30. Missing: 4.",
    "Over 200 homes without power after storm",
    "Two arrests, one charge, no motive",
    "Round 3: Ohio State 24, Michigan 17 (final)",
]


def extract_within(text: str, nlp: Language, seconds: float = WAIT_S) -> ArticleFacts:
    """Extract an article of `text`, failing the test if it takes more than `seconds`."""
    article = build_article(text, dt.date(2024, 5, 2))
    gazetteer = get_gazetteer()
    out: list[ArticleFacts] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(extract_article(article, nlp, gazetteer))
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)  # a hung daemon thread does not hold pytest
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"extraction of {text!r} did not end within {seconds} s"
    if errors:
        raise errors[0]
    return out[0]


@pytest.mark.parametrize("text", VERBLESS)
def test_verbless_text_ends(text: str, nlp: Language) -> None:
    facts = extract_within(text, nlp)  # what it makes of the numbers is other tests' business
    for fig in facts.figures:
        assert 0 <= fig.figure.start < fig.figure.end <= len(text)


def test_many_verbless_paragraphs_end_together(nlp: Language) -> None:
    """One article of all the tables and headlines above, each its own paragraph."""
    text = "\n\n".join(VERBLESS)
    facts = extract_within(text, nlp)
    assert len(facts.article.segments) == len(VERBLESS)
