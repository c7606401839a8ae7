"""The command line: migrate, ingest, extract, serve."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from .config import get_settings

SHUTDOWN_GRACE_S = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factsapi", description="News articles in, queryable facts out.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="bring the database schema to the latest migration")

    ing = sub.add_parser("ingest", help="extract and store articles (files or folders, .txt or .json)")
    ing.add_argument("paths", nargs="+", type=Path)
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--jobs", type=int, default=1, help="extraction processes (each loads the model)")
    ing.add_argument(
        "--queue",
        action="store_true",
        help="send the articles to the workers as jobs (BROKER_URL) and follow them",
    )

    ext = sub.add_parser("extract", help="print the facts document of articles, touching no database")
    ext.add_argument("paths", nargs="+", type=Path)
    ext.add_argument("--out", type=Path, help="write OUT/NAME.json per article instead of printing")

    rex = sub.add_parser(
        "reextract", help="re-run this extractor over stored articles, replacing their facts"
    )
    rex.add_argument(
        "--all", action="store_true", help="every article, not only those of older extractor versions"
    )
    rex.add_argument("--quiet", action="store_true", help="no progress bar")
    rex.add_argument(
        "--queue", action="store_true", help="send the articles to the workers as jobs (BROKER_URL)"
    )

    wrk = sub.add_parser("worker", help="take extraction jobs from the broker (BROKER_URL) and store them")
    wrk.add_argument("--concurrency", type=int, default=1, help="worker processes (each loads the model)")

    srv = sub.add_parser("serve", help="serve the API")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.add_argument("--workers", type=int, default=1)

    args = parser.parse_args(argv)
    commands = {
        "migrate": cmd_migrate,
        "ingest": cmd_ingest,
        "extract": cmd_extract,
        "reextract": cmd_reextract,
        "serve": cmd_serve,
        "worker": cmd_worker,
    }
    return commands[args.command](args)


def cmd_migrate(_args: argparse.Namespace) -> int:
    from .migrate import upgrade

    upgrade(get_settings().database_url)
    print(f"database at head: {_safe_url(get_settings().database_url)}", file=sys.stderr)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError
    from tqdm import tqdm

    from .db import get_engine, unwritable_reason
    from .extract_worker import Failure
    from .ingest import article_files, ingest_new, read_new

    try:
        files = article_files(args.paths)
    except FileNotFoundError as exc:
        print(f"factsapi: {exc}", file=sys.stderr)
        return 2
    engine = get_engine()
    if args.queue:
        from .jobs.follow import queue_files

        return queue_files(engine, files, quiet=args.quiet)
    reading = read_new(engine, files)
    for path, error in reading.unreadable:
        print(f"skipped {path}: {error}", file=sys.stderr)
    created, existing, failed = 0, reading.stored, len(reading.unreadable)
    # extraction runs in worker processes; this one alone writes, one transaction per article
    outcomes = ingest_new(engine, reading.new, jobs=args.jobs)
    done = 0  # articles through the flow: the next is the one a database error stops at
    try:
        with closing(outcomes):  # a run that stops early ends its workers now, not at exit
            for path, outcome in tqdm(
                outcomes, total=len(reading.new), unit="article", disable=args.quiet, file=sys.stderr
            ):
                done += 1
                if isinstance(outcome, Failure):
                    failed += 1
                    tqdm.write(f"skipped {path}: {outcome.error}", file=sys.stderr)
                else:
                    created += outcome.created
                    existing += not outcome.created
    except SQLAlchemyError as exc:
        reason = unwritable_reason(exc)
        if reason is None:
            raise
        # a deleted, replaced or read-only database: every later article would fail alike
        print(
            f"factsapi: stopped before {reading.new[done][0]}, nothing of it stored: {reason}",
            file=sys.stderr,
        )
        code = 2
    else:
        code = 1 if failed else 0
    print(f"{created} ingested, {existing} already stored, {failed} failed", file=sys.stderr)
    return code


def cmd_extract(args: argparse.Namespace) -> int:
    from .documents import extracted_document
    from .extract.text.article import ArticleFormatError
    from .extract_worker import Failure, extract_many
    from .ingest import article_files, read_files

    files = article_files(args.paths)
    articles, readable = [], []
    for path, article in read_files(files):
        if isinstance(article, ArticleFormatError):
            print(f"skipped {path}: {article}", file=sys.stderr)
        else:
            articles.append(article)
            readable.append(path)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    extracted = 0
    for path, facts in zip(readable, extract_many(articles), strict=True):
        if isinstance(facts, Failure):
            print(f"skipped {path}: {facts.error}", file=sys.stderr)
            continue
        try:
            doc = extracted_document(facts, source=str(path)).model_dump_json(indent=1)
        except ValueError as exc:  # pydantic's ValidationError: a value outside the document's schema
            # one article's fault is that article's line; the batch goes on
            print(f"skipped {path}: its facts do not fit the document: {exc}", file=sys.stderr)
            continue
        extracted += 1
        if args.out:
            (args.out / f"{path.stem}.json").write_text(doc, encoding="utf-8")
        else:
            sys.stdout.write(doc + "\n")
    return 0 if extracted == len(files) else 1


def cmd_reextract(args: argparse.Namespace) -> int:
    from sqlmodel import Session, select
    from tqdm import tqdm

    from . import models
    from .db import get_engine
    from .extract_worker import ExtractionFailed
    from .ingest import reextract
    from .store import stale_articles

    engine = get_engine()
    with Session(engine) as session:
        ids = list(session.exec(select(models.Article.id))) if args.all else stale_articles(session)
    if args.queue:
        from .jobs.follow import queue_reextract

        return queue_reextract(engine, [i for i in ids if i is not None], quiet=args.quiet)
    failed = 0
    for article_id in tqdm(ids, unit="article", disable=args.quiet, file=sys.stderr):
        try:
            reextract(engine, article_id)
        except ExtractionFailed as exc:
            # its old facts stay: reextract replaces them only once the new ones exist
            failed += 1
            tqdm.write(f"kept the old facts of article {article_id}: {exc}", file=sys.stderr)
    print(f"{len(ids) - failed} articles re-extracted, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    # our RequestContext middleware logs every request as JSON; uvicorn's own line would repeat it
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        access_log=False,
        # uvicorn's httptools protocol with a deadline and a size cap for a request's head
        # (HEADER_TIMEOUT, MAX_HEADER_BYTES: app/serving.py says why); named, so each worker imports it
        http="app.serving:BoundedHttpToolsProtocol",
        timeout_keep_alive=settings.keep_alive_timeout,
        limit_concurrency=settings.max_concurrency,
        # SIGTERM waits this long for requests in flight, then cancels them: an extraction
        # (up to EXTRACTION_TIMEOUT) is abandoned and its worker dies with this process
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    if not get_settings().broker_url:
        print(
            "factsapi worker: set BROKER_URL (amqp://... or redis://...) to take jobs from", file=sys.stderr
        )
        return 2
    from .jobs.workers import run_workers

    return run_workers(max(1, args.concurrency))


def _safe_url(url: str) -> str:
    # never print a password that a DATABASE_URL may carry
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
