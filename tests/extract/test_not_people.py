"""Words a statistical model tags as people that name no one, and titles that are no part of a name."""

from collections.abc import Callable

import pytest
from spacy.language import Language

from app.extract.people.entities import Entity, extract_entities
from app.extract.places.gazetteer import get_gazetteer


@pytest.fixture(scope="module")
def entities(nlp: Language) -> Callable[[str], list[Entity]]:
    gazetteer = get_gazetteer()

    def run(text: str) -> list[Entity]:
        return extract_entities(nlp(text), [(0, len(text))], gazetteer)

    return run


def names(found: list[Entity], kind: str) -> set[str]:
    return {e.name for e in found if e.kind == kind}


@pytest.mark.parametrize(
    ("text", "not_a_person"),
    [
        ("Zelenskyy posted the video on Twitter on Sunday. Telegram channels shared it widely.", "Twitter"),
        ("The mayor wrote on Facebook that the water was safe to drink again.", "Facebook"),
        ("The Battle of Bakhmut has lasted for months, officials said.", "Battle"),
        (
            "Rescuers worked through the night. Firefighters said the blaze started in a kitchen.",
            "Firefighters",
        ),
        (
            "FIRE KILLS THREE IN DOWNTOWN APARTMENT. Three people died when a fire swept a building.",
            "FIRE KILLS",
        ),
        ("March was the deadliest month, the ministry said.", "March"),
        # an organisation a title stands before, with a town in its name
        (
            "The then-manager of Barmouth Publicity and Director of Mid Wales Tourism Partnership, David "
            "Clay, called it a retrograde step.",
            "Wales Tourism Partnership",
        ),
        # a person's name inside a holiday's
        ("The holiday, Martin Luther King Jr. Day, fell on a Monday.", "Martin Luther King Jr. Day"),
    ],
)
def test_words_that_name_no_one_are_not_people(entities: Callable, text: str, not_a_person: str) -> None:
    found = entities(text)
    assert not_a_person not in names(found, "person") | names(found, "organization")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Former prime minister Theresa May told the BBC that talks would continue.", "Theresa May"),
        ("Mariya, a local resident, said the shelling began at dawn.", "Mariya"),
        ("Hunter Biden said he would testify next week.", "Hunter Biden"),
        ("Actor Doris Day died on Monday at the age of 97.", "Doris Day"),
    ],
)
def test_names_that_look_like_words_stay_people(entities: Callable, text: str, person: str) -> None:
    assert person in names(entities(text), "person")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Sen. Elizabeth Warren questioned the bank's chief on Tuesday.", "Elizabeth Warren", "Sen."),
        ("Gen. Mark Milley told lawmakers the army was ready.", "Mark Milley", "Gen."),
        ("Pope Francis called for a ceasefire on Sunday.", "Francis", "Pope"),
        ("President Biden said the aid would arrive soon.", "Biden", "President"),
    ],
)
def test_titles_and_honorifics_are_roles_not_names(
    entities: Callable, text: str, name: str, role: str
) -> None:
    people = {e.name: e for e in entities(text) if e.kind == "person"}
    assert name in people, people
    assert role in people[name].roles


def test_a_surname_shared_by_two_people_of_an_article_is_neither(entities: Callable) -> None:
    found = entities("Joe Biden and Hunter Biden arrived in Delaware. Biden said nothing.")
    people = {e.name: e for e in found if e.kind == "person"}
    assert {"Joe Biden", "Hunter Biden"} <= set(people)
    assert "Biden" not in people["Joe Biden"].aliases + people["Hunter Biden"].aliases


def test_a_surname_of_one_person_of_an_article_is_that_person(entities: Callable) -> None:
    found = entities("Joe Biden arrived in Delaware on Friday. Biden said nothing.")
    people = {e.name: e for e in found if e.kind == "person"}
    assert set(people) == {"Joe Biden"}
    assert "Biden" in people["Joe Biden"].aliases
