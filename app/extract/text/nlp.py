"""Loading the spaCy pipeline, once per process."""

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

CLOSERS = frozenset({'"', "”", "’", "'", ")", "]"})


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Articles are fed whole so that quotes and pronouns can cross paragraphs, but the
    parser sometimes runs a sentence on over a blank line; news paragraphs never do.
    """
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = not token.is_space
        elif token.is_space or (token.text in CLOSERS and not prev.whitespace_):
            # a closing quote glued to the full stop, or the blank line itself,
            # ends the sentence before it rather than opening a new one
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str) -> Language:
    """Load the named spaCy pipeline package (a setting: SPACY_MODEL)."""
    nlp = spacy.load(name)
    if "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
