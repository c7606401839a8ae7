"""People, places and organizations, with the corrections news text makes plain."""

from collections.abc import Callable

import pytest
from spacy.language import Language

from app.extract.people.entities import Entity, extract_entities
from app.extract.places.gazetteer import Gazetteer, get_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="module")
def entities(nlp: Language, gazetteer: Gazetteer) -> Callable[[str], list[Entity]]:
    def run(text: str) -> list[Entity]:
        return extract_entities(nlp(text), [(0, len(text))], gazetteer)

    return run


def by_kind(found: list[Entity], kind: str) -> dict[str, Entity]:
    return {e.name: e for e in found if e.kind == kind}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Finnish President Sauli Niinisto met reporters in Helsinki on Monday.",
            "Sauli Niinisto",
            "President",
        ),
        (
            "The talks were led by Pedro Alvarez, head of the regional electoral commission, on Friday.",
            "Pedro Alvarez",
            "head of the regional electoral commission",
        ),
        ("The city's mayor, Anna Berg, said the bridge would reopen.", "Anna Berg", "mayor"),
        (
            "Deputy Foreign Minister Karl Olsen said the embassy was closed.",
            "Karl Olsen",
            "Deputy Foreign Minister",
        ),
        ("Police chief Tomas Novak told reporters that two suspects fled.", "Tomas Novak", "chief"),
    ],
)
def test_titles_and_appositives_give_roles(entities: Callable, text: str, name: str, role: str) -> None:
    people = by_kind(entities(text), "person")
    assert name in people, people
    assert any(role.lower() in r.lower() for r in people[name].roles), people[name].roles


def test_surname_and_near_spelling_are_one_person(entities: Callable) -> None:
    text = (
        "Regional governor Oleh Sinegubov said the shelling continued. "
        "Sinegubov said two schools were hit. Later, Sinegobov said power was restored."
    )
    people = by_kind(entities(text), "person")
    assert list(people) == ["Oleh Sinegubov"]
    assert {"Sinegubov", "Sinegobov"} <= set(people["Oleh Sinegubov"].aliases)


def test_mayor_of_city_is_a_person_with_a_role(entities: Callable) -> None:
    found = entities("Mayor of Kharkiv Ihor Terekhov, left, speaks to residents near a damaged school.")
    people = by_kind(found, "person")
    assert "Ihor Terekhov" in people
    assert people["Ihor Terekhov"].roles == ["Mayor of Kharkiv"]


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("Shelling continued in eastern Ukraine overnight.", "Ukraine", "UA"),
        ("Residents of Irpin returned home after the fighting.", "Irpin", "UA"),
        ("Aid convoys reached Mariupol on Sunday.", "Mariupol", "UA"),
        ("Protesters marched through Kiev on Sunday.", "Kyiv", "UA"),
    ],
)
def test_places_are_geocoded_and_corrected(entities: Callable, text: str, place: str, country: str) -> None:
    places = {e.place.name if e.place else e.name: e for e in entities(text) if e.kind == "place"}
    assert place in places, places
    assert places[place].place is not None and places[place].place.country == country


def test_nationalities_are_not_places(entities: Callable) -> None:
    found = entities("Ukrainian troops and Russian forces clashed near the border.")
    assert not by_kind(found, "place")


def test_organizations_fold_the_and_longer_names(entities: Callable) -> None:
    text = (
        "The International Committee of the Red Cross said its staff were safe. "
        "The Red Cross said it would return on Monday. NATO said nothing."
    )
    orgs = by_kind(entities(text), "organization")
    assert "Red Cross" in orgs and "NATO" in orgs
    assert "International Committee of the Red Cross" in orgs["Red Cross"].aliases


def test_lone_name_with_person_appositive(entities: Callable) -> None:
    people = by_kind(entities("Olena, a retired teacher, searches the rubble of her home."), "person")
    assert "Olena" in people


def test_regions_outside_the_text_are_ignored(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "Caption text about Odesa. (AP Photo/John Smith) Credit: John Smith"
    found = extract_entities(nlp(text), [(0, len("Caption text about Odesa."))], gazetteer)
    assert not by_kind(found, "person")


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("General Motors said on Monday that sales fell. GM shares rose 3%.", {"General Motors", "GM"}),
        ("Apple Inc. opened a store. Apple said it would hire 200 people.", {"Apple Inc.", "Apple"}),
        (
            "Northrop Grumman won the contract, and Northrop said it was pleased.",
            {"Northrop Grumman", "Northrop"},
        ),
        (
            "The United Auto Workers union agreed. The UAW said members would vote.",
            {"United Auto Workers", "UAW"},
        ),
    ],
)
def test_one_organization_under_several_names(entities: Callable, text: str, forms: set[str]) -> None:
    orgs = [e for e in entities(text) if e.kind == "organization"]
    merged = [e for e in orgs if forms <= {e.name, *e.aliases}]
    assert len(merged) == 1, [(e.name, e.aliases) for e in orgs]


@pytest.mark.parametrize(
    ("text", "not_org"),
    [
        (
            "Apple unveiled the phone at its Worldwide Developers Conference on Monday.",
            "Worldwide Developers Conference",
        ),
        ("Adam Air Flight 574 vanished over the sea.", "Adam Air Flight 574"),
        ("Trading closed at 16:00 UTC on Friday.", "UTC"),
    ],
)
def test_events_flights_and_codes_are_not_organizations(entities: Callable, text: str, not_org: str) -> None:
    assert not_org not in by_kind(entities(text), "organization")


def test_facility_takes_the_town_named_with_it(entities: Callable) -> None:
    found = entities("The plane landed at Changi International Airport in Singapore on Tuesday.")
    airport = next(e for e in found if e.kind == "place" and "Airport" in e.name)
    assert airport.place is not None and airport.place.kind == "facility" and airport.place.country == "SG"


def test_city_named_once_as_organization_is_a_place_everywhere(entities: Callable) -> None:
    text = "Buses left for Kherson on Monday. Officials in Kherson said the city of Kherson was calm."
    assert "Kherson" in by_kind(entities(text), "place")
    assert "Kherson" not in by_kind(entities(text), "organization")


def test_continents_are_places(entities: Callable) -> None:
    places = by_kind(entities("Sales in Europe and Asia rose sharply last year."), "place")
    assert {"Europe", "Asia"} <= set(places)
