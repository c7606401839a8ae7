"""The write path's heavy parts: extraction in killable worker processes, then storage.

Nothing here imports spaCy: the workers do (`extract_worker`), so a server process
that only reads never loads it, and one that writes holds no model of its own.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlmodel import Session

from .config import get_settings
from .extract.article import Article
from .extract_worker import ExtractionFailed, ExtractionWorker, Failure
from .ingest import Stored, fact_counts, find_existing, store

if TYPE_CHECKING:
    from .extract.pipeline import ArticleFacts

BATCH = 8  # articles a worker parses in one nlp.pipe call, as extract_articles batches them

_shared: ExtractionWorker | None = None
_shared_lock = threading.Lock()


class ArticleTooLong(ExtractionFailed):
    """The article is longer than extraction takes (a setting: MAX_ARTICLE_CHARS)."""


def check_length(article: Article) -> None:
    """Refuse an article over the size limit before any extraction: raise ArticleTooLong."""
    limit = get_settings().max_article_chars
    if len(article.text) > limit:
        raise ArticleTooLong(
            f"the article has {len(article.text):,} characters; the limit is {limit:,} (MAX_ARTICLE_CHARS)"
        )


def extract(article: Article) -> ArticleFacts:
    """Extract one article in this process's worker, under the time limit; raise ExtractionFailed."""
    check_length(article)
    return _shared_worker().extract_one(article, get_settings().extraction_timeout)


def extract_many(
    articles: Sequence[Article], *, jobs: int = 1
) -> Generator[ArticleFacts | Failure, None, None]:
    """Extract articles in order in `jobs` worker processes; an article that fails comes as a Failure."""
    limit = get_settings().extraction_timeout
    # each task is a batch for nlp.pipe, as in one process: parsed one by one, the
    # workers lost the batching that makes a single process fast
    batches = [articles[i : i + BATCH] for i in range(0, len(articles), BATCH)]
    if not batches:
        return
    workers = [_new_worker() for _ in range(max(1, min(jobs, len(batches))))]
    idle: queue.SimpleQueue[ExtractionWorker] = queue.SimpleQueue()
    for worker in workers:
        worker.start()  # all load the model at once
        idle.put(worker)

    def run(batch: Sequence[Article]) -> list[ArticleFacts | Failure]:
        too_long: dict[int, Failure] = {}
        for i, article in enumerate(batch):
            try:
                check_length(article)
            except ArticleTooLong as exc:
                too_long[i] = Failure(article, exc)
        fit = [a for i, a in enumerate(batch) if i not in too_long]
        worker = idle.get()
        try:
            extracted = iter(worker.extract(fit, limit) if fit else [])
        finally:
            idle.put(worker)
        return [too_long[i] if i in too_long else next(extracted) for i in range(len(batch))]

    threads = ThreadPoolExecutor(max_workers=len(workers), thread_name_prefix="factsapi-extract")
    try:
        for results in threads.map(run, batches):
            yield from results
    finally:
        # stopped early (an error while storing, Ctrl-C): end the children first, so
        # that the threads waiting on them return at once
        for worker in workers:
            worker.close()
        threads.shutdown(wait=True, cancel_futures=True)


def ingest_article(engine: Engine, article: Article) -> Stored:
    """Store one article unless its content is already stored; extraction only when needed."""
    with Session(engine) as session:
        existing = find_existing(session, article)
        if existing is not None:
            return Stored(existing, False, fact_counts(session, existing.id))
    return store(engine, extract(article))


def warm_up() -> None:
    """Start this process's worker now: it loads the model while the caller goes on."""
    _shared_worker().start()


def _new_worker() -> ExtractionWorker:
    settings = get_settings()
    return ExtractionWorker(settings.spacy_model, settings.max_article_chars)


def _shared_worker() -> ExtractionWorker:
    """This process's worker for one article at a time: the server's POST, `reextract`."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.closed:
            _shared = _new_worker()
        return _shared
