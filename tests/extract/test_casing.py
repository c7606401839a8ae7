"""Headline case: shouted and Title Case lines set in sentence case, offsets kept; and what it does for NER."""

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from app.config import get_settings
from app.extract.pipeline import extract_articles
from app.extract.places.gazetteer import Gazetteer, get_gazetteer
from app.extract.text.article import build_article
from app.extract.text.casing import headline_case
from app.extract.text.folding import fold

NER_SET = Path(__file__).parent.parent / "data" / "headlines" / "ner.json"
KINDS = {"person": "people", "place": "places", "organization": "organizations"}
PEER_LABELS = {"PERSON": "people", "GPE": "places", "LOC": "places", "FAC": "places", "ORG": "organizations"}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shouted headlines: common words down, places and nationalities Title Case, acronyms kept
        ("MAN KILLED, TWO WOUNDED IN DAYTON BAR SHOOTING", "Man killed, two wounded in Dayton bar shooting"),
        ("EU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB", "EU rejects German call to boycott British lamb"),
        ("ZELENSKY'S AIDE SAYS US WILL SEND MORE ARMS", "Zelensky's aide says US will send more arms"),
        ("FLOODS HIT LOS ANGELES AND SAN DIEGO", "Floods hit Los Angeles and San Diego"),
        ("NBA FINES PLAYER FOR FIGHT", "NBA fines player for fight"),
        ("BRUSSELS 1996-08-22", "Brussels 1996-08-22"),
        # a town that is also a verb or adjective is read as the word
        ("SURPRISE WIN FOR MOBILE TEAM", "Surprise win for mobile team"),
        # Title Case headlines
        ("Stocks Slide as Tech Shares Drag Markets Lower", "Stocks slide as tech shares drag markets lower"),
        ("Police: Gunman Kills 2 at Nashville Office", "Police: gunman kills 2 at Nashville office"),
        # a dateline in capitals opening a paragraph
        ("KALAMAZOO, Mich. (AP) — A man was shot.", "Kalamazoo, Mich. (AP) — A man was shot."),
        ("ROLLING FORK, Miss. (AP) — A tornado hit.", "Rolling Fork, Miss. (AP) — A tornado hit."),
        # left alone: sentence case, names alone, capitals inside a sentence
        (
            "Northrop Grumman and Airbus parent EADS defeat Boeing for $40 billion US airtanker contract",
            "Northrop Grumman and Airbus parent EADS defeat Boeing for $40 billion US airtanker contract",
        ),
        ("John Smith and Jane Doe", "John Smith and Jane Doe"),
        ("said Stephen Harper, Prime Minister of Canada.", "said Stephen Harper, Prime Minister of Canada."),
        (
            "Prime Minister Justin Trudeau Visits Ottawa Hospital.",
            "Prime Minister Justin Trudeau Visits Ottawa Hospital.",
        ),
        ("The NATO summit opened in Vilnius on Tuesday.", "The NATO summit opened in Vilnius on Tuesday."),
    ],
)
def test_headline_case(nlp: Language, gazetteer: Gazetteer, text: str, expected: str) -> None:
    assert headline_case(text, nlp, gazetteer) == expected


@pytest.mark.parametrize(
    ("text", "expected_first_line"),
    [
        # a word takes the case the article gives it elsewhere
        (
            "LAKERS RALLY PAST CELTICS\n\nThe Lakers beat the Celtics on Sunday.",
            "Lakers rally past Celtics",
        ),
        ("APPLE SHARES FALL\n\nApple said sales of the iPhone fell in China.", "Apple shares fall"),
        ("OPEC Agrees Deeper Cuts\n\nOPEC agreed on Sunday to cut output.", "OPEC agrees deeper cuts"),
    ],
)
def test_words_take_the_articles_case(
    nlp: Language, gazetteer: Gazetteer, text: str, expected_first_line: str
) -> None:
    assert headline_case(text, nlp, gazetteer).split("\n")[0] == expected_first_line


def test_offsets_and_length_are_kept(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "STRASSE IN MÜNCHEN GESPERRT\n\n  KYIV, Ukraine (AP) — Officials in Kyiv said.\n"
    out = headline_case(text, nlp, gazetteer)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if not c.isalpha()] == [
        i for i, c in enumerate(text) if not c.isalpha()
    ]
    assert out.lower() == text.lower()


def test_a_text_without_headlines_is_unchanged(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "A man was shot and killed outside a bar in Kalamazoo, police said.\n\nNo arrests were made."
    assert headline_case(text, nlp, gazetteer) is text


def _mentions(found: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(fold(name), kind) for kind, names in found.items() for name in names}


def _f1(gold: list[set[tuple[str, str]]], pred: list[set[tuple[str, str]]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_pred, n_gold = sum(map(len, pred)), sum(map(len, gold))
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 1.0


def test_headlines_sports_and_markets_ner_beats_bare_spacy(nlp: Language, gazetteer: Gazetteer) -> None:
    """People, places and organisations in headline, sports, markets and crime copy (names per text).

    Bare spaCy scores 0.68 on this set; we scored 0.77 before headline case, 0.85 with it.
    """
    docs = json.loads(NER_SET.read_text())
    articles = [build_article(d["text"], dt.date(2024, 1, 1)) for d in docs]
    gold = [_mentions({k: d[k] for k in ("people", "places", "organizations")}) for d in docs]
    ours = [
        {(fold(a.text[m.start : m.end]), KINDS[e.kind]) for e in facts.entities for m in e.mentions}
        for a, facts in zip(articles, extract_articles(articles, nlp, gazetteer), strict=True)
    ]
    bare = spacy.load(get_settings().spacy_model)
    peer = [
        {(fold(e.text), PEER_LABELS[e.label_]) for e in doc.ents if e.label_ in PEER_LABELS}
        for doc in bare.pipe([a.text for a in articles])
    ]
    ours_f1, peer_f1 = _f1(gold, ours), _f1(gold, peer)
    assert ours_f1 >= 0.80
    assert ours_f1 > peer_f1 + 0.1
