"""Ingest: files or a request body -> article -> (stored already? that one) -> extract -> store.

The one flow every writer follows: the command line (`ingest`, `reextract`) and `POST
/v1/articles`. The same content (text and date) is one article, whatever its file name:
it is looked up once, before extraction, and the store's unique content hash guards
against another writer storing it meanwhile. Reading (the date, header and captions) and
extraction run in killable worker processes under one budget (`extract_worker`): no text
holds this process, and spaCy is never imported in it.
"""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from sqlmodel import Session

from . import models
from .extract.text.article import Article, ArticleFormatError, build_article, read_article
from .extract_worker import ExtractionFailed, Failure, extract, extract_many, read, read_many
from .store import Stored, find_stored, replace_facts, store, stored_as_is

if TYPE_CHECKING:  # spaCy stays out of this process; the facts come from the worker
    from .extract.facts import ArticleFacts

ARTICLE_SUFFIXES = {".txt", ".json"}


class NotStored(ExtractionFailed):
    """The database refused one article's facts (a value out of its range): that article fails alone."""


@dataclass(frozen=True)
class Reading:
    """Files read for ingest: the articles new to the database, and what was left out."""

    new: list[tuple[Path, Article]]
    stored: int  # already in the database, or twice among the files
    unreadable: list[tuple[Path, ArticleFormatError]]


def article_files(paths: Iterable[Path]) -> list[Path]:
    """The article files named, folders walked in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def file_body(path: Path) -> tuple[bytes, str, str]:
    """A file as a body to read: its bytes, its content type by suffix (JSON, else the seed format), its name."""
    content_type = "application/json" if path.suffix == ".json" else "text/plain"
    # the file's name only: a directory of the server is no business of an API client
    return path.read_bytes(), content_type, path.name


def read_file(path: Path) -> Article:
    """The article in one file, read in this process: for trusted files (tests, benchmarks)."""
    raw, content_type, source = file_body(path)
    return read_article(raw, content_type=content_type, source=source)


def read_files(paths: Iterable[Path]) -> Iterator[tuple[Path, Article | ArticleFormatError]]:
    """Read each file in a reader process, under the budget, yielding the error instead of stopping at a bad one."""
    paths = list(paths)
    for path, article in zip(paths, read_many(file_body(path) for path in paths), strict=True):
        if isinstance(article, ExtractionFailed):
            # over the budget or a lost reader: to the command line, one more file it cannot read
            article = ArticleFormatError(str(article))
        yield path, article


def read_new(engine: Engine, files: Iterable[Path]) -> Reading:
    """Read the files and keep the articles whose content is not stored: the one duplicate check."""
    new: list[tuple[Path, Article]] = []
    unreadable: list[tuple[Path, ArticleFormatError]] = []
    stored, seen = 0, set()
    with Session(engine) as session:
        for path, article in read_files(files):
            if isinstance(article, ArticleFormatError):
                unreadable.append((path, article))
            elif article.content_hash in seen or find_stored(session, article.content_hash) is not None:
                stored += 1
            else:
                seen.add(article.content_hash)
                new.append((path, article))
    return Reading(new, stored, unreadable)


def ingest_new(
    engine: Engine, new: list[tuple[Path, Article]], *, jobs: int = 1
) -> Generator[tuple[Path, Stored | Failure], None, None]:
    """Extract new articles in `jobs` worker processes and store each, one transaction per article.

    An article over the size or time limit comes as its Failure and the rest are
    stored. Closing the generator early ends the workers at once.
    """
    extracted = extract_many([article for _path, article in new], jobs=jobs)
    with closing(extracted):
        for (path, article), facts in zip(new, extracted, strict=True):
            if isinstance(facts, Failure):
                yield path, facts
                continue
            try:
                outcome: Stored | Failure = store_one(engine, facts)
            except NotStored as exc:
                outcome = Failure(article, exc)
            yield path, outcome


def ingest_body(
    engine: Engine, raw: bytes, *, content_type: str, cancel: threading.Event | None = None
) -> Stored:
    """Read a request body in the reader process, then store it as `ingest_article` does."""
    return ingest_article(engine, read(raw, content_type=content_type, cancel=cancel), cancel=cancel)


def ingest_article(engine: Engine, article: Article, *, cancel: threading.Event | None = None) -> Stored:
    """Store one article unless its content is stored already; extract only when it is not."""
    with Session(engine) as session:
        existing = find_stored(session, article.content_hash)
        if existing is not None:
            return stored_as_is(session, existing)
    return store_one(engine, extract(article, cancel=cancel))


def store_one(engine: Engine, facts: ArticleFacts) -> Stored:
    """Store one article's facts; NotStored when a value of this article is one the database refuses.

    Only the article's own data can cause these: a database that refuses every write
    (gone, read-only, full) raises as it is, since every later article would fail alike.
    """
    try:
        return store(engine, facts)
    except (DataError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # sqlite3 raises OverflowError past 64 bits, PostgreSQL a DataError ("out of range"); a
        # fault of ours on one article's data is that article's failure, not the batch's end
        raise NotStored(f"the article's facts could not be stored: {type(exc).__name__}: {exc}") from exc


def reextract(engine: Engine, article_id: int) -> bool:
    """Replace one stored article's facts with a fresh extraction; its old facts stay if that fails.

    False when no such article is stored (deleted meanwhile).
    """
    with Session(engine) as session:
        row = session.get(models.Article, article_id)
        if row is None:
            return False
        article = build_article(row.text, row.published, title=row.title, source=row.source, url=row.url)
    replace_facts(engine, article_id, extract(article))
    return True
