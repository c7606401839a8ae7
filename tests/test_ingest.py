"""Ingest is atomic and idempotent, survives SIGKILL, and lets readers read while it writes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from spacy.language import Language
from sqlmodel import Session, func, select

from app import models
from app.db import make_engine
from app.documents import extracted_document
from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import read_seed_format
from app.ingest import read_file
from app.migrate import upgrade
from app.queries.articles import stored_document
from app.schemas import FactsDocument
from app.store import store

DATA = Path(__file__).resolve().parent / "data"
FACTSAPI = [sys.executable, "-m", "app.cli"]


def make_corpus(folder: Path, n: int) -> list[Path]:
    """n distinct articles: the test story on n different days."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (DATA / "harbor_strike.txt").read_text()
    paths = []
    for i in range(n):
        path = folder / f"story_{i:03d}.txt"
        path.write_text(text.replace("2023-06-15", f"2023-07-{i % 28 + 1:02d}", 1) + f"\n\nEdition {i}.")
        paths.append(path)
    return paths


def env_for(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url}


def count(url: str, model: type) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        n = session.exec(select(func.count()).select_from(model)).one()
    engine.dispose()
    return n


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    upgrade(url)
    return url


def test_same_content_twice_is_one_article(db_url: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "a", 2)
    shutil.copy(corpus[0], tmp_path / "a" / "copy_of_first.txt")
    subprocess.run([*FACTSAPI, "ingest", "--quiet", str(tmp_path / "a")], env=env_for(db_url), check=True)
    subprocess.run([*FACTSAPI, "ingest", "--quiet", str(corpus[1])], env=env_for(db_url), check=True)
    assert count(db_url, models.Article) == 2


def test_sigkill_mid_ingest_leaves_whole_articles_and_rerun_finishes(db_url: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "many", 24)
    proc = subprocess.Popen([*FACTSAPI, "ingest", "--quiet", str(tmp_path / "many")], env=env_for(db_url))
    deadline = time.monotonic() + 120
    while count(db_url, models.Article) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count(db_url, models.Article)
    assert 0 < stored < len(corpus), "the kill should land mid-ingest"
    expected_segments = len(read_seed_format(corpus[0].read_text()).segments)
    engine = make_engine(db_url)
    with Session(engine) as session:
        per_article = session.exec(
            select(models.Segment.article_id, func.count()).group_by(models.Segment.article_id)
        ).all()
        assert len(per_article) == stored
        assert all(n == expected_segments for _id, n in per_article), "an article was stored in part"
        orphans = session.exec(
            select(func.count())
            .select_from(models.Quote)
            .where(models.Quote.article_id.not_in(select(models.Article.id)))
        ).one()
        assert orphans == 0
    engine.dispose()
    subprocess.run([*FACTSAPI, "ingest", "--quiet", str(tmp_path / "many")], env=env_for(db_url), check=True)
    assert count(db_url, models.Article) == len(corpus)


def test_readers_are_served_during_a_bulk_ingest(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from app.config import get_settings
    from app.db import get_engine
    from app.main import create_app

    make_corpus(tmp_path / "bulk", 16)
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    statuses: list[int] = []
    errors: list[str] = []
    writer = subprocess.Popen([*FACTSAPI, "ingest", "--quiet", str(tmp_path / "bulk")], env=env_for(db_url))

    def read(client: TestClient) -> None:
        while writer.poll() is None:
            for path in ("/v1/articles", "/v1/claims?limit=100", "/v1/figures?category=killed", "/v1/places"):
                response = client.get(path)
                statuses.append(response.status_code)
                if response.status_code >= 500 or "locked" in response.text:
                    errors.append(response.text[:200])

    try:
        with TestClient(create_app()) as client:
            threads = [threading.Thread(target=read, args=(client,)) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=180)
    finally:
        writer.wait(timeout=180)
        get_engine().dispose()
        get_engine.cache_clear()
        get_settings.cache_clear()
    assert writer.returncode == 0
    assert statuses and not errors, errors[:3]
    assert count(db_url, models.Article) == 16


def test_parallel_ingest_stores_what_one_process_does_in_the_same_order(tmp_path: Path) -> None:
    # more articles than one batch a worker takes, and a count no batch divides
    make_corpus(tmp_path / "c", 11)
    stored = {}
    for jobs in (1, 2):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        upgrade(url)
        cmd = [*FACTSAPI, "ingest", "--quiet", "--jobs", str(jobs), str(tmp_path / "c")]
        subprocess.run(cmd, env=env_for(url), check=True)
        engine = make_engine(url)
        with Session(engine) as session:
            articles = session.exec(
                select(models.Article.id, models.Article.published).order_by(models.Article.id)
            )
            facts = [
                session.exec(select(m.article_id, m.start, m.end, m.text).order_by(m.id)).all()
                for m in (models.Quote, models.Claim, models.Figure)
            ]
            stored[jobs] = (list(articles), facts)
        engine.dispose()
    assert len(stored[1][0]) == 11 and all(stored[1][1])
    assert stored[2] == stored[1]


def comparable(document: FactsDocument) -> dict:
    """A facts document without what only storing gives: ids, the time it was stored, and facts
    in text order."""
    doc = json.loads(document.model_dump_json())
    del doc["article"]["id"], doc["article"]["created_at"]
    for kind in ("people", "places", "organizations"):
        for entity in doc[kind]:
            del entity["id"]
        doc[kind].sort(key=lambda e: e["name"])
    for kind in ("quotes", "claims", "figures"):
        for fact in doc[kind]:
            del fact["id"], fact["span"]["article_id"]
            fact.pop("statement_id", None)  # a quote's statement is an id too
            for ref in ("speaker", "source", "place"):
                if fact.get(ref):
                    del fact[ref]["id"]
        doc[kind].sort(key=lambda f: (f["span"]["start"], f["text"]))
    doc["dates"].sort(key=lambda d: d["start"])
    return doc


@pytest.mark.parametrize("name", ["harbor_strike.txt", "flood_report.json"])
def test_the_unstored_document_is_the_stored_one_but_for_ids(db_url: str, nlp: Language, name: str) -> None:
    """`factsapi extract` and GET /v1/articles/{id}/facts shape one article alike."""
    facts = extract_article(read_file(DATA / name), nlp, get_gazetteer())
    engine = make_engine(db_url)
    stored = store(engine, facts)
    with Session(engine) as session:
        from_database = stored_document(session, stored.article)
    engine.dispose()
    unstored = extracted_document(facts)
    assert unstored.quotes and unstored.figures and unstored.places, "the story should have facts to compare"
    # one article alone in its database: each entity keeps the name its article gives it
    assert comparable(unstored) == comparable(from_database)
