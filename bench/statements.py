"""What grouping quotes into statements costs ingest, and whether it stays flat as the database grows.

    python -m bench.statements [--articles 100] [--large 10000] [--batch 40]

1. Share of ingest: `--articles` synthetic articles (bench/corpus.py) extracted and stored
   into a fresh SQLite file, timing extraction, the whole store and, inside it, grouping
   (`group_article`, timed by a wrapper around the real function).
2. Flat from small to large: a batch of other articles is stored into a copy of that
   database (`--articles` articles), then into a copy of it grown to `--large` articles, and
   grouping's time per article compared. The batch is stored twice each time: first its
   quotes start statements or join the corpus's, then (same facts, another content hash)
   every quote joins the statement it started. The database is grown through the real
   grouping: quotes of the stored articles copied into new articles, four in five with
   three words changed (a new statement of the same speaker, sharing runs of words with
   the original: what makes candidates), one in five verbatim (a repeat joining it).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from app import store as store_module
from app.config import get_settings
from app.db import make_engine
from app.extract.facts import ArticleFacts
from app.extract.pipeline import extract_articles
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.nlp import load_nlp
from app.ingest import read_file
from app.migrate import upgrade
from app.statements.grouping import group_article

from . import corpus

FILLER = (
    "harbour",
    "winter",
    "council",
    "market",
    "railway",
    "garden",
    "bridge",
    "report",
    "summit",
    "valley",
)


class Timer:
    """The real `group_article`, timed: the seconds spent in it since the last reset."""

    def __init__(self, real: Callable[..., Any]) -> None:
        self.real, self.seconds = real, 0.0

    def __call__(self, *args: Any, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.real(*args, **kw)
        finally:
            self.seconds += time.perf_counter() - started


def extracted(folder: Path, n: int, seed: int) -> tuple[list[ArticleFacts], float]:
    """n synthetic articles extracted, and the seconds extraction took."""
    articles = [read_file(p) for p in corpus.build(folder, n, seed=seed)]
    nlp = load_nlp(get_settings().spacy_model)
    started = time.perf_counter()
    facts = list(extract_articles(articles, nlp, get_gazetteer()))
    return facts, time.perf_counter() - started


def stored(url: str, facts: list[ArticleFacts], timer: Timer) -> tuple[float, float]:
    """Store the facts; seconds in store() and in grouping within it."""
    engine = make_engine(url)
    timer.seconds = 0.0
    started = time.perf_counter()
    for one in facts:
        store_module.store(engine, one)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, timer.seconds


def again(facts: list[ArticleFacts]) -> list[ArticleFacts]:
    """The same facts as other articles: every quote a repeat."""
    return [
        # a space after the text: another content hash, every span where it was
        dataclasses.replace(f, article=dataclasses.replace(f.article, text=f.article.text + " "))
        for f in facts
    ]


def grow(engine: Engine, target: int, seed: int) -> None:
    """Add articles until there are `target`, each with copies of a stored article's quotes,
    grouped by the real `group_article`."""
    rng = random.Random(seed)
    with engine.begin() as conn:
        sources = conn.execute(text("SELECT DISTINCT article_id FROM quote")).scalars().all()
        have = conn.execute(text("SELECT count(*) FROM article")).scalar_one()
    for i in range(target - have):
        source = rng.choice(sources)
        with engine.begin() as conn:
            new = conn.execute(
                text(
                    "INSERT INTO article (content_hash, published, authors, text, extractor_version, created_at) "
                    "SELECT :hash, published, authors, text, extractor_version, created_at FROM article "
                    "WHERE id = :source RETURNING id"
                ),
                {"hash": f"grown-{i}", "source": source},
            ).scalar_one()
            for row in conn.execute(
                text("SELECT * FROM quote WHERE article_id = :a"), {"a": source}
            ).mappings():
                said = row["text"].split()
                if rng.random() < 0.8 and len(said) > 3:
                    for at in rng.sample(range(len(said)), 3):
                        said[at] = f"{rng.choice(FILLER)}{rng.randrange(10**6)}"
                values = {k: row[k] for k in row if k not in ("id", "statement_id")}
                conn.execute(
                    text(
                        f"INSERT INTO quote ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"
                    ),
                    {**values, "article_id": new, "text": " ".join(said)},
                )
            group_article(conn, new)


def measure(db: Path, work: Path, name: str, batch: list[ArticleFacts], timer: Timer) -> dict[str, float]:
    """Grouping's milliseconds per article for the batch stored into a copy of db: new, then repeats."""
    copy = work / f"{name}.db"
    shutil.copy(db, copy)
    url = f"sqlite:///{copy}"
    _s1, first = stored(url, batch, timer)
    _s2, repeat = stored(url, again(batch), timer)
    n = len(batch)
    return {
        "group_ms_per_article": round(1000 * first / n, 2),
        "repeat_group_ms_per_article": round(1000 * repeat / n, 2),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=40)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="factsapi-statements-"))
    timer = Timer(group_article)
    store_module.group_article = timer  # type: ignore[assignment]  # the real function, timed
    try:
        facts, extract_s = extracted(work / "corpus", args.articles, seed=7)
        batch, _ = extracted(work / "batch", args.batch, seed=11)
        db = work / "small.db"
        upgrade(f"sqlite:///{db}")
        store_s, group_s = stored(f"sqlite:///{db}", facts, timer)
        small = measure(db, work, "at_small", batch, timer)
        started = time.perf_counter()
        engine = make_engine(f"sqlite:///{db}")
        grow(engine, args.large, seed=3)
        with engine.connect() as conn:
            quotes, statements = conn.execute(
                text("SELECT (SELECT count(*) FROM quote), (SELECT count(*) FROM statement)")
            ).one()
        engine.dispose()
        grow_s = time.perf_counter() - started
        large = measure(db, work, "at_large", batch, timer)
    finally:
        store_module.group_article = timer.real  # type: ignore[assignment]
    n = args.articles
    report = {
        "articles": n,
        "extract_ms_per_article": round(1000 * extract_s / n, 1),
        "store_ms_per_article": round(1000 * store_s / n, 2),
        "group_ms_per_article": round(1000 * group_s / n, 2),
        "group_share_of_ingest": round(group_s / (extract_s + store_s - group_s), 4),
        "group_share_of_store": round(group_s / (store_s - group_s), 4),
        f"at_{n}_articles": small,
        f"at_{args.large}_articles": {**large, "quotes": quotes, "statements": statements},
        "grow_s": round(grow_s, 1),
        "growth": round(large["group_ms_per_article"] / small["group_ms_per_article"], 2),
        "repeat_growth": round(
            large["repeat_group_ms_per_article"] / small["repeat_group_ms_per_article"], 2
        ),
    }
    print(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return report


if __name__ == "__main__":
    main()
