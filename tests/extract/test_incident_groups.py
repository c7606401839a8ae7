"""Which reports are one incident: a report without its day joins the one incident it can be."""

import datetime as dt

import pytest
from spacy.language import Language

from app.extract.article import build_article
from app.extract.gazetteer import get_gazetteer
from app.extract.pipeline import extract_article

LEAD_THEN_DAY = (
    "Rescue crews searched the rubble of a bakery in Kherson after a missile strike that officials "
    "said killed at least 7 people.\n\n"
    "The regional governor said 7 people were killed in the strike on Monday in the centre of Kherson."
)
TWO_DAYS = (
    "Officials said 4 people were killed in Kherson.\n\n"
    "Shelling killed 3 people in Kherson on Monday, the regional governor said.\n\n"
    "Another strike killed 5 people in Kherson on Wednesday, he said."
)


@pytest.mark.parametrize(
    ("text", "undated_joins"),
    [
        (LEAD_THEN_DAY, True),  # one incident told twice: the undated lead is that strike
        (TWO_DAYS, False),  # two days, so the undated report could be either: it stays apart
    ],
)
def test_a_report_without_a_day_joins_the_one_incident_of_its_place(
    nlp: Language, text: str, undated_joins: bool
) -> None:
    article = build_article(text, dt.date(2024, 5, 16))
    facts = extract_article(article, nlp, get_gazetteer())
    killed = [f for f in facts.figures if f.figure.category == "killed"]
    undated = [f for f in killed if f.date is None]
    dated = {f.incident for f in killed if f.date is not None}
    assert undated and dated, [(f.figure.text, f.date) for f in killed]
    for fig in undated:
        assert (fig.incident in dated) is undated_joins
        assert fig.date is None  # the group is shared; the report's own day is still not invented
