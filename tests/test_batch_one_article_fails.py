"""One article's fault is that article's line, never the batch's end (#21 points 4 and 5).

Real processes over real files: each edge article below once ended `factsapi extract`
or `factsapi ingest` with a traceback, losing every later article of the batch.
"""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from sqlmodel import Session, func, select

from app import models
from app.db import make_engine
from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.types import Category
from app.ingest import NotStored, read_file, store_one
from app.migrate import upgrade
from tests.api.test_edge_values import EDGE_ARTICLES
from tests.databases import own_database_url

DATA = Path(__file__).resolve().parent / "data"
FACTSAPI = [sys.executable, "-m", "app.cli"]


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The edge articles, named so that they come before a good one."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for i, text in enumerate(EDGE_ARTICLES.values()):
        (folder / f"{i}_edge.txt").write_text(text)
    (folder / "9_harbor.txt").write_text((DATA / "harbor_strike.txt").read_text())
    return folder


def test_extract_prints_every_article_of_a_batch(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (batch / "5_unreadable.txt").write_text("no date line, so no article")
    run = subprocess.run(
        [*FACTSAPI, "extract", "--out", str(out), str(batch)], capture_output=True, text=True
    )
    assert run.returncode == 1, run.stderr  # one article failed, and says so by name
    assert f"skipped {batch / '5_unreadable.txt'}:" in run.stderr, run.stderr
    documents = sorted(out.glob("*.json"))
    assert [p.stem for p in documents] == sorted(
        p.stem for p in batch.glob("*.txt") if p.stem != "5_unreadable"
    )
    for path in documents:
        figures = json.loads(path.read_text())["figures"]
        assert {f["category"] for f in figures} <= {c.value for c in Category}, path


def test_ingest_stores_every_article_of_a_batch(batch: Path, tmp_path: Path) -> None:
    url = own_database_url(tmp_path, "batch")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        before = session.exec(select(func.count()).select_from(models.Article)).one()
    run = subprocess.run(
        [*FACTSAPI, "ingest", "--quiet", str(batch)],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    assert run.returncode == 0, run.stderr
    with Session(engine) as session:
        after = session.exec(select(func.count()).select_from(models.Article)).one()
    engine.dispose()
    # on PostgreSQL the database is kept between runs: a second run finds them stored
    assert after - before == (len(list(batch.glob("*.txt"))) if before == 0 else 0)
    assert after >= len(list(batch.glob("*.txt")))


def test_a_value_the_database_refuses_fails_its_article_alone(nlp: Language, tmp_path: Path) -> None:
    """Past the extractor's own bounds, a value no column holds is that article's NotStored, and nothing of it is written."""
    url = own_database_url(tmp_path, "refused")
    upgrade(url)
    engine = make_engine(url)
    facts = extract_article(read_file(DATA / "harbor_strike.txt"), nlp, get_gazetteer())
    assert facts.figures, "the story needs a figure to overflow"
    facts.figures[0].figure = dataclasses.replace(facts.figures[0].figure, value=10**23)
    with Session(engine) as session:
        before = session.exec(select(func.count()).select_from(models.Article)).one()
    with pytest.raises(NotStored, match="could not be stored"):
        store_one(engine, facts)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(models.Article)).one() == before
    engine.dispose()
