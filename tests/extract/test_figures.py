"""Casualty figures read from the parse: every figure a sentence gives, and none it does not."""

import pytest
from spacy.language import Language

from app.extract.casualties.figures import extract_figures

CASES = [
    # ---- killed: object of "kill", subject of "die", tolls, "lost their lives", "dead", "bodies"
    (
        "Gunmen killed at least 12 people in an attack on a village on Sunday.",
        [("killed", 12, None, "at least")],
    ),
    ("At least 15 people were killed in a missile strike.", [("killed", 15, None, "at least")]),
    (
        "It was the deadliest attack since a suicide bombing that killed 23 in January.",
        [("killed", 23, None, None)],
    ),
    ("The strike hit a market, killing three civilians.", [("killed", 3, None, None)]),
    (
        "Israeli strikes have killed more than 30,000 Palestinians, according to the health ministry.",
        [("killed", 30000, None, "more than")],
    ),
    ("The death toll had risen to 20 in a Russian missile strike Tuesday.", [("killed", 20, None, None)]),
    (
        "The death toll from the war in Gaza has surpassed 30,000, the ministry said.",
        [("killed", 30000, None, None)],
    ),
    ("The ministry put the death toll at 1,200.", [("killed", 1200, None, None)]),
    ("The number of people killed has risen to 32.", [("killed", 32, None, None)]),
    ("Six weeks into a war that has seen thousands die.", [("killed", None, 1000, None)]),
    ("About 120 people drowned when the boat sank.", [("killed", 120, None, "about")]),
    ("Twenty people lost their lives.", [("killed", 20, None, None)]),
    ("The fighting has claimed more than 500 lives since January.", [("killed", 500, None, "more than")]),
    ("An explosion claimed the lives of 20 people.", [("killed", 20, None, None)]),
    ("At least 100 bodies have been recovered from the rubble.", [("killed", 100, None, "at least")]),
    ("Two journalists were among the dead.", [("killed", 2, None, None)]),
    ("Syria war: At least 20 killed in Idlib air strikes", [("killed", 20, None, "at least")]),
    ("Up to 500 people may have died in the earthquake, officials warned.", [("killed", 500, None, "up to")]),
    ("The Airbus crashed in June, killing all 228 people on board.", [("killed", 228, None, None)]),
    ("Twenty-one people were killed on 7 October 2023.", [("killed", 21, None, None)]),
    (
        "The accidents killed 102 and 21 people respectively.",
        [("killed", 102, None, None), ("killed", 21, None, None)],
    ),
    # ---- killed and injured together
    (
        "The attack left 30 dead and dozens wounded.",
        [("killed", 30, None, None), ("injured", None, 12, None)],
    ),
    (
        "The bombing left at least 18 people dead and 30 others wounded.",
        [("killed", 18, None, "at least"), ("injured", 30, None, None)],
    ),
    (
        "Two people were killed and five injured in the attack.",
        [("killed", 2, None, None), ("injured", 5, None, None)],
    ),
    (
        "A suicide bomber killed 23 people and wounded more than 40 at a mosque.",
        [("killed", 23, None, None), ("injured", 40, None, "more than")],
    ),
    (
        "At least 70 people were killed and hundreds injured when an explosion ripped through a market.",
        [("killed", 70, None, "at least"), ("injured", None, 100, None)],
    ),
    ("Seven people died and 12 were hospitalized.", [("killed", 7, None, None), ("injured", 12, None, None)]),
    (
        "The shelling killed one person and wounded four.",
        [("killed", 1, None, None), ("injured", 4, None, None)],
    ),
    (
        "Between 10 and 15 people died, and twenty-five were hurt.",
        [("killed", None, 10, None), ("injured", 25, None, None)],
    ),
    (
        "Twelve people were killed, including seven children.",
        [("killed", 12, None, None), ("killed", 7, None, None)],
    ),
    # ---- injured
    ("The blast injured 45 people, officials said.", [("injured", 45, None, None)]),
    (
        "More than a dozen people were killed, and scores more were wounded.",
        [("killed", 12, None, "more than"), ("injured", None, 20, None)],
    ),
    # ---- missing
    ("Five people remain missing.", [("missing", 5, None, None)]),
    ("Nearly 200 people remain unaccounted for.", [("missing", 200, None, "nearly")]),
    ("Around 300 migrants are missing after their boat capsized.", [("missing", 300, None, "around")]),
    ("Three days after the attack, 40 people were still missing.", [("missing", 40, None, None)]),
    # ---- captured
    ("Two soldiers were captured.", [("captured", 2, None, None)]),
    ("Russian forces took 20 Ukrainian soldiers prisoner.", [("captured", 20, None, None)]),
    ("About 250 were taken hostage.", [("captured", 250, None, "about")]),
    ("Boko Haram abducted 276 schoolgirls from Chibok in 2014.", [("captured", 276, None, None)]),
    ("Between 200 and 300 fighters were captured.", [("captured", None, 200, None)]),
    # ---- displaced
    ("More than 1,000 people have been displaced.", [("displaced", 1000, None, "more than")]),
    ("A staggering 4 million Ukrainians flee the country.", [("displaced", 4000000, None, None)]),
    ("More than 4m people have fled Ukraine, the UN says.", [("displaced", 4000000, None, "more than")]),
    (
        "Roughly 6 million Syrians have fled the country since 2011.",
        [("displaced", 6000000, None, "roughly")],
    ),
    ("Hundreds of thousands of people were forced from their homes.", [("displaced", None, 100000, None)]),
    (
        "Fighting has forced more than 8 million people to flee their homes.",
        [("displaced", 8000000, None, "more than")],
    ),
    ("The UN says 1.1 million people have been internally displaced.", [("displaced", 1100000, None, None)]),
    ("The agency said 1.5 million refugees had crossed into Poland.", [("displaced", 1500000, None, None)]),
    ("The ministry put the number of displaced at 85,000.", [("displaced", 85000, None, None)]),
    ("Half a million people have fled.", [("displaced", 500000, None, None)]),
    # ---- evacuated
    ("Tens of thousands have managed to get out of Mariupol.", [("evacuated", None, 10000, None)]),
    ("Rescuers evacuated 200 residents.", [("evacuated", 200, None, None)]),
    ("Some 400 civilians were rescued from the besieged steel plant.", [("evacuated", 400, None, "some")]),
    ("Thousands of people were evacuated as the fire approached.", [("evacuated", None, 1000, None)]),
    ("The Red Cross helped evacuate 500 civilians.", [("evacuated", 500, None, None)]),
    ("Several hundred people were evacuated.", [("evacuated", None, 300, None)]),
    # ---- population, and other counts of people kept apart
    (
        "It reduced the city's population from a prewar 430,000 to an estimated 100,000.",
        [("population", 430000, None, None), ("population", 100000, None, "an estimated")],
    ),
    ("The city of 1.2 million people has been without power.", [("population", 1200000, None, None)]),
    ("Putin authorized drafting 134,500 new conscripts.", [("other", 134500, None, None)]),
    ("The lives of tens of thousands of people depend on it.", [("other", None, 10000, None)]),
    ("The explosion caused 50 casualties.", [("other", 50, None, None)]),
    ("Police arrested 50 protesters.", [("other", 50, None, None)]),
    ("Two gunmen killed five worshippers.", [("other", 2, None, None), ("killed", 5, None, None)]),
    ("He was one of 12 people killed in the strike.", [("other", 1, None, None), ("killed", 12, None, None)]),
    ("At least 20 people are feared dead.", [("other", 20, None, "at least")]),
    # ---- no figure at all: not people, not real, not a count
    ("Officials said 45 buses would be sent to collect civilians.", []),
    ("No one was killed in the attack.", []),
    ("The strike could kill thousands.", []),
    ("The rebels threatened to execute 20 hostages.", []),
    ("Officials fear the death toll could rise to 100.", []),
    ("Officials said 2 million people could be displaced by the flooding.", []),
    ("Two people were not injured.", []),
    ("The army destroyed 12 tanks.", []),
    ("The missiles struck 5 km from the border.", []),
    ("Turnout rose to 20 percent in 2014.", []),
    ("The 82-year-old woman was evacuated on March 30 at 5 p.m.", []),
    ("Larysa Kolesnyk, 82, was evacuated from Irpin.", []),
    # one person without a number is one, and the age is no count
    ("The shelling killed a 9-year-old girl.", [("killed", 1, None, None)]),
    ("The talks lasted three days.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_figures(nlp: Language, sentence: str, expected: list[tuple]) -> None:
    got = [(f.category, f.value, f.value_min, f.qualifier) for f in extract_figures(nlp(sentence))]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "approximate"),
    [
        ("Thousands have died.", True),
        ("An estimated 100,000 people have fled.", True),
        ("About 500 people fled.", True),
        ("At least 15 people were killed.", False),
        ("Two soldiers were captured.", False),
    ],
)
def test_approximate(nlp: Language, sentence: str, approximate: bool) -> None:
    (figure,) = extract_figures(nlp(sentence))
    assert figure.approximate is approximate


def test_range_keeps_both_ends(nlp: Language) -> None:
    (figure,) = extract_figures(nlp("Between 10 and 15 people died."))
    assert (figure.value, figure.value_min, figure.value_max) == (None, 10, 15)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "Also, the emergency services said the death toll had risen to 20 on Tuesday.",
            "death toll had risen to 20",
        ),
        ("Gunmen killed at least 12 people in an attack.", "killed at least 12 people"),
        (
            "Tens of thousands have managed to get out of Mariupol.",
            "Tens of thousands have managed to get out",
        ),
        # the count comes first in the text, before any other number
        ("The attack killed 5 soldiers and 12 civilians.", "12 civilians"),
    ],
)
def test_text_is_the_phrase_read(nlp: Language, sentence: str, text: str) -> None:
    doc = nlp(sentence)
    figure = extract_figures(doc)[-1]
    assert figure.text == text
    assert doc.text[figure.start : figure.end] == text


def test_offsets_in_a_span_are_doc_offsets(nlp: Language) -> None:
    doc = nlp("Talks resumed on Friday.\n\nFive people remain missing after the strike.")
    span = doc.char_span(doc.text.index("Five"), len(doc.text), alignment_mode="expand")
    assert span is not None
    (figure,) = extract_figures(span)
    assert doc.text[figure.start : figure.end] == figure.text == "Five people remain missing"
    assert figure.start == doc.text.index("Five")


def test_repeated_mentions_give_one_figure_each(nlp: Language) -> None:
    text = "At least 15 people were killed in a strike. At least 15 people were killed in a strike."
    assert [f.category for f in extract_figures(nlp(text))] == ["killed", "killed"]
