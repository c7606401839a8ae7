"""Reading counts: numerals, number words, vague counts, ranges, and what is not a count."""

import pytest
from spacy.language import Language

from app.extract.casualties.numbers import Count, count_phrases, parse_number, read_count


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("20", 20),
        ("134,500", 134500),
        ("1.5", 1.5),
        ("two", 2),
        ("Fifteen", 15),
        ("twenty-five", 25),
        ("ninety", 90),
        ("people", None),
        ("twenty-thirty", None),
        ("1,00", None),
    ],
)
def test_parse_number(word: str, value: float | None) -> None:
    assert parse_number(word) == value


@pytest.mark.parametrize(
    ("text", "count", "used"),
    [
        # exact counts
        ("20 people", Count(20), 1),
        ("134,500 new conscripts", Count(134500), 1),
        ("4 million ukrainians", Count(4_000_000), 2),
        ("1.5 million refugees", Count(1_500_000), 2),
        ("4m people", Count(4_000_000), 1),
        ("4 m people", Count(4_000_000), 2),
        ("2.5bn", Count(2_500_000_000), 1),
        ("a dozen soldiers", Count(12), 2),
        ("two dozen", Count(24), 2),
        ("one hundred and twenty were", Count(120), 4),
        ("three thousand employees", Count(3000), 2),
        ("two hundred thousand", Count(200_000), 3),
        ("twenty - five were hurt", Count(25), 3),
        ("half a million people", Count(500_000), 3),
        # vague counts: the lower bound, approximate
        ("thousands die", Count(None, 1000, approximate=True), 1),
        ("tens of thousands have", Count(None, 10_000, approximate=True), 3),
        ("hundreds of thousands of people", Count(None, 100_000, approximate=True), 3),
        ("hundreds injured", Count(None, 100, approximate=True), 1),
        ("dozens wounded", Count(None, 12, approximate=True), 1),
        ("scores were", Count(None, 20, approximate=True), 1),
        ("millions", Count(None, 1_000_000, approximate=True), 1),
        ("several hundred people", Count(None, 300, approximate=True), 2),
        ("a few thousand fled", Count(None, 2000, approximate=True), 3),
        # ranges
        ("between 10 and 15 people", Count(None, 10, 15), 4),
        ("10 to 15 people", Count(None, 10, 15), 3),
        ("10 - 15 people", Count(None, 10, 15), 3),
        ("two or three others", Count(None, 2, 3), 3),
        ("10 to 15 million", Count(None, 10_000_000, 15_000_000), 4),
        # not ranges: a fall, and a bound written after the count
        ("430,000 to an estimated 100,000", Count(430_000), 1),
        ("30 or more", Count(30), 1),
    ],
)
def test_read_count(text: str, count: Count, used: int) -> None:
    assert read_count(text.split()) == (count, used)


@pytest.mark.parametrize(
    "text", ["people", "between friends", "a few", "several", "many people", "and 20", ""]
)
def test_read_count_none(text: str) -> None:
    assert read_count(text.split()) is None


def test_no_range_after_from() -> None:
    assert read_count(["10", "to", "20"], allow_range=False) == (Count(10), 1)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # (words of the count, qualifier included) -> (qualifier, approximate)
        ("At least 15 people were killed.", [("At least 15", "at least", False)]),
        ("It has killed more than 30,000 Palestinians.", [("more than 30,000", "more than", False)]),
        ("An estimated 100,000 people remain.", [("An estimated 100,000", "an estimated", True)]),
        ("Some 400 civilians were rescued.", [("Some 400", "some", True)]),
        ("Nearly 2 million people have fled.", [("Nearly 2 million", "nearly", True)]),
        ("As many as 500 may have died.", [("As many as 500", "as many as", False)]),
        ("Up to 500 people may have died.", [("Up to 500", "up to", False)]),
        ("Just over 54,000 worked there.", [("Just over 54,000", "just over", False)]),
        ("Around 300 migrants are missing.", [("Around 300", "around", True)]),
        ("Some 30 or more went missing.", [("Some 30", "some", True)]),
        ("About 30 or more went missing.", [("About 30", "about", True)]),
        ("Thirty or more went missing.", [("Thirty or more", "or more", False)]),
        ("Tens of thousands have left.", [("Tens of thousands", None, True)]),
        ("Between 10 and 15 people died.", [("Between 10 and 15", None, False)]),
    ],
)
def test_count_phrases_qualifiers(nlp: Language, sentence: str, expected: list[tuple]) -> None:
    doc = nlp(sentence)
    got = [(doc[p.start : p.end].text, p.qualifier, p.approximate) for p in count_phrases(doc)]
    assert got == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels have fought the army since 2014.",
        "Svitlana and Myroslava, 21-year-olds, pose for a photograph.",
        "The body of 3 year-old Mykola was found.",
        "The man, aged 82 years old, was evacuated.",
        "It was hit on Tuesday, March 29, at 5 p.m.",
        "Turnout rose to 20 percent.",
        "Turnout rose to 20%.",
        "The fund was worth $5 million.",
        "The F-16 and the Su-25 were shot down.",
        "date 2006-10-05 Airlines compensated",
        "No one was killed.",
        "It was the 3rd attack.",
    ],
)
def test_not_counts(nlp: Language, sentence: str) -> None:
    assert count_phrases(nlp(sentence)) == []


def test_count_phrase_head_is_the_attached_number(nlp: Language) -> None:
    doc = nlp("A staggering 4 million Ukrainians flee the country.")
    (phrase,) = count_phrases(doc)
    assert phrase.count == Count(4_000_000)
    assert phrase.head.head.text == "Ukrainians"


def test_count_phrases_in_a_span_use_doc_offsets(nlp: Language) -> None:
    doc = nlp("Talks resumed. Two soldiers were captured.")
    (phrase,) = count_phrases(doc[3:])
    assert doc[phrase.start].text == "Two"
