"""Place names as news writes them resolve to one map point; words that are not places do not."""

import math
import time
from pathlib import Path

import pytest

from app.extract.places.gazetteer import Gazetteer, name_key


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gazetteer(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir)  # cold: builds the index once for the session


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Ukraine", "Ukraine", "UA"),
        ("the Ukraine", "Ukraine", "UA"),
        ("Russia", "Russia", "RU"),
        ("Russian Federation", "Russia", "RU"),
        ("Poland", "Poland", "PL"),
        ("Britain", "United Kingdom", "GB"),
        ("Great Britain", "United Kingdom", "GB"),
        ("United Kingdom", "United Kingdom", "GB"),
        ("U.K.", "United Kingdom", "GB"),
        ("Australia", "Australia", "AU"),
        ("United States", "United States", "US"),
        ("the United States", "United States", "US"),
        ("U.S.", "United States", "US"),
        ("US", "United States", "US"),
        ("USA", "United States", "US"),
        ("America", "United States", "US"),
        ("China", "China", "CN"),
        ("Israel", "Israel", "IL"),
        ("Holland", "Netherlands", "NL"),
        ("Congo", "Democratic Republic of the Congo", "CD"),
        ("Ivory Coast", "Ivory Coast", "CI"),
        ("North Korea", "North Korea", "KP"),
        ("South Sudan", "South Sudan", "SS"),
        ("Georgia", "Georgia", "GE"),
        ("Kosovo", "Kosovo", "XK"),
        ("Ukraine's", "Ukraine", "UA"),
    ],
)
def test_countries(gazetteer: Gazetteer, name: str, canonical: str, country: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None
    assert (place.name, place.country, place.kind) == (canonical, country, "country")
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Gaza", "Gaza Strip", "PS"),
        ("the Gaza Strip", "Gaza Strip", "PS"),
        ("West Bank", "West Bank", "PS"),
        ("Donbas", "Donbas", "UA"),
        ("Donbass", "Donbas", "UA"),
        ("Crimea", "Crimea", "UA"),
        ("Donetsk region", "Donetsk region", "UA"),
        ("the Donetsk region", "Donetsk region", "UA"),
        ("Donetsk oblast", "Donetsk region", "UA"),
        ("Lugansk region", "Luhansk region", "UA"),
        ("Kashmir", "Kashmir", "IN"),
        ("Darfur", "Darfur", "SD"),
        ("Tigray", "Tigray", "ET"),
        ("Kurdistan", "Kurdistan", "IQ"),
        ("Sinai", "Sinai", "EG"),
        ("Siberia", "Siberia", "RU"),
        ("Catalonia", "Catalonia", "ES"),
        ("Scotland", "Scotland", "GB"),
        ("Wales", "Wales", "GB"),
        ("England", "England", "GB"),
        ("Northern Ireland", "Northern Ireland", "GB"),
        ("Texas", "Texas", "US"),
        ("California", "California", "US"),
        ("Southern California", "California", "US"),
        # seas where ships sink and planes come down belong to no country
        ("Java Sea", "Java Sea", ""),
        ("the Aegean Sea", "Aegean Sea", ""),
        ("Bay of Bengal", "Bay of Bengal", ""),
    ],
)
def test_curated_regions(gazetteer: Gazetteer, name: str, canonical: str, country: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None
    assert (place.name, place.country, place.kind) == (canonical, country, "region")


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Kharkiv region", "Kharkiv region", "UA"),
        ("the Kharkiv region", "Kharkiv region", "UA"),
        ("Kyiv Oblast", "Kyiv region", "UA"),
        ("Kiev region", "Kyiv region", "UA"),
        ("Zaporizhzhia region", "Zaporizhzhya region", "UA"),
        ("Belgorod region", "Belgorod region", "RU"),
        ("Donbas region", "Donbas", "UA"),
    ],
)
def test_region_named_after_its_city(gazetteer: Gazetteer, name: str, canonical: str, country: str) -> None:
    place = gazetteer.lookup(name)
    city = gazetteer.lookup(name.removeprefix("the ").split()[0])
    assert place is not None and city is not None
    assert (place.name, place.country, place.kind) == (canonical, country, "region")
    assert km_between(place.lat or 0, place.lon or 0, city.lat or 0, city.lon or 0) < 30


@pytest.mark.parametrize(
    ("name", "canonical", "country", "kind"),
    [
        ("Kyiv", "Kyiv", "UA", "city"),
        ("KYIV", "Kyiv", "UA", "city"),  # an AP dateline
        ("Mariupol", "Mariupol", "UA", "city"),
        ("Bucha", "Bucha", "UA", "city"),
        ("Mykolaiv", "Mykolayiv", "UA", "city"),  # the oblast centre, not the Lviv-oblast town
        ("Washington", "Washington", "US", "city"),
        ("London", "London", "GB", "city"),
        ("Gaza City", "Gaza", "PS", "city"),
        ("Nice", "Nice", "FR", "city"),  # a common word, but a big city's own name
        ("Reading", "Reading", "GB", "city"),
        ("Franklin", "Franklin", "US", "city"),  # not Columbus, whose old name it was
        ("Sloviansk", "Slovyansk", "UA", "city"),
        ("Tokmak", "Tokmak", "UA", "city"),  # not Tokmok, Kyrgyzstan
        ("Yasnohorodka", "Yasnohorodka", "UA", "village"),
        ("Motyzhyn", "Motyzhyn", "UA", "village"),
        ("Makariv", "Makariv", "UA", "village"),
    ],
)
def test_settlements(gazetteer: Gazetteer, name: str, canonical: str, country: str, kind: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None
    assert (place.name, place.country, place.kind) == (canonical, country, kind)
    assert place.geonameid


@pytest.mark.parametrize(
    "spellings",
    [
        ("Kyiv", "Kiev"),
        ("Mykolaiv", "Mykolayiv", "Nikolaev"),
        ("Zaporizhzhia", "Zaporizhzhya", "Zaporozhye"),
        ("Kharkiv", "Kharkov"),
        ("Przemysl", "Przemyśl"),
        ("Luhansk", "Lugansk"),
        ("Odesa", "Odessa"),
        ("Sievierodonetsk", "Severodonetsk"),
        ("Izium", "Izyum"),
        ("Krakow", "Kraków", "Cracow"),
    ],
)
def test_transliterations_resolve_to_one_place(gazetteer: Gazetteer, spellings: tuple[str, ...]) -> None:
    places = [gazetteer.lookup(s) for s in spellings]
    assert all(p is not None for p in places), places
    assert len({p.geonameid for p in places if p}) == 1


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("eastern Ukraine", "Ukraine"),
        ("western Ukraine", "Ukraine"),
        ("south-eastern Ukraine", "Ukraine"),
        ("northern Kyiv", "Kyiv"),
        ("Northern Kyiv", "Kyiv"),
        ("central Kharkiv", "Kharkiv"),
    ],
)
def test_compass_words_are_stripped(gazetteer: Gazetteer, name: str, canonical: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.name == canonical


@pytest.mark.parametrize(
    "name",
    [
        *("Mayor", "Deputy", "Caption", "President", "Red Cross", "Defense", "Even", "Police"),
        *("Wednesday", "March", "May", "Svitlana", "Mariya", "Olena", "Volodymyr", "Anna"),
        *("Kremlin", "Pentagon", "NATO", "Nato", "GCHQ", "UN", "EU", "TASS", "State Department"),
        *("White House", "Azov", "Hamas", "Arab"),
        *("Ukrainian", "Russian", "British", "Ukrainians"),  # nationalities are not places
        *("kyiv", "police", "eastern", "Region", "Oblast", ""),  # uncapitalised or bare words
        "Stoyanka",  # not in GeoNames cities500: no guess
    ],
)
def test_not_places(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


@pytest.mark.parametrize(
    ("name", "hint", "country"),
    [
        ("Odessa", None, "UA"),
        ("Odessa", "US", "US"),  # Odessa, Texas, in an American story
        ("Birmingham", None, "GB"),
        ("Birmingham", "US", "US"),
        ("Moscow", "US", "RU"),  # Moscow, Idaho is far too small to displace Moscow
        ("Paris", "us", "FR"),
    ],
)
def test_country_hint(gazetteer: Gazetteer, name: str, hint: str | None, country: str) -> None:
    place = gazetteer.lookup(name, country_hint=hint)
    assert place is not None and place.country == country


@pytest.mark.parametrize(
    ("name", "state", "admin1"),
    [
        ("Springfield", "OH", "OH"),  # the story's state's Springfield, not Missouri's bigger one
        ("Athens", "OH", "OH"),
        ("Columbus", "IN", "IN"),  # Columbus, Indiana in an Indiana story: Ohio's is not 50 times bigger
        ("Toledo", "OH", "OH"),
        ("Springfield", None, "MO"),  # no state told: the country's biggest
    ],
)
def test_state_hint(gazetteer: Gazetteer, name: str, state: str | None, admin1: str) -> None:
    place = gazetteer.lookup(name, country_hint="US", state_hint=state)
    assert place is not None and place.country == "US" and place.admin1 == admin1


def test_town_in_a_state(gazetteer: Gazetteer) -> None:
    """ "Lebanon, Pa." is the Pennsylvania town; the bigger Lebanon is in Tennessee."""
    town = gazetteer.town_in("Lebanon", "US", "PA")
    assert town is not None and town.admin1 == "PA" and town.lat is not None and town.lon is not None
    assert km_between(town.lat, town.lon, 40.3409, -76.4113) < 10
    biggest = gazetteer.town_in("Lebanon", "US")
    assert biggest is not None and biggest.admin1 == "TN"


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Ohio", "OH"),
        ("Ill.", "IL"),
        ("Ga.", "GA"),
        ("Miss.", "MS"),
        ("New York State", "NY"),
        ("Wash.", "WA"),
    ],
)
def test_a_states_region_carries_its_postal_code(gazetteer: Gazetteer, name: str, admin1: str) -> None:
    """The state a dateline writes after its town, in AP's abbreviations too ("SPRINGFIELD, Ill.")."""
    state = gazetteer.lookup(name)
    assert state is not None and state.kind == "region" and state.country == "US" and state.admin1 == admin1


def test_georgia_alone_stays_the_country(gazetteer: Gazetteer) -> None:
    georgia = gazetteer.lookup("Georgia")
    assert georgia is not None and georgia.kind == "country" and georgia.country == "GE"


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Kyiv", 50.4501, 30.5234),
        ("Kharkiv", 49.9935, 36.2304),
        ("Mariupol", 47.0971, 37.5434),
        ("Bucha", 50.5436, 30.2122),
        ("Yasnohorodka", 50.35, 30.02),
        ("Makariv", 50.4636, 29.8117),
        ("Przemysl", 49.7838, 22.7678),
        ("Warsaw", 52.2297, 21.0122),
        ("Jerusalem", 31.7683, 35.2137),
        ("Washington", 38.9072, -77.0369),
        ("Donetsk region", 48.0159, 37.8028),
        ("Gaza", 31.4167, 34.3333),
    ],
)
def test_coordinates_within_30_km(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.lat is not None and place.lon is not None
    assert km_between(place.lat, place.lon, lat, lon) < 30


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Ukrainian", "UA"),
        ("Ukrainians", "UA"),
        ("British", "GB"),
        ("Britons", "GB"),
        ("U.S.", "US"),
        ("American", "US"),
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("Polish", "PL"),
        ("Poles", "PL"),
        ("Chinese", "CN"),  # also Hong Kong's demonym: the larger country keeps it
        ("French", "FR"),
        ("Israeli", "IL"),
        ("Palestinian", "PS"),
        ("Scottish", "GB"),
        ("Dutch", "NL"),
        ("Saudi", "SA"),
        ("Ukraine", None),  # a country is not an adjective
        ("ukrainian", None),
        ("Mayor", None),
        ("European", None),
        ("Soviet", None),
    ],
)
def test_country_of_adjective(gazetteer: Gazetteer, word: str, country: str | None) -> None:
    assert gazetteer.country_of_adjective(word) == country


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("U.S.", "us"),
        ("Kam’yanka", "kamyanka"),
        ("Przemyśl", "przemysl"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


def test_warm_load_reads_the_cache(gazetteer: Gazetteer, cache_dir: Path) -> None:
    assert [p.name for p in cache_dir.iterdir()] and all(p.suffix == ".pickle" for p in cache_dir.iterdir())
    start = time.perf_counter()
    warm = Gazetteer.load(cache_dir)
    assert time.perf_counter() - start < 1.0
    assert warm.lookup("Kiev") == gazetteer.lookup("Kyiv")


def test_unreadable_cache_is_rebuilt(tmp_path: Path, cache_dir: Path) -> None:
    cached = next(cache_dir.iterdir())
    (tmp_path / cached.name).write_bytes(b"not a pickle")
    assert Gazetteer.load(tmp_path).lookup("Bucha") is not None
    assert (tmp_path / cached.name).stat().st_size == cached.stat().st_size


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Europe", "Europe"),
        ("Asia", "Asia"),
        ("North America", "North America"),
        ("the Middle East", "Middle East"),
        ("Mediterranean", "Mediterranean Sea"),
        ("Atlantic Ocean", "Atlantic Ocean"),
    ],
)
def test_continents_and_seas_are_regions_of_no_country(
    gazetteer: Gazetteer, name: str, canonical: str
) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.name == canonical and place.kind == "region"
    assert not place.country and place.lat is not None
