"""Shared fixtures: one real spaCy pipeline for the whole session."""

import pytest
from spacy.language import Language

from app.config import get_settings
from app.extract.text.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp(get_settings().spacy_model)
