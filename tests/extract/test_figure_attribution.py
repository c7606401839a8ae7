"""A figure's place, day and source: what its own clause, sentence and paragraph tie to it.

Each row is a short article of our own (published day, text), the figure it must give
(category, value) and that figure's (place, day, source). A source of None is the
article's own narration; a day of None is an incident day the text does not give.
"""

import datetime as dt

import pytest
from spacy.language import Language

from app.extract.pipeline import ArticleFacts, FigureFact, extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import build_article
from app.extract.text.folding import fold

CASES = [
    # ---- conflict: a town as a modifier, a relative clause, a province, the capital, the people's nation
    (
        "2024-03-14",
        "A Kyiv apartment block was destroyed overnight, killing at least one person, Ukraine's emergency services said.",
        ("killed", 1),
        ("Kyiv", None, "Ukraine's emergency services"),
    ),
    (
        "2024-03-14",
        "Russian drones struck the central city of Cherkasy, where one person died, regional officials said on Wednesday.",
        ("killed", 1),
        ("Cherkasy", "2024-03-13", "regional officials"),
    ),
    (
        "2024-03-14",
        "One woman was killed by shelling in Donetsk province on Sunday, the regional governor said.",
        ("killed", 1),
        ("Donetsk", "2024-03-10", "the regional governor"),
    ),
    (
        "2024-03-14",
        "Missiles slammed into the capital before dawn on Tuesday. Three people were killed in the Ukrainian capital, according to Kyiv's military administration.",
        ("killed", 3),
        ("Kyiv", "2024-03-12", "Kyiv's military administration"),
    ),
    (
        "2024-03-14",
        "Russian forces shelled Kharkiv on Monday, killing four civilians.",
        ("killed", 4),
        ("Kharkiv", "2024-03-11", None),
    ),
    (
        "2024-03-14",
        "Israeli strikes killed at least 30 people in Rafah on Tuesday, the Gaza health ministry said.",
        ("killed", 30),
        ("Rafah", "2024-03-12", "the Gaza health ministry"),
    ),
    (
        "2024-03-14",
        "A drone attack on Odesa on Saturday night killed 12 people. The city's mayor said 20 more were wounded.",
        ("injured", 20),
        ("Odesa", "2024-03-09", "The city's mayor"),
    ),
    (
        "2024-03-14",
        "A drone attack on Odesa on Saturday night killed 12 people. The city's mayor said 20 more were wounded.",
        ("killed", 12),
        ("Odesa", "2024-03-09", None),
    ),
    (
        "2024-03-14",
        "Ukraine said Russia launched 40 drones overnight. In Zaporizhzhia, two men were killed when a drone hit a bus stop, Governor Ivan Fedorov said.",
        ("killed", 2),
        ("Zaporizhzhia", None, "Ivan Fedorov"),
    ),
    (
        "2024-03-14",
        "Six weeks into a war that has seen thousands die, talks between Ukraine and Russia resumed on Friday.",
        ("killed", None),
        ("Ukraine", None, None),
    ),
    (
        "2024-03-14",
        "More than 4 million Ukrainians have fled the country since Russia invaded Ukraine, the United Nations said.",
        ("displaced", 4000000),
        ("Ukraine", None, "the United Nations"),
    ),
    # ---- crime: the town of the shooting, not the dateline's; the dateline when the sentence names none
    (
        "2024-03-04",
        "PHOENIX (AP) — A man was shot and killed in Glendale on Sunday, police said.",
        ("killed", 1),
        ("Glendale", "2024-03-03", "police"),
    ),
    (
        "2024-03-04",
        "KALAMAZOO, Mich. (AP) — Two people were killed and three others were wounded in a shooting outside a bar early Saturday, police said.",
        ("killed", 2),
        ("Kalamazoo", "2024-03-02", "police"),
    ),
    (
        "2024-03-04",
        "TOLEDO, Ohio (AP) — A 16-year-old boy was fatally stabbed Friday night. Officers found him on a sidewalk and he was pronounced dead at a hospital.",
        ("killed", 1),
        ("Toledo", "2024-03-01", None),
    ),
    (
        "2024-03-04",
        "A gunman opened fire at a birthday party in Memphis on Saturday night. Two teenagers were killed and five were wounded, according to police.",
        ("killed", 2),
        ("Memphis", "2024-03-02", "police"),
    ),
    # ---- disaster: the town in the clause, a province, a week told for the incident leaves the day open
    (
        "2024-03-04",
        "A tornado tore through Rolling Fork, Mississippi, on Friday night, killing at least seven people, state emergency officials said.",
        ("killed", 7),
        ("Rolling Fork", "2024-03-01", "state emergency officials"),
    ),
    (
        "2024-03-04",
        "Floods swept through eastern Libya last week. In the city of Derna, more than 5,000 people were killed, the Red Crescent said on Monday.",
        ("killed", 5000),
        ("Derna", None, "the Red Crescent"),
    ),
    (
        "2024-03-04",
        "An earthquake struck southern Turkey on Monday. At least 120 people died in the province of Hatay.",
        ("killed", 120),
        ("Hatay", "2024-03-04", None),
    ),
    (
        "2024-03-04",
        "Twelve people were injured when a bus overturned on a highway near Fresno on Thursday.",
        ("injured", 12),
        ("Fresno", "2024-02-29", None),
    ),
    # ---- attribution shapes: a quote, narration beside a claim, the paragraph before, 'he said'
    (
        "2024-03-14",
        "“At least nine people were killed, including two children,” Mayor Ihor Terekhov said on Telegram.",
        ("killed", 9),
        (None, None, "Ihor Terekhov"),
    ),
    (
        "2024-03-14",
        "Police said they had arrested a suspect. Earlier, three people were killed in a crash in Dayton on Friday.",
        ("killed", 3),
        ("Dayton", "2024-03-08", None),
    ),
    (
        "2024-03-14",
        "Two firefighters were injured in Camden on Tuesday, and officials said the cause of the fire was under investigation.",
        ("injured", 2),
        ("Camden", "2024-03-12", None),
    ),
    (
        "2024-03-14",
        "Russian missiles hit the port city of Odesa on Monday night.\n\nFour people were killed and nine wounded, Governor Oleh Kiper said on Tuesday.",
        ("killed", 4),
        ("Odesa", "2024-03-11", "Oleh Kiper"),
    ),
    (
        "2024-03-14",
        "Russian missiles hit Odesa on Monday night. Four people were killed and nine wounded, Governor Oleh Kiper said on Tuesday.",
        ("killed", 4),
        ("Odesa", "2024-03-11", "Oleh Kiper"),
    ),
    (
        "2024-03-14",
        "Governor Oleh Kiper visited the site. He said four people were killed in the attack on Odesa.",
        ("killed", 4),
        ("Odesa", None, "Oleh Kiper"),
    ),
    (
        "2024-03-14",
        "The fighting has killed more than 500 civilians since January, the U.N. human rights office said.",
        ("killed", 500),
        (None, None, "the U.N. human rights office"),
    ),
    # the search is Thursday's, the strike's day is not given; a day on the strike's own phrase is it
    (
        "2023-06-15",
        "Rescue crews searched the rubble in Odesa on Thursday after a drone strike that officials said killed at least 12 people.",
        ("killed", 12),
        ("Odesa", None, "officials"),
    ),
    (
        "2023-06-15",
        "Crews searched the rubble on Thursday after a drone strike on Tuesday that killed 12 people in Odesa.",
        ("killed", 12),
        ("Odesa", "2023-06-13", None),
    ),
    # ---- one incident told again: the retelling takes the day and town the first telling gives
    (
        "2024-03-15",
        "Apartment fire kills five in Florida\n\nA fire killed five people in an apartment building in Gainesville "
        "on Thursday, firefighters said.",
        ("killed", 5),
        ("Gainesville", "2024-03-14", "firefighters"),
    ),
    (
        "2024-03-15",
        "A gas explosion destroyed an apartment building in Magnitogorsk, Russia, on Monday, killing four people.\n\n"
        "President Vladimir Putin flew to the region on Tuesday.\n\n"
        "Later, the Emergencies Ministry said nine people had died.",
        ("killed", 9),
        ("Magnitogorsk", "2024-03-11", "the Emergencies Ministry"),
    ),
    # a toll that rose on a later day is still the attack's
    (
        "2019-08-06",
        "A gunman opened fire at a supermarket in El Paso on Saturday, killing 20 people. The death toll rose to 22 "
        "on Monday, officials said.",
        ("killed", 22),
        ("El Paso", "2019-08-03", "officials"),
    ),
    # people die where the attack was, whatever their nation
    (
        "2019-08-06",
        "A gunman killed 22 people at a store in El Paso on Saturday.\n\nThe victims were shoppers. Six Mexican "
        "nationals were among the dead, Mexico's foreign minister said.",
        ("killed", 6),
        ("El Paso", "2019-08-03", "Mexico's foreign minister"),
    ),
    # never a day after the story: the weekday read ahead is the one before
    (
        "2020-02-10",
        "According to officials on Saturday, the coronavirus may have killed two male foreign visitors in Wuhan, "
        "China — a man from the United States and another man from Japan.",
        ("killed", 2),
        ("Wuhan", "2020-02-08", "officials"),
    ),
    # a day hanging on a report is when it was reported, not when the victims died
    (
        "2019-12-02",
        "A man stabbed five people in Leeds on Friday afternoon before police shot him.\n\n"
        "By reports on Saturday, two of the victims died.",
        ("killed", 2),
        ("Leeds", "2019-11-29", "reports"),
    ),
    # an attribution with its verb first: "..., reported officials", "..., said police"
    (
        "2019-08-06",
        "A gunman opened fire at a store in El Paso on Saturday, killing 20 people, reported officials, with 25 "
        "others injured.",
        ("injured", 25),
        ("El Paso", "2019-08-03", "officials"),
    ),
    # the town and the day the lead tells the incident in, for a count further down that names
    # neither (the governor's visit on Wednesday is no incident's day)
    (
        "2019-02-06",
        "A bus carrying children overturned on a highway near Kaluga on Tuesday.\n\n"
        "The regional governor visited the scene on Wednesday.\n\n"
        "Russia's Emergencies Ministry said seven people died.",
        ("killed", 7),
        ("Kaluga", "2019-02-05", "Russia's Emergencies Ministry"),
    ),
    # the day a crash is told on elsewhere in the article, for a toll its sentence gives no time
    (
        "2020-01-13",
        "On Saturday morning, Iran acknowledged it had shot down a passenger jet near Tehran. The 176 people "
        "on board were all killed.\n\n"
        "A few hours before the jet crashed on Wednesday, Iran launched missiles at bases in Iraq.",
        ("killed", 176),
        ("Tehran", "2020-01-08", None),
    ),
    # a day in another clause of the sentence ("adding that rescuers ended their work yesterday")
    # is not the toll's: the collapse's day is
    (
        "2019-01-04",
        "An apartment building collapsed in Magnitogorsk on Monday after a gas explosion.\n\n"
        "A total of 39 are confirmed dead, officials told state media, adding that rescuers ended their "
        "work yesterday.",
        ("killed", 39),
        ("Magnitogorsk", "2018-12-31", "officials"),
    ),
    # a toll moved on Saturday (its object, not its subject) is still the Wednesday quake's
    (
        "2019-10-22",
        "A powerful earthquake struck Mindanao on Wednesday night.\n\n"
        "Aftershocks increased the death toll to six on Saturday.",
        ("killed", 6),
        ("Mindanao", "2019-10-16", None),
    ),
    # "in the nation" is the article's country, not a town inside an organisation's name
    (
        "2019-01-30",
        "A bomb exploded in a market in Mokha, Yemen, on Tuesday. An Abu Dhabi TV crew was there.\n\n"
        "A press freedom group counts sixteen other journalist deaths in the nation since 2015.",
        ("killed", 16),
        ("Yemen", None, None),
    ),
    # a sentencing's day is not the day of the deaths it punishes
    (
        "2019-07-01",
        "Charlottesville killer sentenced to life in prison\n\n"
        "On Friday, a federal judge in Charlottesville sentenced the driver to life in prison.\n\n"
        "He killed a woman and injured nineteen others.",
        ("killed", 1),
        ("Charlottesville", None, None),
    ),
    # the day the lead gives, where no incident word carries one
    (
        "2020-08-08",
        "Yesterday, a passenger flight overshot the runway at Calicut International Airport in India. At "
        "least a dozen people lost their lives.",
        ("killed", 12),
        ("Calicut International Airport", "2020-08-07", None),
    ),
    # a site in a known town is as precise as the town, and nearer the count
    (
        "2019-10-03",
        "Seven people were killed at Bradley International Airport in Windsor Locks, Connecticut, on Wednesday.",
        ("killed", 7),
        ("Bradley International Airport", "2019-10-02", None),
    ),
    # "on the same day" is the day an earlier paragraph named
    (
        "2019-03-17",
        "A gunman attacked the Al Noor Mosque in Christchurch on Friday, killing 42 people.\n\n"
        "The second attack was at the Linwood Mosque, killing at least eight people, on the same day.",
        ("killed", 8),
        ("Linwood Mosque", "2019-03-15", None),
    ),
    (
        "2019-03-17",
        "A gunman attacked the Al Noor Mosque in Christchurch on Friday, killing 42 people. He will appear in "
        "court on April 5.\n\nThe second attack was at the Linwood Mosque, killing at least eight people, on "
        "the same day.",
        ("killed", 8),
        ("Linwood Mosque", "2019-03-15", None),
    ),
    # "by early reports" tells the counts after it, not one before it
    (
        "2019-10-22",
        "On Wednesday, the strong tremor in Kidapawan left five dead and, by early reports, at least 30 injured.",
        ("killed", 5),
        ("Kidapawan", "2019-10-16", None),
    ),
    # a clause hung on the state of "Town, State" is about the town
    (
        "2019-08-08",
        "The shooting preceded another one less than thirteen hours later in Dayton, Ohio where ten people died.",
        ("killed", 10),
        ("Dayton", None, None),
    ),
    # a capitalised word that was once a city's name is not that city
    (
        "2019-10-02",
        "Police fired tear gas at protesters in Hong Kong on Tuesday. Some protesters threw Molotov cocktails "
        "and attacked officers. Sixty-six people were injured, according to health officials.",
        ("injured", 66),
        ("Hong Kong", "2019-10-01", "health officials"),
    ),
    # ---- where the wounded were taken, or a vehicle was heading, is not where it happened
    (
        "2019-02-05",
        "A bus carrying children overturned near Kaluga on Sunday. Twelve injured passengers were flown to Moscow.",
        ("injured", 12),
        ("Kaluga", "2019-02-03", None),
    ),
    (
        "2019-01-24",
        "A car bomb exploded at a military base in Maidan Shahr on Monday. A local official said he saw "
        "35 bodies in one hospital, with some casualties transported to Kabul.",
        ("killed", 35),
        ("Maidan Shahr", "2019-01-21", "A local official"),
    ),
    (
        "2019-01-12",
        "A bus crashed on Thursday near Baracoa while en route to Havana. The crash killed seven.",
        ("killed", 7),
        ("Baracoa", "2019-01-10", None),
    ),
    # both ends of a route: the crash was on the way, in a district no gazetteer row holds
    (
        "2019-02-06",
        "A bus carrying children from Smolensk to Kaluga on Sunday overturned in Babyninsky, Russia. "
        "At least seven, including four children, died.",
        ("killed", 7),
        ("Russia", "2019-02-03", None),
    ),
    # ---- a country's toll of a year is the country's, the one the story is in, not one its
    # passengers came from
    (
        "2019-01-12",
        "Bus crashes in Cuba, killing seven\n\nA bus crashed on Thursday between Baracoa and Guantanamo. "
        "The crash killed seven.\n\nForeign passengers were from France and Mexico; two of the dead were "
        "from France.\n\nCuban roads suffer many accidents; 2018 saw 750 deaths.",
        ("killed", 750),
        ("Cuba", None, None),
    ),
    # ---- a figure inside a reported clause whose attribution comes first
    (
        "2019-01-04",
        "An apartment building collapsed in Magnitogorsk on Monday. Regional Deputy Governor Oleg Klimov "
        "indicated 68 people were missing.",
        ("missing", 68),
        # the person, whose title the people step keeps as a role, not in the name
        ("Magnitogorsk", "2018-12-31", "Oleg Klimov"),
    ),
    (
        "2019-01-24",
        "A car bomb exploded at a military base in Maidan Shahr on Monday. Sharif Hotak, of the provincial "
        "council, described witnessing 35 bodies in one hospital.",
        ("killed", 35),
        ("Maidan Shahr", "2019-01-21", "Sharif Hotak"),
    ),
    (
        "2021-05-10",
        "Police said about forty workers were in the Leeds factory, three of whom were injured in the blast.",
        ("injured", 3),
        ("Leeds", None, "Police"),
    ),
    # ---- a district the gazetteer knows, named as a part of its town, is the figure's place
    (
        "2021-05-10",
        "A fire broke out in the Shahdara area of the Indian capital, New Delhi, on Sunday. "
        "At least nine people died, officials said.",
        ("killed", 9),
        ("Shahdara", "2021-05-09", "officials"),
    ),
]


# "the regional governor said": the one person of the article holding that role is the source
ROLE_CASES = [
    (
        "Donetsk Governor Vadym Filashkin said Russian forces were pressing the attack.\n\n"
        "One woman was killed by shelling in Donetsk province on Sunday, the regional governor said.",
        "Vadym Filashkin",
    ),
    ("Mayor Karen Bass visited the scene on Monday. The mayor said two people were killed.", "Karen Bass"),
    # two governors: the role names neither
    (
        "Governor Oleh Kiper and Governor Ivan Fedorov met on Monday. The governor said three were killed.",
        None,
    ),
]


def _extract(nlp: Language, published: str, text: str) -> ArticleFacts:
    return extract_article(build_article(text, dt.date.fromisoformat(published)), nlp, get_gazetteer())


def _figure(facts: ArticleFacts, category: str, value: int | None) -> FigureFact:
    found = [f for f in facts.figures if f.figure.category == category and f.figure.value == value]
    assert found, [(f.figure.category, f.figure.value) for f in facts.figures]
    return found[0]


@pytest.mark.parametrize(("published", "text", "figure", "expected"), CASES)
def test_figure_attribution(
    nlp: Language,
    published: str,
    text: str,
    figure: tuple[str, int | None],
    expected: tuple[str | None, str | None, str | None],
) -> None:
    facts = _extract(nlp, published, text)
    fig = _figure(facts, *figure)
    place, day, source = expected
    got_place = facts.entities[fig.place] if fig.place is not None else None
    if place is None:
        assert got_place is None
    else:
        assert got_place is not None and fold(place) in got_place.names(), got_place
    assert (fig.date.isoformat() if fig.date else None) == day
    source_names = {fig.source_text} | (
        {facts.entities[fig.source].name} if fig.source is not None else set()
    )
    if source is None:
        assert fig.source is None and fig.source_text is None, source_names
    else:
        assert source in source_names


def test_a_figure_is_not_credited_to_an_earlier_speaker(nlp: Language) -> None:
    """The bug this replaces: any claim starting earlier in the article took every later figure."""
    text = (
        "President Volodymyr Zelenskyy said Ukraine is preparing for new strikes in the east.\n\n"
        "At least 15 people were killed in a missile strike on the regional headquarters in Mykolaiv on Tuesday."
    )
    fig = _figure(_extract(nlp, "2022-03-31", text), "killed", 15)
    assert fig.source is None and fig.source_text is None


def test_a_caption_figure_has_no_source_and_the_caption_day(nlp: Language) -> None:
    text = (
        "The mayor said the city would rebuild.\n\n"
        "Caption Rescuers search the rubble in Dnipro, Ukraine, Sunday, Jan. 15, 2023. At least 30 people were "
        "killed. (AP Photo/Evgeniy Maloletka) Credit: Evgeniy Maloletka"
    )
    facts = _extract(nlp, "2023-01-16", text)
    fig = _figure(facts, "killed", 30)
    assert fig.source is None and fig.source_text is None
    assert fig.date == dt.date(2023, 1, 15)
    assert fig.place is not None and facts.entities[fig.place].name == "Dnipro"


def test_a_town_named_only_as_a_modifier_becomes_a_place(nlp: Language) -> None:
    facts = _extract(nlp, "2024-03-14", "A Kyiv apartment block was destroyed, killing at least one person.")
    fig = _figure(facts, "killed", 1)
    assert fig.place is not None
    place = facts.entities[fig.place]
    assert place.kind == "place" and place.name == "Kyiv" and place.place is not None


@pytest.mark.parametrize(("text", "person"), ROLE_CASES)
def test_a_role_names_the_person_holding_it(nlp: Language, text: str, person: str | None) -> None:
    facts = _extract(nlp, "2024-03-14", text)
    fig = next(f for f in facts.figures if f.figure.category == "killed")
    assert fig.source_text is not None and fig.source_text.lower().startswith("the")
    assert (facts.entities[fig.source].name if fig.source is not None else None) == person


# a US town is the town of the article's state, not a foreign city of that name or an old name
LOCAL_TOWNS = [
    ("CANTON, Ohio (AP) — A man was shot and killed Saturday night, police said.", "Canton", "US"),
    (
        "A woman was killed in a crash in Lebanon, Pa., on Sunday, Pennsylvania State Police said.",
        "Lebanon",
        "US",
    ),
    (
        "Two people were killed in a shooting in Athens early Sunday, police said. Officers across southeast "
        "Ohio are searching for the suspect.",
        "Athens",
        "US",
    ),
    # the dateline's "Lebanon, Pa." makes every Lebanon of the story the town
    (
        "LEBANON, Pa. — A Lebanon man died Sunday after he was shot outside a bar, the district attorney said.",
        "Lebanon",
        "US",
    ),
    # "a Dayton man": local news names people by their town
    ("A Dayton man was found dead in a car on Friday, police said.", "Dayton", "US"),
    # a river is no village abroad of the same name
    (
        "LANSING, Mich. (AP) — The body of a missing kayaker was recovered from the Grand River in Lansing on "
        "Sunday, authorities said.",
        "Lansing",
        "US",
    ),
    # a country stays the country when no home state follows it
    ("Two men were killed in an airstrike in southern Lebanon on Sunday, officials said.", "Lebanon", "LB"),
]


# a town of the story's state, not a bigger namesake in another state: (text, town, state)
STATE_TOWNS = [
    (
        "LEBANON, Pa. — A Lebanon man died Sunday after he was shot outside a bar, the district attorney said.",
        "Lebanon",
        "PA",
    ),
    (
        "Two people were killed in a shooting in Athens early Sunday, police said. Officers across southeast "
        "Ohio are searching for the suspect.",
        "Athens",
        "OH",
    ),
    (
        "A man was shot and killed in Springfield, Ohio, on Saturday night, police said.",
        "Springfield",
        "OH",
    ),
    # an all-caps dateline town with its state is that state's town, however big a namesake abroad
    (
        "PARIS, Texas (AP) — Two people were killed in a house fire early Thursday, fire officials said.",
        "Paris",
        "TX",
    ),
    (
        "LONDON, Ky. (AP) — A woman was fatally shot Wednesday night, Kentucky State Police said.",
        "London",
        "KY",
    ),
    ("DELHI, N.Y. (AP) — Two people died in a house fire Tuesday, officials said.", "Delhi", "NY"),
    # a town and its state in a story from elsewhere
    (
        "British police said two people were killed in a shooting in Birmingham, Alabama, on Wednesday.",
        "Birmingham",
        "AL",
    ),
]


@pytest.mark.parametrize(("text", "town", "state"), STATE_TOWNS)
def test_a_local_town_is_in_the_articles_state(nlp: Language, text: str, town: str, state: str) -> None:
    facts = _extract(nlp, "2024-03-12", text)
    fig = next(f for f in facts.figures if f.figure.category == "killed")
    assert fig.place is not None
    place = facts.entities[fig.place]
    assert place.name == town and place.place is not None and place.place.admin1 == state, place


@pytest.mark.parametrize(("text", "town", "country"), LOCAL_TOWNS)
def test_a_local_town_is_in_the_articles_country(nlp: Language, text: str, town: str, country: str) -> None:
    facts = _extract(nlp, "2024-03-12", text)
    fig = next(f for f in facts.figures if f.figure.category == "killed")
    assert fig.place is not None
    place = facts.entities[fig.place]
    assert place.name == town and place.place is not None and place.place.country == country, place


def test_a_figure_nothing_closer_places_is_in_the_headlines_town(nlp: Language) -> None:
    """The headline names the story's town in words no incident list holds ("killer sentenced")."""
    text = (
        "Charlottesville, Virginia killer sentenced to life in prison\n\n"
        "On Friday, a federal judge in the United States sentenced an Ohio man to life in prison for "
        "driving his car into a crowd of counter-protesters in 2017.\n\n"
        "In that event, he killed a woman and injured at least nineteen others."
    )
    facts = _extract(nlp, "2019-07-01", text)
    for category, value in (("killed", 1), ("injured", 19)):
        fig = _figure(facts, category, value)
        assert fig.place is not None and facts.entities[fig.place].name == "Charlottesville"


def test_a_word_that_is_only_another_name_of_a_town_abroad_is_no_place(nlp: Language) -> None:
    """ "Twin bombings" at a sentence's head: "Twin" is an other-language name of Thuin, Belgium."""
    text = (
        "Bombs kill at least 20 at cathedral in Mindanao, Philippines\n\n"
        "Twin bombings yesterday struck the Jolo Cathedral in Mindanao, Philippines. At least 20 were killed."
    )
    facts = _extract(nlp, "2019-01-28", text)
    countries = {e.place.country for e in facts.entities if e.kind == "place" and e.place is not None}
    assert countries == {"PH"}


def test_a_headline_count_takes_the_source_of_the_reported_clause_it_repeats(nlp: Language) -> None:
    """ "Three injured" in the headline is the three "police said" were injured, told first."""
    text = (
        "Three injured in Leeds factory blast\n\n"
        "Police said about forty workers were in the factory, three of whom were injured in the blast."
    )
    facts = _extract(nlp, "2021-05-10", text)
    headline = min((f for f in facts.figures if f.figure.value == 3), key=lambda f: f.figure.start)
    assert headline.where.segment == 0 and headline.source_text == "Police"


@pytest.mark.parametrize(
    "home",
    ["A resident of Springfield, Ohio, the suspect", "John Miller, of Springfield, Ohio,"],
)
def test_a_suspects_home_town_is_not_where_the_figures_happened(nlp: Language, home: str) -> None:
    """The sentence naming where the suspect lives tells deaths in the town the story is about."""
    text = (
        "Suspect in Dayton bar shooting released on bail\n\n"
        "The suspect in a shooting at a bar in Dayton, Ohio that left two people dead was released "
        "from jail on Friday.\n\n"
        f"{home} is accused of shooting and killing two people. One other person was injured in the shooting."
    )
    facts = _extract(nlp, "2021-03-08", text)
    figures = [f for f in facts.figures if f.figure.category in {"killed", "injured"}]
    assert len(figures) == 3
    assert {facts.entities[f.place].name for f in figures if f.place is not None} == {"Dayton"}


def test_a_headline_count_is_the_narrations_when_the_body_first_tells_it_unsourced(nlp: Language) -> None:
    """The lead tells "killed five girls" itself; a later "police said all five deaths were caused by
    ..." is about the cause, and the headline repeats the lead."""
    text = (
        "Escape room fire kills five girls in Koszalin, Poland\n\n"
        "A fire at an escape room in Koszalin, Poland killed five girls on Friday.\n\n"
        "Police said all five deaths were caused by carbon monoxide poisoning."
    )
    facts = _extract(nlp, "2019-01-05", text)
    headline = min((f for f in facts.figures if f.figure.value == 5), key=lambda f: f.figure.start)
    assert headline.where.segment == 0 and headline.source is None and headline.source_text is None
