"""Direct quotations: marks, quoted words and the words naming the speaker."""

import pytest
from spacy.language import Language

from app.extract.people.quotes import extract_quotes, quoted_ranges


def quotes_of(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker_text) for q in extract_quotes(nlp(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a full quote before its attribution, comma kept inside the marks
        (
            "“We will not back down,” the minister told reporters.",
            [("We will not back down,", "the minister")],
        ),
        ("“This is a tragedy,” the mayor told The Associated Press.", [("This is a tragedy,", "the mayor")]),
        # inverted attribution, an appositive after the name
        (
            "“The situation is dire,” said John Smith, a spokesman for the agency.",
            [("The situation is dire,", "John Smith")],
        ),
        # straight marks, and a closing mark of the other kind
        ('"We have lost everything," said Olena, 34, a teacher.', [("We have lost everything,", "Olena")]),
        ('Smith said the plan is “a buildup for new strikes."', [("a buildup for new strikes.", "Smith")]),
        # apostrophes inside words are no marks
        (
            "“It’s hell and we weren’t ready,” said one resident.",
            [("It’s hell and we weren’t ready,", "one resident")],
        ),
        # a colon before the quote
        (
            "The ministry said in a statement: “All our units are in place.”",
            [("All our units are in place.", "The ministry")],
        ),
        # a title before a name: the name speaks
        (
            "Kremlin spokesman Dmitry Peskov told reporters on Tuesday that “there is no progress.”",
            [("there is no progress.", "Dmitry Peskov")],
        ),
        # organisations speak
        (
            "“This was a war crime,” Human Rights Watch said in a report published Tuesday.",
            [("This was a war crime,", "Human Rights Watch")],
        ),
        # a pronoun speaker is kept as it stands
        ("“I don’t know,” she said.", [("I don’t know,", "she")]),
    ],
)
def test_direct_quotes(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert quotes_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a partial quote belongs to the subject of the verb whose clause holds it
        (
            "Prime Minister Boris Johnson warned that Russia would face “massive” sanctions.",
            [("massive", "Boris Johnson")],
        ),
        # the inner speaker of a nested attribution
        (
            "Russian President Vladimir Putin said that conditions weren’t yet “ripe” for a cease-fire, "
            "Italian Premier Mario Draghi said in recounting a telephone conversation.",
            [("ripe", "Vladimir Putin")],
        ),
        # a quoted object of a reporting verb
        (
            "Britain’s Defense Ministry also reported “heavy Russian shelling” around Kharkiv.",
            [("heavy Russian shelling", "Britain’s Defense Ministry")],
        ),
        # two partial quotes, two speakers
        (
            "Analysts said the offensive had “stalled,” but the Kremlin insisted that everything was going “according to plan.”",
            [("stalled,", "Analysts"), ("according to plan.", "the Kremlin")],
        ),
        # characterising verbs attribute quoted words too
        ("Residents describe the attack as a “massacre.”", [("massacre.", "Residents")]),
        ("The group, which called the attack “barbaric,” vowed to retaliate.", [("barbaric,", "The group")]),
        # "according to" names a source
        (
            "“The situation is under control,” according to a police statement.",
            [("The situation is under control,", "a police statement")],
        ),
    ],
)
def test_partial_quotes(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert quotes_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote split around its attribution keeps the speaker
        (
            "“I don’t know,” she said. “Maybe tomorrow.”",
            [("I don’t know,", "she"), ("Maybe tomorrow.", "she")],
        ),
        # ... into the next paragraph too
        (
            "“Nobody is safe,” the mayor said.\n\n“Not even the children.”",
            [("Nobody is safe,", "the mayor"), ("Not even the children.", "the mayor")],
        ),
        # a quote over two paragraphs (left open, opened again) is one quote
        (
            "“We were hiding for three weeks,” said Natalia. “There was no water.\n\n“When we came out, the street was gone.”",
            [
                ("We were hiding for three weeks,", "Natalia"),
                ("There was no water. When we came out, the street was gone.", "Natalia"),
            ],
        ),
        # an attribution sentence ending in a colon, the quote in its own paragraph
        ("He added:\n\n“We will rebuild everything.”", [("We will rebuild everything.", "He")]),
        # a scare quote inside a later sentence does not inherit the speaker
        (
            "“Nobody is safe,” the mayor said.\n\nThe next day, the army shelled the “safe” zone again.",
            [("Nobody is safe,", "the mayor"), ("safe", None)],
        ),
        # too far from the last speaker to be his
        (
            "“Nobody is safe,” the mayor said.\n\nRain fell.\n\n“We stay.”",
            [("Nobody is safe,", "the mayor"), ("We stay.", None)],
        ),
    ],
)
def test_quotes_that_carry_on(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert quotes_of(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scare quotes: no speaker
        (
            "The so-called “special military operation” continued for a third week.",
            [("special military operation", None)],
        ),
        ("“Nobody is safe here.” That was the message from the governor.", [("Nobody is safe here.", None)]),
        # inch marks, possessive apostrophes and empty marks are no quotes
        ('The 12" pipe burst at dawn.', []),
        ("The soldiers’ families waited at the soldiers' barracks.", []),
        ("He wrote “” on the form.", []),
    ],
)
def test_no_speaker_or_no_quote(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert quotes_of(nlp, text) == expected


def test_offsets_are_doc_offsets_for_a_span(nlp: Language) -> None:
    doc = nlp("Rain fell on Kyiv.\n\n“We will stay,” the mayor said.")
    span = doc[6:]
    [quote] = extract_quotes(span)
    assert doc.text[quote.start : quote.end] == "We will stay,"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert doc.text[quote.speaker_start : quote.speaker_end] == "the mayor"


def test_quoted_ranges_span_paragraphs(nlp: Language) -> None:
    doc = nlp("“One.\n\n“Two.” She left.")
    [quoted] = quoted_ranges(doc)
    assert [doc.text[a:b] for a, b in quoted.parts] == ["One.", "Two."]
