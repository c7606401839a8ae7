"""Quote speakers: 'he said' is the person the paragraph is about, and an unclear one is nobody.

Each row is a short article of our own, words of one of its quotes, and who spoke them
(None: the article does not make it clear, so no speaker rather than a wrong one).
"""

import datetime as dt

import pytest
from spacy.language import Language

from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import build_article

CASES = [
    (
        "U.N. Secretary-General Antonio Guterres met Russian President Vladimir Putin in Moscow on Tuesday. Putin said the talks were useful.\n\nGuterres later visited the Azovstal plant. “I appeal to the Russian Federation to allow the evacuation,” he said.",
        "I appeal to the Russian Federation",
        "Antonio Guterres",
    ),
    (
        "U.N. Secretary-General Antonio Guterres said Russian President Vladimir Putin had agreed in principle to the plan. “It is a first step,” he said.",
        "It is a first step",
        "Antonio Guterres",
    ),
    (
        "President Joe Biden spoke by phone with Ukrainian President Volodymyr Zelenskyy on Wednesday. Zelenskyy thanked him for the aid.\n\nBiden announced another $800 million in weapons. “We will stand with Ukraine for as long as it takes,” he said.",
        "We will stand with Ukraine",
        "Joe Biden",
    ),
    ("“We will never give up,” he said.", "We will never give up", None),
    (
        "Kremlin spokesman Dmitry Peskov told reporters: “The operation is going according to plan.”",
        "The operation is going according to plan",
        "Dmitry Peskov",
    ),
    (
        "“This is a tragedy for our whole city,” said Mayor Karen Bass. “We will find who did this.”",
        "We will find who did this",
        "Karen Bass",
    ),
    (
        "The Palestinian Health Ministry said the toll was rising. “Hospitals are overwhelmed,” it said.",
        "Hospitals are overwhelmed",
        "Health Ministry",
    ),
    (
        "Police Chief Larry Scirotto said officers arrived within minutes. “They ran toward the gunfire,” he said.",
        "They ran toward the gunfire",
        "Larry Scirotto",
    ),
    (
        "NATO Secretary-General Jens Stoltenberg met Zelenskyy in Kyiv on Thursday.\n\n“Russia has repeatedly lied about its intentions,” Stoltenberg said. At the same time, he said, “we can expect additional offensive actions.”",
        "we can expect additional offensive actions",
        "Stoltenberg",
    ),
    (
        "Fire Chief Maria Lopez said the blaze started in the kitchen. Investigators were still at the scene on Sunday.\n\n“It spread very fast,” she said.",
        "It spread very fast",
        "Maria Lopez",
    ),
    (
        "Mayor Vitali Klitschko said the metro would stay open. The city council said it would meet on Friday. “We need more shelters,” he said.",
        "We need more shelters",
        "Vitali Klitschko",
    ),
    (
        "Governor Oleh Syniehubov visited the hospital on Monday. The governor said the wounded were in stable condition. “The doctors are heroes,” he said.",
        "The doctors are heroes",
        "Oleh Syniehubov",
    ),
]


@pytest.mark.parametrize(("text", "words", "speaker"), CASES)
def test_quote_speaker(nlp: Language, text: str, words: str, speaker: str | None) -> None:
    facts = extract_article(build_article(text, dt.date(2024, 3, 14)), nlp, get_gazetteer())
    quotes = [q for q in facts.quotes if words in q.quote.text]
    assert quotes, [q.quote.text for q in facts.quotes]
    got = quotes[0].speaker
    if speaker is None:
        assert got is None, facts.entities[got].name
    else:
        assert got is not None and speaker in facts.entities[got].name, quotes[0]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Kremlin spokesman Dmitry Peskov told reporters: “The operation is going to plan.”",
            "Dmitry Peskov",
            "spokesman",
        ),
        (
            "“We appeal for calm,” said U.N. Secretary-General Antonio Guterres.",
            "Antonio Guterres",
            "secretary-general",
        ),
        ("Police Chief Larry Scirotto said: “They ran toward the gunfire.”", "Larry Scirotto", "chief"),
    ],
)
def test_a_speaker_keeps_the_role_the_article_gives(nlp: Language, text: str, name: str, role: str) -> None:
    facts = extract_article(build_article(text, dt.date(2024, 3, 14)), nlp, get_gazetteer())
    speaker = facts.quotes[0].speaker
    assert speaker is not None and facts.entities[speaker].name == name
    assert any(role in r.lower() for r in facts.entities[speaker].roles), facts.entities[speaker].roles
