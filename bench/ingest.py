"""Ingest vs bare spaCy: articles per second for our whole ingest against `nlp.pipe` alone.

    python -m bench.ingest [--articles N] [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]

Both run in this process over the same texts with the same model, loaded beforehand;
ingest includes extraction and storage in a fresh SQLite file. Then the CLI's
`--jobs 2` against `--jobs 1`, both as subprocesses, for the parallel speed-up.
With `--database` (PostgreSQL) the same pair runs again into PostgreSQL, each into a
fresh database of its own (`bench_pg_ingest_1`, `bench_pg_ingest_2`), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from app.config import get_settings
from app.db import make_engine
from app.extract.pipeline import extract_articles, masked_text
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.nlp import load_nlp
from app.ingest import read_file
from app.migrate import upgrade
from app.store import store

from . import corpus
from .databases import FACTSAPI, migrate, own_database, unreachable, url_of


def bare_spacy(nlp, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def our_ingest(nlp, articles, db: Path) -> float:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{db}"
    upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    for facts in extract_articles(articles, nlp, get_gazetteer()):
        store(engine, facts)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def cli_ingest(folder: Path, db: Path | str, jobs: int) -> float:
    """Seconds `factsapi ingest --jobs N` takes over the folder, into a SQLite file or a database URL."""
    env = {**os.environ, "DATABASE_URL": url_of(db)}
    migrate(url_of(db))
    started = time.perf_counter()
    subprocess.run([FACTSAPI, "ingest", "--quiet", "--jobs", str(jobs), str(folder)], env=env, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--database", help="a PostgreSQL URL: --jobs 2 vs --jobs 1 into PostgreSQL too")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="factsapi-ingest-"))
    paths = corpus.build(work / "articles", args.articles)
    articles = [read_file(p) for p in paths]
    nlp = load_nlp(get_settings().spacy_model)
    get_gazetteer()
    texts = [masked_text(a) for a in articles]
    bare_spacy(nlp, texts[:5])  # warm caches
    spacy_s = bare_spacy(nlp, texts)
    ours_s = our_ingest(nlp, articles, work / "inproc.db")
    one = cli_ingest(work / "articles", work / "one.db", 1)
    two = cli_ingest(work / "articles", work / "two.db", 2)
    n = len(articles)
    report: dict[str, object] = {
        "articles": n,
        "spacy_pipe_articles_per_s": round(n / spacy_s, 1),
        "ingest_articles_per_s": round(n / ours_s, 1),
        "overhead": round(ours_s / spacy_s, 2),
        "cli_jobs1_articles_per_s": round(n / one, 1),
        "cli_jobs2_articles_per_s": round(n / two, 1),
        "parallel_speedup": round(one / two, 2),
    }
    if args.database:
        report["postgresql"] = postgres_pair(work / "articles", args.database, n)
    print(json.dumps(report, indent=1))
    return report


def postgres_pair(folder: Path, server: str, n: int) -> dict:
    """`--jobs 1` then `--jobs 2` into fresh PostgreSQL databases: rates and speed-up (or why skipped)."""
    reason = unreachable(server)
    if reason:
        print(f"bench.ingest: PostgreSQL skipped, {reason}")
        return {"skipped": reason}
    one = cli_ingest(folder, own_database(server, "bench_pg_ingest_1", fresh=True), 1)
    two = cli_ingest(folder, own_database(server, "bench_pg_ingest_2", fresh=True), 2)
    return {
        "cli_jobs1_articles_per_s": round(n / one, 1),
        "cli_jobs2_articles_per_s": round(n / two, 1),
        "parallel_speedup": round(one / two, 2),
    }


if __name__ == "__main__":
    main()
