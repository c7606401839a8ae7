"""A claim's source in a whole article: the headline is no claim, and a lone name word is its bearer."""

import pytest
from spacy.language import Language

from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import read_seed_format


def claims_in(nlp: Language, text: str) -> list[tuple[str, str | None, str]]:
    facts = extract_article(read_seed_format(" date 2019-01-30\n" + text), nlp, get_gazetteer())
    return [
        (c.claim.source_text, facts.entities[c.source].name if c.source is not None else None, c.claim.text)
        for c in facts.claims
    ]


def test_a_headline_is_no_second_claim(nlp: Language) -> None:
    text = (
        "US President Trump announces troop withdrawal from Syria\n\n"
        "On Sunday, US President Donald Trump announced US troops would be leaving northern Syria."
    )
    assert claims_in(nlp, text) == [
        ("Donald Trump", "Donald Trump", "US troops would be leaving northern Syria")
    ]


@pytest.mark.parametrize(
    ("source_text", "person"),
    [
        ("Tamim", "Ali bin Tamim"),  # a surname after a particle
        ("Eryani", "Moammar al-Eryani"),  # a hyphenated particle: the model splits "al-Eryani"
    ],
)
def test_a_name_word_is_its_one_bearer(nlp: Language, source_text: str, person: str) -> None:
    text = (
        "Yemen bomb kills journalist\n\n"
        "The general manager of Abu Dhabi Media, Dr Ali bin Tamim, blamed rebels for the bombing.\n\n"
        "Tamim claimed the rebels have attacked journalists previously. According to al-Eryani, the "
        "rebels are backed by Iran. Minister Moammar al-Eryani gave no details."
    )
    assert (source_text, person) in [(text, name) for text, name, _ in claims_in(nlp, text)]


def test_a_name_word_two_people_bear_is_nobody(nlp: Language) -> None:
    text = (
        "Brothers speak\n\n"
        "Ali bin Tamim and Omar bin Tamim met reporters on Monday.\n\n"
        "Tamim claimed the rebels have attacked journalists previously."
    )
    assert [name for source, name, _ in claims_in(nlp, text) if source == "Tamim"] == [None]


def test_the_statement_is_its_makers(nlp: Language) -> None:
    text = (
        "Trump announces troop withdrawal\n\n"
        "Late on Sunday, the United States President Donald Trump, in a statement delivered via the press "
        "secretary, announced US troops would be leaving Syria. The announcement was made after a phone "
        "call. The statement also said US troops had defeated ISIS."
    )
    assert ("The statement", "Donald Trump", "US troops had defeated ISIS") in claims_in(nlp, text)


def test_a_statement_nobody_made_is_nobodys(nlp: Language) -> None:
    text = "Storm hits coast\n\nA statement was read out on Monday. The statement said the storm had passed."
    assert claims_in(nlp, text) == [("The statement", None, "the storm had passed")]
