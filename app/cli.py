"""The command line: migrate, ingest, extract, serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factsapi", description="News articles in, queryable facts out.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="bring the database schema to the latest migration")

    ing = sub.add_parser("ingest", help="extract and store articles (files or folders, .txt or .json)")
    ing.add_argument("paths", nargs="+", type=Path)
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.add_argument("--jobs", type=int, default=1, help="extraction processes (each loads the model)")

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
    }
    return commands[args.command](args)


def cmd_migrate(_args: argparse.Namespace) -> int:
    from .migrate import upgrade

    upgrade(get_settings().database_url)
    print(f"database at head: {_safe_url(get_settings().database_url)}", file=sys.stderr)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from sqlmodel import Session
    from tqdm import tqdm

    from .db import get_engine
    from .extract.article import ArticleFormatError
    from .extractor import extract_many
    from .ingest import article_files, find_existing, iter_articles, store

    try:
        files = article_files(args.paths)
    except FileNotFoundError as exc:
        print(f"factsapi: {exc}", file=sys.stderr)
        return 2
    engine = get_engine()
    todo, failed, existing, seen = [], 0, 0, set()
    with Session(engine) as session:
        for path, article in iter_articles(files):
            if isinstance(article, ArticleFormatError):
                failed += 1
                print(f"skipped {path}: {article}", file=sys.stderr)
            elif article.content_hash in seen or find_existing(session, article) is not None:
                existing += 1
            else:
                seen.add(article.content_hash)
                todo.append(article)
    created = 0
    # extraction may run in several processes; this one alone writes, one transaction per article
    facts_stream = extract_many(todo, jobs=args.jobs)
    for facts in tqdm(facts_stream, total=len(todo), unit="article", disable=args.quiet, file=sys.stderr):
        stored = store(engine, facts)
        created += stored.created
        existing += not stored.created
    print(f"{created} ingested, {existing} already stored, {failed} unreadable", file=sys.stderr)
    return 1 if failed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .documents import facts_document
    from .extract.article import ArticleFormatError
    from .extract.gazetteer import get_gazetteer
    from .extract.nlp import load_nlp
    from .extract.pipeline import extract_articles
    from .ingest import article_files, read_file

    files = article_files(args.paths)
    articles, readable = [], []
    for path in files:
        try:
            articles.append(read_file(path))
            readable.append(path)
        except ArticleFormatError as exc:
            print(f"factsapi: {path}: {exc}", file=sys.stderr)
    nlp, gazetteer = load_nlp(get_settings().spacy_model), get_gazetteer()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for path, facts in zip(readable, extract_articles(articles, nlp, gazetteer), strict=True):
        doc = facts_document(facts, source=str(path)).model_dump_json(indent=1)
        if args.out:
            (args.out / f"{path.stem}.json").write_text(doc, encoding="utf-8")
        else:
            sys.stdout.write(doc + "\n")
    return 0 if len(readable) == len(files) else 1


def cmd_reextract(args: argparse.Namespace) -> int:
    from sqlmodel import Session, select
    from tqdm import tqdm

    from . import models
    from .db import get_engine
    from .extractor import extract
    from .ingest import reextract, stale_articles

    engine = get_engine()
    with Session(engine) as session:
        ids = list(session.exec(select(models.Article.id))) if args.all else stale_articles(session)
    for article_id in tqdm(ids, unit="article", disable=args.quiet, file=sys.stderr):
        reextract(engine, article_id, extract)
    print(f"{len(ids)} articles re-extracted", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # our RequestContext middleware logs every request as JSON; uvicorn's own line would repeat it
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        access_log=False,
    )
    return 0


def _safe_url(url: str) -> str:
    # never print a password that a DATABASE_URL may carry
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
