"""Two `factsapi ingest --jobs 2` at once, over overlapping files, into one database.

What one process stores alone, two racing processes store too: every article once,
its facts complete, and every person, place and organisation once. On PostgreSQL
(TEST_DATABASE_URL, the suite's PostgreSQL run in .ci/run) this is the deployment the
README describes, several ingesters on one server; on SQLite the writers take turns.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.db import make_engine
from app.ingest import read_file
from app.migrate import downgrade, upgrade
from tests.databases import own_database_url

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
FACTSAPI = [sys.executable, "-m", "app.cli"]
# each article's rows, by content: what a lost or half-written article would change
PER_ARTICLE = """
select a.content_hash,
  (select count(*) from segment s where s.article_id = a.id),
  (select count(*) from mention m where m.article_id = a.id),
  (select count(*) from quote q where q.article_id = a.id),
  (select count(*) from claim c where c.article_id = a.id),
  (select count(*) from figure f where f.article_id = a.id),
  (select count(*) from date_mention d where d.article_id = a.id)
from article a
"""


def backends() -> list[object]:
    pg = os.environ.get("TEST_DATABASE_URL")
    reason = "PostgreSQL: runs in the suite's PostgreSQL pass (TEST_DATABASE_URL=postgresql+psycopg://...)"
    return ["sqlite", pytest.param(pg, id="postgresql", marks=pytest.mark.skipif(not pg, reason=reason))]


def fresh(tmp_path: Path, backend: str, name: str) -> str:
    """An empty database of this test's own, migrated to head."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / name}.db"
    else:
        try:
            url = own_database_url(tmp_path, name)
        except OperationalError as exc:  # say so, instead of failing the suite
            pytest.skip(f"PostgreSQL at TEST_DATABASE_URL does not answer: {exc.orig}")
    downgrade(url, "base")  # whatever an earlier run left
    upgrade(url)
    return url


def ingest(url: str, files: list[Path]) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": url}
    cmd = [*FACTSAPI, "ingest", "--quiet", "--jobs", "2", *map(str, files)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finished(proc: subprocess.Popen[str]) -> str:
    out, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, out
    return out


def contents(url: str) -> tuple[Counter[tuple], Counter[tuple[str, str]], int]:
    """Each article's row counts by content hash, the entities as (kind, name), the articles."""
    engine = make_engine(url)
    with engine.connect() as conn:
        articles = Counter(tuple(r) for r in conn.execute(text(PER_ARTICLE)))
        entities = Counter((r[0], r[1]) for r in conn.execute(text("select kind, name from entity")))
        n = conn.execute(text("select count(*) from article")).scalar_one()
    engine.dispose()
    return articles, entities, n


@pytest.mark.parametrize("backend", backends())
def test_two_ingests_at_once_store_what_one_stores(tmp_path: Path, backend: str) -> None:
    one = fresh(tmp_path, backend, "ingest_parallel_one")
    two = fresh(tmp_path, backend, "ingest_parallel_two")
    # both start with the files they share, so they reach the same articles at the same moment
    shared, only_a, only_b = FILES[3:9], FILES[:3], FILES[9:]
    finished(ingest(one, FILES))
    a, b = ingest(two, shared + only_a), ingest(two, shared + only_b)
    finished(a), finished(b)

    hashes = {read_file(p).content_hash for p in FILES}
    alone, alone_entities, alone_n = contents(one)
    racing, racing_entities, racing_n = contents(two)
    assert alone_n == len(hashes), "one process lost or doubled an article"
    assert racing_n == len(hashes), f"two processes stored {racing_n} articles of {len(hashes)}"
    assert {row[0] for row in racing} == hashes
    assert racing == alone, "an article's facts differ from a one-process ingest's"
    assert racing_entities == alone_entities, (
        f"entities differ: only racing {racing_entities - alone_entities}, "
        f"only alone {alone_entities - racing_entities}"
    )
