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

Reading an article (its date, header, captions and dateline) is CPU work over untrusted
text too, so it runs in a child as well, under the same budget: a reader, which loads no
model, so that a duplicate is found and an unreadable body refused without one. Every
message to a child and every answer has a deadline, and a child works under a memory
limit (EXTRACTION_MEMORY_MB): an article over it fails as one over time does, and the
child is replaced.

`read` / `read_many` (request bodies, files) and `extract` (one article, in this process's
shared worker) and `extract_many` (many, in a pool of workers) are what the ingest flow calls.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .config import get_settings
from .extract.text.article import Article, ArticleFormatError
from .extract_child import serve

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from .extract.facts import ArticleFacts

LOAD_TIMEOUT_S = 600.0  # loading the model is not the article's time; only a wedged child takes this long
BATCH = 8  # articles a worker parses in one nlp.pipe call, as extract_articles batches them
READ_BATCH = 32  # files a reader reads per message: reading is fast, a message costs a round trip
POLL_S = 0.1  # how often a wait looks whether its caller has gone; an answer wakes it at once
WORK = {"read": "reading the article", "extract": "extraction"}


class ExtractionFailed(Exception):
    """An article could not be extracted; the message says why."""


class ExtractionTimeout(ExtractionFailed):
    """An article went over the time limit (a setting: EXTRACTION_TIMEOUT)."""


class WorkerLost(ExtractionFailed):
    """The worker died (a crash, the kernel's OOM killer), would not start or take the article, or is shutting down.

    Never the article's fault: the same article may go through once a fresh worker is up (503).
    """


class ArticleTooLong(ExtractionFailed):
    """The article is longer than extraction takes (a setting: MAX_ARTICLE_CHARS)."""


class ExtractionOverMemory(ExtractionFailed):
    """An article took the worker over its memory limit (a setting: EXTRACTION_MEMORY_MB)."""


class ExtractionCancelled(ExtractionFailed):
    """The caller gave up (a client that went away); the worker was stopped and replaced."""


@dataclass(frozen=True)
class Budget:
    """What one article may take in a worker: seconds, and the worker's memory (0: no limit)."""

    seconds: float
    memory_mb: int

    @classmethod
    def from_settings(cls) -> Budget:
        settings = get_settings()
        return cls(settings.extraction_timeout, settings.extraction_memory_mb)


@dataclass(frozen=True)
class Failure:
    """An article that failed, in the place of its facts in a batch's results."""

    article: Article
    error: ExtractionFailed


_spawner: ThreadPoolExecutor | None = None
_spawner_lock = threading.Lock()


class ExtractionWorker:
    """A child process (holding the model, or a reader without one) working one batch at a time under a budget."""

    def __init__(self, model: str | None, max_chars: int) -> None:
        self.model = model  # None: a reader, which loads no model
        self.max_chars = max_chars
        self._lock = threading.Lock()  # one batch at a time over the pipe
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._closed = False

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
            name="factsapi-extract" if self.model else "factsapi-read",
            daemon=True,
        )
        # PR_SET_PDEATHSIG fires when the *thread* that started the child ends: start
        # every child from one thread that lives as long as the process
        _spawn_thread().submit(process.start).result()
        theirs.close()
        self._process, self._conn, self._ready = process, ours, False

    def extract(self, articles: Sequence[Article], budget: Budget) -> list[ArticleFacts | Failure]:
        """Each article's facts or its failure, in order; a failed batch is retried one article at a time."""
        return [
            Failure(article, result) if isinstance(result, ExtractionFailed) else result
            for article, result in zip(articles, self.each("extract", articles, budget), strict=True)
        ]

    def each(self, kind: str, items: Sequence[Any], budget: Budget) -> list[Any]:
        """Each item's result or its ExtractionFailed, in order.

        The batch has the budget's seconds per item. When it fails, the items it
        finished are kept and the rest run alone, each with its own budget, so only the
        culprit fails.
        """
        done, error = self._run(kind, items, budget)
        results: list[Any] = list(done)
        rest = items[len(done) :]
        if error is None:
            return results
        if len(rest) == 1:
            return [*results, error]
        for item in rest:
            one, error = self._run(kind, [item], budget)
            results.append(error if error is not None else one[0])
        return results

    def one(self, kind: str, item: Any, budget: Budget, cancel: threading.Event | None = None) -> Any:
        """One item's result; raise its ExtractionFailed, or ExtractionCancelled once `cancel` is set."""
        done, error = self._run(kind, [item], budget, cancel)
        if error is not None:
            raise error
        return done[0]

    def close(self) -> None:
        """Kill the child for good; later calls fail instead of starting another."""
        self._closed = True
        self._kill()

    def _run(
        self, kind: str, items: Sequence[Any], budget: Budget, cancel: threading.Event | None = None
    ) -> tuple[list[Any], ExtractionFailed | None]:
        """Work a batch within its budget: what was done, and the failure if any."""
        done: list[Any] = []
        with self._lock:
            if self._closed:
                return done, WorkerLost("extraction is shutting down")
            if cancel is not None and cancel.is_set():  # given up while it queued: no work for no one
                return done, ExtractionCancelled("the caller went away")
            try:
                self.start()
                self._wait_ready(cancel)
                # the send is under the deadline too: a child that reads nothing (stopped,
                # wedged) would hold a message bigger than the pipe's buffer for ever
                deadline = time.monotonic() + budget.seconds * len(items)
                self._send((kind, list(items), budget.memory_mb), deadline, budget, cancel)
                while len(done) < len(items):
                    status, value = self._receive(deadline, kind, budget, cancel)
                    if status == "error":
                        return done, ExtractionFailed(f"{WORK[kind]} failed: {value}")
                    done.append(value)
            except ExtractionFailed as exc:
                return done, exc
            return done, None

    def _wait_ready(self, cancel: threading.Event | None) -> None:
        if self._ready:
            return
        assert self._conn is not None
        deadline = time.monotonic() + LOAD_TIMEOUT_S
        while not self._poll(min(POLL_S, deadline - time.monotonic())):
            if cancel is not None and cancel.is_set():
                # the child is not the caller's: it goes on loading for the next one
                raise ExtractionCancelled("the caller went away while the worker was starting")
            if time.monotonic() >= deadline:
                self._kill()
                raise WorkerLost(f"the extraction worker did not start within {LOAD_TIMEOUT_S:g} s")
        status, value = self._recv()
        if status == "error":
            self._kill()
            raise WorkerLost(f"the extraction worker could not start: {value}")
        self._ready = True

    def _send(self, message: object, deadline: float, budget: Budget, cancel: threading.Event | None) -> None:
        """Send on a thread of its own, waiting no later than the deadline; a child that takes nothing is replaced."""
        conn, process = self._conn, self._process
        assert conn is not None and process is not None
        failed: list[BaseException] = []

        def write() -> None:
            try:
                conn.send(message)
            except BaseException as exc:  # the child died or was killed mid-message
                failed.append(exc)

        sender = threading.Thread(target=write, name="factsapi-send", daemon=True)
        sender.start()
        while True:
            sender.join(min(POLL_S, max(deadline - time.monotonic(), 0.0)))
            if not sender.is_alive():
                break
            if (cancel is not None and cancel.is_set()) or time.monotonic() >= deadline:
                # kill first: the write then fails at once (EPIPE), and only then is the pipe closed
                process.kill()
                sender.join(timeout=5)
                self._replace()
                if cancel is not None and cancel.is_set():
                    raise ExtractionCancelled("the caller went away")
                raise WorkerLost(
                    f"the extraction worker took nothing for {budget.seconds:g} s (EXTRACTION_TIMEOUT); "
                    "it was replaced"
                )
        if failed:
            raise self._lost() from failed[0]

    def _receive(
        self, deadline: float, kind: str, budget: Budget, cancel: threading.Event | None
    ) -> tuple[str, Any]:
        while not self._poll(min(POLL_S, deadline - time.monotonic())):
            cancelled = cancel is not None and cancel.is_set()
            if not cancelled and time.monotonic() < deadline:
                continue
            # over time or given up: the child may be anywhere (a loop in C, a lock); only
            # SIGKILL is sure
            self._replace()
            if cancelled:
                raise ExtractionCancelled("the caller went away")
            raise ExtractionTimeout(
                f"{WORK[kind]} took over the limit of {budget.seconds:g} s per article (EXTRACTION_TIMEOUT)"
            )
        status, value = self._recv()
        if status == "memory":
            self._replace()
            raise ExtractionOverMemory(
                f"{WORK[kind]} needed more than the memory limit of {budget.memory_mb:,} MB "
                "(EXTRACTION_MEMORY_MB)"
            )
        return status, value

    def _poll(self, timeout: float) -> bool:
        assert self._conn is not None
        try:
            return self._conn.poll(max(timeout, 0.0))
        except (EOFError, OSError) as exc:
            raise self._lost() from exc

    def _recv(self) -> tuple[str, Any]:
        assert self._conn is not None
        try:
            message: tuple[str, Any] = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise self._lost() from exc
        return message

    def _replace(self) -> None:
        """Kill the child; a fresh one starts loading now, so that the next article waits less."""
        self._kill()
        self.start()

    def _lost(self) -> ExtractionFailed:
        process = self._process
        self._kill()
        code = process.exitcode if process is not None else None
        if self._closed:
            return WorkerLost("extraction is shutting down")
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


# ---------------------------------------------------------------- what the ingest flow calls

_shared: dict[bool, ExtractionWorker] = {}  # this process's extraction worker (True) and reader (False)
_shared_lock = threading.Lock()


def check_length(article: Article) -> None:
    """Refuse an article over the size limit before any extraction: raise ArticleTooLong."""
    limit = get_settings().max_article_chars
    if len(article.text) > limit:
        raise ArticleTooLong(
            f"the article has {len(article.text):,} characters; the limit is {limit:,} (MAX_ARTICLE_CHARS)"
        )


def read(raw: bytes, *, content_type: str, cancel: threading.Event | None = None) -> Article:
    """Read a request body in this process's reader, under the budget; raise ArticleFormatError or ExtractionFailed."""
    result = _shared_worker(model=False).one(
        "read", (raw, content_type, None), Budget.from_settings(), cancel
    )
    if isinstance(result, ArticleFormatError):
        raise result
    article: Article = result
    return article


def read_many(
    files: Iterable[tuple[bytes, str, str]],
) -> Iterator[Article | ArticleFormatError | ExtractionFailed]:
    """Read (body, content type, source) triples in order in a reader of their own, each under the budget."""
    reader = _new_worker(model=False)
    budget = Budget.from_settings()
    batch: list[tuple[bytes, str, str]] = []
    try:
        for item in files:
            batch.append(item)
            if len(batch) == READ_BATCH:
                yield from reader.each("read", batch, budget)
                batch = []
        if batch:
            yield from reader.each("read", batch, budget)
    finally:
        reader.close()


def extract(article: Article, *, cancel: threading.Event | None = None) -> ArticleFacts:
    """Extract one article in this process's worker, under the budget; raise ExtractionFailed."""
    check_length(article)
    facts: ArticleFacts = _shared_worker().one("extract", article, Budget.from_settings(), cancel)
    return facts


def extract_many(
    articles: Sequence[Article], *, jobs: int = 1
) -> Generator[ArticleFacts | Failure, None, None]:
    """Extract articles in order in `jobs` worker processes; an article that fails comes as a Failure."""
    budget = Budget.from_settings()
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
            extracted = iter(worker.extract(fit, budget) if fit else [])
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
    """Start this process's worker and reader now: the model loads while the caller goes on."""
    _shared_worker().start()
    _shared_worker(model=False).start()


def _new_worker(*, model: bool = True) -> ExtractionWorker:
    settings = get_settings()
    return ExtractionWorker(settings.spacy_model if model else None, settings.max_article_chars)


def _shared_worker(*, model: bool = True) -> ExtractionWorker:
    """This process's worker (or reader) for one article at a time: the server's POST, `reextract`."""
    with _shared_lock:
        worker = _shared.get(model)
        if worker is None or worker.closed:
            worker = _shared[model] = _new_worker(model=model)
        return worker
