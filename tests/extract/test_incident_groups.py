"""Which reports are one incident: a report without its day joins the one incident it can be, and takes its day."""

import datetime as dt

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


def test_a_report_without_a_day_takes_the_one_incident_day_of_its_place(nlp: Language) -> None:
    """One incident told twice: the undated lead is that strike, and its day is the strike's."""
    facts = extract_article(build_article(LEAD_THEN_DAY, dt.date(2024, 5, 16)), nlp, get_gazetteer())
    killed = [f for f in facts.figures if f.figure.category == "killed"]
    assert len(killed) == 2, [(f.figure.text, f.date) for f in killed]
    assert {f.date for f in killed} == {dt.date(2024, 5, 13)}
    assert len({f.incident for f in killed}) == 1


def test_a_report_without_a_day_stays_apart_when_its_place_has_two(nlp: Language) -> None:
    """Two days told for the town: the undated report could be either, so it keeps no day and no group."""
    facts = extract_article(build_article(TWO_DAYS, dt.date(2024, 5, 16)), nlp, get_gazetteer())
    killed = [f for f in facts.figures if f.figure.category == "killed"]
    undated = [f for f in killed if f.date is None]
    dated = {f.incident for f in killed if f.date is not None}
    assert undated and len(dated) == 2, [(f.figure.text, f.date) for f in killed]
    assert all(f.incident is None for f in undated)
