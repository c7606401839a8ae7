"""The write path's heavy parts, loaded on first use: the read path never loads the model."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine

from .config import get_settings
from .extract.article import Article
from .extract.gazetteer import get_gazetteer
from .extract.nlp import load_nlp
from .extract.pipeline import ArticleFacts, extract_article
from .ingest import Stored, fact_counts, find_existing, store


@lru_cache
def warm() -> None:
    """Load the spaCy model and the gazetteer once per process."""
    load_nlp(get_settings().spacy_model)
    get_gazetteer()


def extract(article: Article) -> ArticleFacts:
    """Extract one article with the configured model."""
    return extract_article(article, load_nlp(get_settings().spacy_model), get_gazetteer())


def ingest_article(engine: Engine, article: Article) -> Stored:
    """Store one article unless its content is already stored; extraction only when needed."""
    from sqlmodel import Session

    with Session(engine) as session:
        existing = find_existing(session, article)
        if existing is not None:
            return Stored(existing, False, fact_counts(session, existing.id))
    return store(engine, extract(article))
