"""Migration 0013 on a database that holds articles: the jobs tables come, the articles stay,
and a job's changes move the data version its ETag is made of; downgrade takes only the jobs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import inspect, text

from app.db import make_engine
from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.ingest import read_file
from app.migrate import downgrade, upgrade
from app.store import store
from tests.api.conftest import DATA
from tests.databases import own_database_url


@pytest.mark.parametrize(
    "backend", ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
)
def test_0013_adds_jobs_beside_stored_articles(tmp_path: Path, backend: str, nlp: Language) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}" if backend == "sqlite" else own_database_url(tmp_path, "m0013")
    downgrade(url, "base")  # whatever an earlier run left
    upgrade(url)  # stored by today's models, then taken back to before 0013
    engine = make_engine(url)
    store(engine, extract_article(read_file(DATA / "harbor_strike.txt"), nlp, get_gazetteer()))
    downgrade(url, "0013")
    downgrade(url, "-1")
    assert "job" not in inspect(engine).get_table_names()

    upgrade(url, "0013")
    assert {"job", "job_article"} <= set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM article")).scalar() == 1
        before = conn.execute(text("SELECT version FROM data_version")).scalar()
        conn.execute(
            text("INSERT INTO job (kind, total, created_at) VALUES ('ingest', 1, CURRENT_TIMESTAMP)")
        )
        conn.execute(
            text(
                "INSERT INTO job_article (job_id, position, status, attempts) SELECT id, 0, 'queued', 0 FROM job"
            )
        )
    with engine.begin() as conn:
        after_insert = conn.execute(text("SELECT version FROM data_version")).scalar()
        conn.execute(text("UPDATE job_article SET status = 'running'"))
    with engine.connect() as conn:
        after_update = conn.execute(text("SELECT version FROM data_version")).scalar()
    assert before < after_insert < after_update  # polling a job sees it move

    downgrade(url, "-1")
    assert not {"job", "job_article"} & set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM article")).scalar() == 1
    engine.dispose()
