"""Values at the edge of their range: no category, count or date outside what the API can hold."""

import datetime as dt

import pytest
from spacy.language import Language

from app.extract.casualties.figures import extract_figures
from app.extract.casualties.numbers import MAX_PEOPLE, read_count
from app.extract.dates.resolve import extract_dates
from app.extract.types import Category

# negated or hypothetical counts read through a person noun, where "skip" once leaked as a category
UNREAL = [
    "Police said the suspect's deceased body was not found at the scene.",
    "No body was recovered from the river, officials said.",
    "The man's body was never found.",
    "Officers said a body could be found in the lake.",
]


@pytest.mark.parametrize("sentence", UNREAL)
def test_an_unreal_count_gives_no_figure_outside_the_categories(nlp: Language, sentence: str) -> None:
    figures = extract_figures(nlp(sentence))
    assert all(isinstance(f.category, Category) for f in figures), figures
    assert not [f for f in figures if f.category == "killed"], figures


@pytest.mark.parametrize(
    "words",
    [
        ["12345678901234567890123", "people"],
        ["between", "5", "and", "99999999999999999999", "people"],
        ["20000000000", "people"],
    ],
)
def test_a_count_beyond_everyone_alive_is_no_count(words: list[str]) -> None:
    assert read_count(words) is None


def test_the_largest_plausible_count_is_kept() -> None:
    found = read_count([str(MAX_PEOPLE), "people"])
    assert found is not None and found[0].value == MAX_PEOPLE


@pytest.mark.parametrize(
    ("published", "sentence"),
    [
        (dt.date.max, "They will meet tomorrow and again next week, next month and next year."),
        (dt.date.min, "They met yesterday, last week, last month and last year, on Monday."),
    ],
)
def test_a_day_past_the_calendar_resolves_to_nothing(
    nlp: Language, published: dt.date, sentence: str
) -> None:
    mentions = extract_dates(nlp(sentence), published)
    for m in mentions:
        assert m.value[:1].isdigit() and not m.value.startswith("0000"), m
