"""Casualty phrasing of crime, disaster and conflict reports, and the numbers that are not casualties."""

import pytest
from spacy.language import Language

from app.extract.casualties.figures import extract_figures
from app.extract.types import CASUALTY_CATEGORIES

Got = list[tuple[str, int | None, int | None, str | None]]


def casualties(nlp: Language, text: str) -> Got:
    """The casualty figures of a text as (category, value, value_min, qualifier)."""
    found = extract_figures(nlp(text))
    return [
        (f.category, f.value, f.value_min, f.qualifier) for f in found if f.category in CASUALTY_CATEGORIES
    ]


# local crime reports: one victim is written "a man", not "one man"
CRIME = [
    ("A 23-year-old man was shot and killed outside a bar early Sunday.", [("killed", 1, None, None)]),
    ("A woman was fatally stabbed in her apartment on Tuesday, police said.", [("killed", 1, None, None)]),
    ("A 41-year-old man was fatally shot during a robbery at a gas station.", [("killed", 1, None, None)]),
    ("Police said a teenager was pronounced dead at the hospital.", [("killed", 1, None, None)]),
    ("A motorcyclist was pronounced dead at the scene of the crash.", [("killed", 1, None, None)]),
    ("A construction worker died at the hospital after the trench collapsed.", [("killed", 1, None, None)]),
    (
        "One man was killed and two others were wounded.",
        [("killed", 1, None, None), ("injured", 2, None, None)],
    ),
    ("A man and a woman were killed in a house fire early Tuesday.", [("killed", 2, None, None)]),
    ("A mother and her two children were killed in the crash.", [("killed", 3, None, None)]),
    ("Two others were wounded in the shooting, police said.", [("injured", 2, None, None)]),
    # the next group counted by "more" alone, and the people aboard named as occupants
    (
        "The fire killed nine people and injured at least 50 more, officials said.",
        [("killed", 9, None, None), ("injured", 50, None, "at least")],
    ),
    ("Three occupants of the helicopter died at the scene.", [("killed", 3, None, None)]),
    ("The team scored 20 more in the second half.", []),
    # a bare total takes its verb's category; a copula's counts take its subject's
    ("A total of 39 are confirmed dead, officials told state media.", [("killed", 39, None, None)]),
    ("A total of 12 people attended the vigil.", []),
    (
        "The confirmed deaths are fourteen civilians, five soldiers, and one member of the Coast Guard.",
        [("killed", 14, None, None), ("killed", 5, None, None), ("killed", 1, None, None)],
    ),
    # people the parser joined to a thing in between are still the verb's object
    (
        "A fire on a highway killed five children in a church bus and two truck drivers.",
        [("killed", 5, None, None), ("killed", 2, None, None)],
    ),
    # headlines drop their verbs
    (
        "2 dead, 1 critically hurt in apartment shooting",
        [("killed", 2, None, None), ("injured", 1, None, None)],
    ),
    (
        "3 dead, 4 injured in Interstate 35 crash near Waco",
        [("killed", 3, None, None), ("injured", 4, None, None)],
    ),
    ("Man killed, two wounded in bar shooting", [("killed", 1, None, None), ("injured", 2, None, None)]),
    ("Two officers shot at the fleeing car.", []),
    ("The gunman shot and killed two people.", [("killed", 2, None, None)]),
    ("A 17-year-old boy was critically wounded.", [("injured", 1, None, None)]),
    ("Two teenagers were seriously injured when their car hit a tree.", [("injured", 2, None, None)]),
    ("A pedestrian was struck and killed by a pickup truck on Main Street.", [("killed", 1, None, None)]),
    ("The gunman was killed in an exchange of gunfire with officers.", [("killed", 1, None, None)]),
    ("The suspect was shot and killed by police.", [("killed", 1, None, None)]),
    ("A man suspected of carjacking was shot and killed by police Friday.", [("killed", 1, None, None)]),
    ("A second teenager was shot in the leg.", [("injured", 1, None, None)]),
    (
        "Four people were shot Sunday, two fatally, police said.",
        [("injured", 4, None, None), ("killed", 2, None, None)],
    ),
    (
        "Five people were stabbed, two of them fatally.",
        [("injured", 5, None, None), ("killed", 2, None, None)],
    ),
    # the three shot include the one who died: both figures are what the sentence says
    (
        "Three people were shot, one fatally, outside a nightclub.",
        [("injured", 3, None, None), ("killed", 1, None, None)],
    ),
    ("A 9-year-old boy was wounded by a stray bullet.", [("injured", 1, None, None)]),
    (
        "The shooting left three dead and five wounded.",
        [("killed", 3, None, None), ("injured", 5, None, None)],
    ),
    ("The crash left two people dead.", [("killed", 2, None, None)]),
    ("Both victims were pronounced dead at the scene.", [("killed", 2, None, None)]),
    ("His estranged wife, 44, and her mother, 71, were killed.", [("killed", 2, None, None)]),
    ("The victim, 19, died at the hospital.", [("killed", 1, None, None)]),
    ("Two men, ages 22 and 30, were wounded.", [("injured", 2, None, None)]),
    ("A woman is dead after a shooting on the west side.", [("killed", 1, None, None)]),
    ("A 62-year-old man has succumbed to his injuries, police said.", [("killed", 1, None, None)]),
    ("The body of a missing kayaker was recovered from the river.", [("killed", 1, None, None)]),
    ("Divers found a body in the lake on Sunday.", [("killed", 1, None, None)]),
    ("The driver remained at the scene and was not injured.", []),
    ("The governing body approved the plan on a 5-4 vote.", []),
    (
        "A man who was shot and killed on Friday was identified as a local teacher.",
        [("killed", 1, None, None)],
    ),
    # a victim named by age alone
    (
        "A 19-year-old was shot Friday and later died of his injuries, police said.",
        [("killed", 1, None, None)],
    ),
    ("The 50-year-old building was damaged in the blast.", []),
    # the object of a verb that finds or leaves people in a state
    ("Officers found a man dead from gunshot wounds inside the home.", [("killed", 1, None, None)]),
    # a death told after the shooting, by a pronoun standing for the victim
    (
        "A man was shot on Main Street on Saturday night. He later died of his injuries at a hospital.",
        [("killed", 1, None, None)],
    ),
    (
        "A woman was stabbed on Tuesday. Police said she was taken to a hospital, where she died.",
        [("killed", 1, None, None)],
    ),
    (
        "Two men were found in a parked car. Police are investigating their deaths as homicides.",
        [("killed", 2, None, None)],
    ),
    ("A man was shot in the leg on Sunday. He is expected to survive.", [("injured", 1, None, None)]),
    (
        "Three people were injured in the crash. They were taken to a hospital.",
        [("injured", 3, None, None)],
    ),
]
# disasters and conflict
DISASTER = [
    ("The storm claimed the lives of at least 14 people.", [("killed", 14, None, "at least")]),
    ("The death toll rose to 41 on Thursday.", [("killed", 41, None, None)]),
    ("Two players were killed when their team bus crashed.", [("killed", 2, None, None)]),
    ("Officials said 10-15 people were injured.", [("injured", None, 10, None)]),
    ("Rescuers said the bodies of six miners were recovered.", [("killed", 6, None, None)]),
    ("Twelve bodies were recovered from the river.", [("killed", 12, None, None)]),
    ("Nine people remain unaccounted for after the landslide.", [("missing", 9, None, None)]),
    ("Crews rescued 14 residents from flooded homes.", [("evacuated", 14, None, None)]),
    ("More than 3,000 people were evacuated from coastal towns.", [("evacuated", 3000, None, "more than")]),
    ("Some 20,000 people fled their homes as the fire spread.", [("displaced", 20000, None, "some")]),
    (
        "The quake killed more than 2,000 people and injured thousands.",
        [("killed", 2000, None, "more than"), ("injured", None, 1000, None)],
    ),
    (
        "A soldier was killed and four were wounded in the ambush.",
        [("killed", 1, None, None), ("injured", 4, None, None)],
    ),
    ("A child drowned in the floodwaters.", [("killed", 1, None, None)]),
]
# what is not a casualty figure: other senses, ages, times, addresses, scores, money, shares, years, votes
NOT_CASUALTIES = [
    ("The new law killed two birds with one stone.", []),
    ("The race ended in a dead heat between the two horses.", []),
    ("The start-up says it has built a killer app for 3 million users.", []),
    ("The measure passed the Senate 52 to 48.", []),
    ("The council voted 7-2 to approve the budget.", []),
    ("Officers were called to the 200 block of East Michigan Avenue at about 1:45 a.m.", []),
    ("The fire broke out at 1415 Lexington Ave. in 2019.", []),
    ("The Lakers beat the Celtics 102-99 on Sunday.", []),
    ("Lakers 102, Celtics 99", []),
    ("The Dow fell 1.2% and the S&P 500 lost 30 points.", []),
    ("Apple shares rose 3 percent after the company said it sold 50 million phones.", []),
    ("The company cut 600 jobs and paid a $5,000 bonus.", []),
    ("He was shot three times.", []),
    ("Crime Stoppers is offering a $10,000 reward for information.", []),
    ("The couple had separated in May 2023.", []),
    ("Both teams were hurt by injuries this season.", []),
    ("The victims, ages 19 and 23, were identified on Monday.", []),
    ("The 34-year-old driver was arrested at the scene.", []),
    ("Police arrested 12 protesters outside the stadium.", []),
    ("The Warriors killed the Kings 130-90 on Friday.", []),
    ("Boston shot 15 three-pointers in the first half.", []),
    ("Two players were injured in the second quarter.", []),
    ("The quarterback was sacked five times.", []),
    ("Davis added 22 points and 14 rebounds.", []),
    ("Nvidia shares fell 6% and wiped out $200 billion in market value.", []),
    ("The Dow shed 500 points, or 1.3%, to 38,200.", []),
    ("The company laid off 1,200 workers and closed three plants.", []),
    ("Two men were taken into custody.", []),
    ("The team lost three players to injury this season.", []),
    ("A man was not hurt in the crash.", []),
    # a photo caption describes one person; it reports no figure
    ("A wounded man talks to a soldier after being evacuated from the town.", []),
]


@pytest.mark.parametrize(("text", "expected"), CRIME + DISASTER + NOT_CASUALTIES)
def test_casualty_phrasing(nlp: Language, text: str, expected: Got) -> None:
    assert casualties(nlp, text) == expected
