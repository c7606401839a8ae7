"""The clauses around a figure's number, report days and capitals, read from the parse."""

import itertools

import pytest
from spacy.language import Language

from app.extract.casualties.incident import capital_of, clause_scopes, is_report_day, tells_incident


@pytest.mark.parametrize(
    ("text", "number", "widest"),
    [
        # the clause it hangs on is the incident's: the town there is tied to the figure
        (
            "Russian forces shelled Kharkiv on Monday, killing four civilians.",
            "four",
            "Russian forces shelled",
        ),
        # a relative clause on an incident noun tells that incident
        ("A strike that killed 12 people hit the market.", "12", "A strike that killed"),
        # beyond a noun that is no incident the sentence is about something else
        (
            "Talks resumed in Istanbul, six weeks into a war that has seen thousands die.",
            "thousands",
            "that has seen",
        ),
    ],
)
def test_clause_scopes_stop_where_the_incident_ends(
    nlp: Language, text: str, number: str, widest: str
) -> None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == number)
    scopes = clause_scopes(token)
    assert scopes[-1].text.startswith(widest), [s.text for s in scopes]
    assert all(a.start >= b.start and a.end <= b.end for a, b in itertools.pairwise(scopes))


@pytest.mark.parametrize(
    ("text", "day", "said"),
    [
        ("Two people were killed, officials said on Tuesday.", "Tuesday", True),
        ("Two people were killed on Tuesday, officials said.", "Tuesday", False),
        ("The missile strike Tuesday killed 20, the ministry said.", "Tuesday", False),
        ("Police said Sunday that a man was shot.", "Sunday", True),
    ],
)
def test_a_day_hanging_on_a_reporting_verb_is_a_report_day(
    nlp: Language, text: str, day: str, said: bool
) -> None:
    token = next(t for t in nlp(text) if t.text == day)
    assert is_report_day(token) is said


@pytest.mark.parametrize(
    ("text", "tells"),
    [
        ("Russian missiles hit Odesa on Monday night.", True),
        ("A tornado tore through the town.", True),
        ("Talks were set to resume on Friday.", False),
    ],
)
def test_tells_incident(nlp: Language, text: str, tells: bool) -> None:
    assert tells_incident(next(iter(nlp(text).sents))) is tells


@pytest.mark.parametrize(
    ("code", "capital"), [("UA", "Kyiv"), ("us", "Washington"), ("GB", "London"), ("XX", None)]
)
def test_capital_of(code: str, capital: str | None) -> None:
    assert capital_of(code) == capital
