"""Extraction in a child process that can be killed: no article can hold the extraction slot.

Python threads cannot be stopped, so a runaway extraction (a parse walk that never
ends, a text the rules handle in quadratic time) is run where it can be: in a child
process that loads the model once and serves many articles over a pipe. When an
article goes over its time the parent kills the child (SIGKILL), starts a fresh one
for the next article, and reports that article as failed.

Children are spawned, not forked (the server has threads), from one long-lived
thread, and ask the kernel to kill them when that thread's process dies
(PR_SET_PDEATHSIG): killing `factsapi ingest --jobs N` or the server with -9 leaves
no model-sized orphans behind. This module imports no spaCy: the child does, so a
server process that only reads never loads it, and one that writes holds no model of its own.

`extract` (one article, in this process's shared worker) and `extract_many` (many, in a
pool of workers) are what the ingest flow calls.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .config import get_settings
from .extract.article import Article, build_article

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from .extract.facts import ArticleFacts

LOAD_TIMEOUT_S = 600.0  # loading the model is not the article's time; only a wedged child takes this long
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WARM_UP = (
    'Police said 12 people were killed in Lyon on Monday. "We are shocked," Mayor Anna Berg said.\n\n'
    "Caption Rescuers at the site, Tuesday, Jan. 2, 2024. (AP Photo/Jo Doe)"
)
BATCH = 8  # articles a worker parses in one nlp.pipe call, as extract_articles batches them


class ExtractionFailed(Exception):
    """An article could not be extracted; the message says why."""


class ExtractionTimeout(ExtractionFailed):
    """An article went over the time limit (a setting: EXTRACTION_TIMEOUT)."""


class WorkerLost(ExtractionFailed):
    """The child process died without being asked to (out of memory, a crash)."""


class ArticleTooLong(ExtractionFailed):
    """The article is longer than extraction takes (a setting: MAX_ARTICLE_CHARS)."""


@dataclass(frozen=True)
class Failure:
    """An article that failed, in the place of its facts in a batch's results."""

    article: Article
    error: ExtractionFailed


_live: weakref.WeakSet[ExtractionWorker] = weakref.WeakSet()
_spawner: ThreadPoolExecutor | None = None
_spawner_lock = threading.Lock()


class ExtractionWorker:
    """A child process holding the model, extracting one batch at a time under a time limit."""

    def __init__(self, model: str, max_chars: int) -> None:
        self.model = model
        self.max_chars = max_chars
        self._lock = threading.Lock()  # one batch at a time over the pipe
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._closed = False
        _live.add(self)

    @property
    def closed(self) -> bool:
        return self._closed

    def start(self) -> None:
        """Spawn the child if none is running; it loads the model while the caller goes on."""
        if self._process is not None or self._closed:
            return
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.get_context("spawn").Process(
            target=serve,
            args=(theirs, self.model, self.max_chars, os.getpid()),
            name="factsapi-extract",
            daemon=True,
        )
        # PR_SET_PDEATHSIG fires when the *thread* that started the child ends: start
        # every child from one thread that lives as long as the process
        _spawn_thread().submit(process.start).result()
        theirs.close()
        self._process, self._conn, self._ready = process, ours, False

    def extract(self, articles: Sequence[Article], limit: float) -> list[ArticleFacts | Failure]:
        """Each article's facts or its failure, in order; a failed batch is retried one article at a time.

        The batch has `limit` seconds per article. When it goes over, the articles it
        finished are kept and the rest run alone, each with `limit`, so only the
        culprit fails.
        """
        done, error = self._run(articles, limit)
        results: list[ArticleFacts | Failure] = list(done)
        rest = articles[len(done) :]
        if error is None:
            return results
        if len(rest) == 1:
            return [*results, Failure(rest[0], error)]
        for article in rest:
            one, error = self._run([article], limit)
            results.append(Failure(article, error) if error is not None else one[0])
        return results

    def extract_one(self, article: Article, limit: float) -> ArticleFacts:
        """One article's facts; raise ExtractionFailed (ExtractionTimeout past `limit` seconds)."""
        done, error = self._run([article], limit)
        if error is not None:
            raise error
        return done[0]

    def close(self) -> None:
        """Kill the child for good; later calls fail instead of starting another."""
        self._closed = True
        self._kill()

    def _run(
        self, articles: Sequence[Article], limit: float
    ) -> tuple[list[ArticleFacts], ExtractionFailed | None]:
        """Extract a batch within `limit` seconds per article: what was done, and the failure if any."""
        done: list[ArticleFacts] = []
        with self._lock:
            if self._closed:
                return done, ExtractionFailed("extraction is shutting down")
            try:
                self.start()
                self._wait_ready()
                assert self._conn is not None
                try:
                    self._conn.send(list(articles))
                except OSError as exc:
                    raise self._lost() from exc
                deadline = time.monotonic() + limit * len(articles)
                while len(done) < len(articles):
                    kind, value = self._receive(deadline - time.monotonic(), limit)
                    if kind == "error":
                        return done, ExtractionFailed(f"extraction failed: {value}")
                    done.append(value)
            except ExtractionFailed as exc:
                return done, exc
            return done, None

    def _wait_ready(self) -> None:
        if self._ready:
            return
        kind, value = self._receive(LOAD_TIMEOUT_S, LOAD_TIMEOUT_S)
        if kind == "error":
            self._kill()
            raise ExtractionFailed(f"the extraction worker could not start: {value}")
        self._ready = True

    def _receive(self, timeout: float, limit: float) -> tuple[str, Any]:
        assert self._conn is not None
        try:
            if self._conn.poll(max(timeout, 0.0)):
                message: tuple[str, Any] = self._conn.recv()
                return message
        except (EOFError, OSError) as exc:
            raise self._lost() from exc
        # over time: the child may be anywhere (a loop in C, a lock); only SIGKILL is sure,
        # and a fresh child starts loading now so that the next article waits less
        self._kill()
        self.start()
        raise ExtractionTimeout(
            f"extraction took over the limit of {limit:g} s per article (EXTRACTION_TIMEOUT)"
        )

    def _lost(self) -> ExtractionFailed:
        process = self._process
        self._kill()
        code = process.exitcode if process is not None else None
        if self._closed:
            return ExtractionFailed("extraction is shutting down")
        self.start()
        return WorkerLost(f"the extraction worker died (exit code {code})")

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn, self._ready = None, None, False
        if process is not None and process.is_alive():
            process.kill()
        if process is not None:
            process.join(timeout=5)
        if conn is not None:
            with contextlib.suppress(OSError):  # closed already, as at interpreter exit
                conn.close()


def _spawn_thread() -> ThreadPoolExecutor:
    global _spawner
    with _spawner_lock:
        if _spawner is None:
            _spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factsapi-spawner")
        return _spawner


def close_all() -> None:
    """Kill every extraction child of this process (at shutdown)."""
    for worker in list(_live):
        worker.close()


# ---------------------------------------------------------------- what the ingest flow calls

_shared: ExtractionWorker | None = None
_shared_lock = threading.Lock()


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


# ---------------------------------------------------------------- in the child


def serve(conn: Connection, model: str, max_chars: int, parent: int) -> None:
    """The child's loop: load the model, then extract each batch the parent sends."""
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent decides, the child follows it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from .extract.gazetteer import get_gazetteer
        from .extract.nlp import load_nlp
        from .extract.pipeline import extract_articles

        nlp = load_nlp(model)
        # the size limit is checked before extraction; the model must take what it lets through
        nlp.max_length = max(nlp.max_length, max_chars)
        gazetteer = get_gazetteer()
        # the first article pays for what spaCy and our rules set up on first use (seconds
        # on a busy machine): pay it here, so the time limit measures articles alone
        list(extract_articles([build_article(WARM_UP, dt.date(2024, 1, 2))], nlp, gazetteer))
    except Exception as exc:  # any failure to load is the parent's to report
        conn.send(("error", _describe(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            articles = conn.recv()
        except EOFError:
            return
        try:
            for facts in extract_articles(articles, nlp, gazetteer, batch_size=max(len(articles), 1)):
                conn.send(("facts", facts))
        except Exception as exc:  # a bug on one article must not end the worker
            conn.send(("error", _describe(exc)))


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # the parent may have died before the request above was made
    if os.getppid() != parent:
        os._exit(1)


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"
