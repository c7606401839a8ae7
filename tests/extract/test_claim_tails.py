"""Attributions closing a sentence: they attribute all of it, whatever the parser hung them on."""

import pytest
from spacy.language import Language

from app.extract.people.claims import extract_claims


@pytest.mark.parametrize(
    ("text", "source", "covered", "left_out"),
    [
        # the parser hangs "..., X said." on the noun before it as a relative clause
        (
            "A Kyiv apartment block was destroyed, killing at least one person, Ukraine's emergency services said.",
            "Ukraine's emergency services",
            "A Kyiv apartment block was destroyed",
            None,
        ),
        # an attribution after coordinated clauses attributes each of them
        (
            "Two teenagers were killed and five were wounded, according to police.",
            "police",
            "Two teenagers were killed",
            None,
        ),
        (
            "Three people died and four were injured in the crash, the highway patrol said.",
            "the highway patrol",
            "Three people died",
            None,
        ),
        # a real relative clause stays one: who said it is not the sentence's source
        (
            "The strike hit a school that officials said was empty.",
            "officials",
            "was empty",
            "The strike hit",
        ),
    ],
)
def test_a_closing_attribution_covers_its_sentence(
    nlp: Language, text: str, source: str, covered: str, left_out: str | None
) -> None:
    claims = [c for c in extract_claims(nlp(text)) if c.source_text == source]
    assert claims, [(c.source_text, c.text) for c in extract_claims(nlp(text))]
    assert covered in claims[0].text
    if left_out is not None:
        assert left_out not in claims[0].text
