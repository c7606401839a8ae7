"""The extraction worker's side of the pipe: what runs in the child process `extract_worker` spawns.

It loads the model (a reader loads none), then answers each batch the parent sends:
("read", bodies) or ("extract", articles), with the memory limit the parent gives. Kept
apart from the parent's side so that each reads as one job; the parent never imports spaCy.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import resource
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .extract.text.article import Article, ArticleFormatError, build_article, read_article

if TYPE_CHECKING:
    from .extract.facts import ArticleFacts

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WARM_UP = (
    'Police said 12 people were killed in Lyon on Monday. "We are shocked," Mayor Anna Berg said.\n\n'
    "Caption Rescuers at the site, Tuesday, Jan. 2, 2024. (AP Photo/Jo Doe)"
)


def serve(conn: Connection, model: str | None, max_chars: int, parent: int) -> None:
    """The child's loop: load the model (a reader loads none), then work each batch the parent sends."""
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent decides, the child follows it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    work: dict[str, Callable[[list[Any]], Iterable[Any]]] = {"read": _read}
    if model is not None:
        try:
            work["extract"] = _extractor(model, max_chars)
        except Exception as exc:  # any failure to load is the parent's to report
            conn.send(("error", _describe(exc)))
            return
    conn.send(("ready", None))
    while True:
        try:
            kind, items, memory_mb = conn.recv()
        except EOFError:
            return
        try:
            _limit_memory(memory_mb)
            for result in work[kind](items):
                conn.send(("done", result))
        except Exception as exc:  # a bug on one article must not end the worker
            _limit_memory(0)  # room to say what happened
            # over the limit, wherever a library turned the MemoryError into its own error;
            # the parent replaces this child
            conn.send(("memory", None) if _out_of_memory(exc) else ("error", _describe(exc)))
        finally:
            _limit_memory(0)


def _out_of_memory(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 10:  # a chain, not a cycle: bounded all the same
        if isinstance(exc, MemoryError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _read(items: list[tuple[bytes, str, str | None]]) -> Iterator[Article | ArticleFormatError]:
    for raw, content_type, source in items:
        try:
            yield read_article(raw, content_type=content_type, source=source)
        except ArticleFormatError as exc:
            yield exc


def _extractor(model: str, max_chars: int) -> Callable[[list[Article]], Iterable[ArticleFacts]]:
    from .extract.pipeline import extract_articles
    from .extract.places.gazetteer import get_gazetteer
    from .extract.text.nlp import load_nlp

    nlp = load_nlp(model)
    # the size limit is checked before extraction; the model must take what it lets through
    nlp.max_length = max(nlp.max_length, max_chars)
    gazetteer = get_gazetteer()
    # the first article pays for what spaCy and our rules set up on first use (seconds
    # on a busy machine): pay it here, so the time limit measures articles alone
    list(extract_articles([build_article(WARM_UP, dt.date(2024, 1, 2))], nlp, gazetteer))
    return lambda articles: extract_articles(articles, nlp, gazetteer, batch_size=max(len(articles), 1))


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space while it works (0: up to the hard limit); past it, allocations fail."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = memory_mb * 2**20 if memory_mb > 0 else hard
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


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
