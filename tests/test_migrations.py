"""The migrations are the schema: upgrading an empty database gives what the models describe."""

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from spacy.language import Language
from sqlalchemy import inspect
from sqlmodel import SQLModel

from app import models  # the tables, for SQLModel.metadata
from app.db import make_engine
from app.migrate import downgrade, head_revision, upgrade


def database_urls() -> list[str]:
    # the PostgreSQL run (TEST_DATABASE_URL) migrates its own database too
    return ["sqlite"] + ([os.environ["TEST_DATABASE_URL"]] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.mark.parametrize("backend", database_urls())
def test_upgrade_matches_models_and_downgrade_empties(tmp_path: Path, backend: str) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}" if backend == "sqlite" else backend
    if backend != "sqlite":
        downgrade(url, "base")  # start empty, whatever an earlier run left
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        # the full-text tables of 0002 are made by hand, not by models
        ctx = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, _parents: (
                    not (type_ in ("table", "index") and "_fts" in name)
                )
            },
        )
        assert ctx.get_current_revision() == head_revision()
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    assert {"article", "segment", "entity", "mention", "quote", "claim", "figure"} <= set(
        inspect(engine).get_table_names()
    )
    downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_0008_drops_figures_with_a_category_outside_the_api(tmp_path: Path, nlp: Language) -> None:
    """A database written before figures were typed held 'skip' rows; after the upgrade its facts document builds."""
    from sqlmodel import Session

    from app.extract.pipeline import extract_article
    from app.extract.places.gazetteer import get_gazetteer
    from app.ingest import read_file
    from app.queries.articles import stored_document
    from app.store import store

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url)  # stored by today's models, then taken back to before 0008
    engine = make_engine(url)
    facts = extract_article(
        read_file(Path(__file__).parent / "data" / "harbor_strike.txt"), nlp, get_gazetteer()
    )
    article_id = store(engine, facts).article.id
    downgrade(url, "0007")
    with engine.begin() as conn:
        kept = conn.exec_driver_sql("SELECT count(*) FROM figure").scalar()
        assert kept and kept > 1, "the story needs two figures: one to spoil, one to keep"
        conn.exec_driver_sql("UPDATE figure SET category = 'skip' WHERE id = (SELECT min(id) FROM figure)")
    upgrade(url)
    with engine.connect() as conn:
        categories = [row[0] for row in conn.exec_driver_sql("SELECT category FROM figure")]
    assert "skip" not in categories and len(categories) == kept - 1
    with Session(engine) as session:
        row = session.get(models.Article, article_id)
        assert row is not None and len(stored_document(session, row).figures) == kept - 1
    engine.dispose()
