"""The write path's heavy parts, loaded on first use: the read path never loads the model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import Engine
from sqlmodel import Session

from .config import get_settings
from .extract.article import Article
from .extract.gazetteer import get_gazetteer
from .extract.nlp import load_nlp
from .extract.pipeline import ArticleFacts, extract_article, extract_articles
from .ingest import Stored, fact_counts, find_existing, store

BATCH = 8  # articles a worker parses in one nlp.pipe call, as extract_articles batches them


def extract(article: Article) -> ArticleFacts:
    """Extract one article with the configured model."""
    return extract_article(article, load_nlp(get_settings().spacy_model), get_gazetteer())


def extract_many(articles: Sequence[Article], *, jobs: int = 1) -> Iterator[ArticleFacts]:
    """Extract articles in order, in `jobs` processes (each loads the model once)."""
    if jobs <= 1 or len(articles) < 2:
        yield from extract_articles(articles, load_nlp(get_settings().spacy_model), get_gazetteer())
        return
    # each task is a batch for nlp.pipe, as in one process: parsed one by one, the
    # workers lost the batching that makes a single process fast
    batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
        for facts in pool.map(_extract_batch, batches):
            yield from facts


def _extract_batch(articles: Sequence[Article]) -> list[ArticleFacts]:
    return list(extract_articles(articles, load_nlp(get_settings().spacy_model), get_gazetteer()))


def _warm() -> None:
    load_nlp(get_settings().spacy_model)
    get_gazetteer()


def ingest_article(engine: Engine, article: Article) -> Stored:
    """Store one article unless its content is already stored; extraction only when needed."""
    with Session(engine) as session:
        existing = find_existing(session, article)
        if existing is not None:
            return Stored(existing, False, fact_counts(session, existing.id))
    return store(engine, extract(article))
