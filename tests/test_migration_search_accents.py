"""Migration 0012: on an existing database, PostgreSQL's full-text index reads the text without
accents, and the search query is written as the index is, so it is used (SQLite unchanged)."""

import importlib.util
import os
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import bindparam, select
from sqlmodel import Session

from app import models
from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.queries import search
from tests.databases import own_database_url

MIGRATION = next((Path(__file__).parents[1] / "migrations" / "versions").glob("*_0012_*.py"))


def migration() -> object:
    spec = importlib.util.spec_from_file_location("migration_0012", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_query_writes_the_indexed_expression() -> None:
    assert search.INDEXED.format(column="text") == migration().INDEXED  # type: ignore[attr-defined]


def found(session: Session, q: str) -> list[str]:
    """The claims a search finds, through the query the API runs."""
    dialect = session.get_bind().dialect.name
    where = search.text_matches(models.Claim, bindparam("q"), dialect)
    value = search.search_param(search.with_spellings(session, q), dialect)
    return list(session.execute(select(models.Claim.text).where(where), {"q": value}).scalars())


def plan(session: Session, value: str) -> str:
    """PostgreSQL's plan for the API's claim search, sequential scans off (the table is tiny)."""
    where = search.text_matches(models.Claim, bindparam("q", value), "postgresql")
    sql = (
        select(models.Claim.id)
        .where(where)
        .compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    )
    conn = session.connection()
    conn.exec_driver_sql("SET enable_seqscan = off")
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))


@pytest.mark.parametrize(
    "backend", ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
)
def test_an_existing_database_finds_words_without_their_accents(
    tmp_path: Path, backend: str, nlp: Language
) -> None:
    from app.extract.pipeline import extract_article
    from app.extract.places.gazetteer import get_gazetteer
    from app.ingest import read_file
    from app.store import store

    url = own_database_url(tmp_path, "search_accents")
    downgrade(url, "base")  # whatever an earlier run left
    upgrade(url, "0011")
    engine = make_engine(url)
    facts = extract_article(
        read_file(Path(__file__).parent / "data" / "kyiv_strikes.txt"), nlp, get_gazetteer()
    )
    store(engine, facts)
    upgrade(url)
    with Session(engine) as session:
        assert any("naïve hopes" in t for t in found(session, "naive"))
        assert any("naïve hopes" in t for t in found(session, "naïve"))
        if backend == "postgresql":
            assert "ix_claim_text_fts" in plan(session, "naive:*"), "the search does not read the index"
    downgrade(url, "0011")
    upgrade(url)
    engine.dispose()
