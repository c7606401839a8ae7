"""Migration 0011: an index on figure.source_id, on a database that already holds figures."""

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.db import make_engine
from app.migrate import downgrade, upgrade
from tests.databases import own_database_url


def source_indexes(url: str) -> dict[str, list[str]]:
    engine = make_engine(url)
    found = {
        ix["name"]: ix["column_names"]
        for ix in inspect(engine).get_indexes("figure")
        if ix["column_names"] == ["source_id"]
    }
    engine.dispose()
    return found


@pytest.mark.parametrize(
    "backend", ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
)
def test_figure_source_index_on_an_existing_database(tmp_path: Path, backend: str) -> None:
    url = (
        f"sqlite:///{tmp_path / 'm.db'}"
        if backend == "sqlite"
        else own_database_url(tmp_path, "source_index")
    )
    downgrade(url, "base")  # whatever an earlier run left
    upgrade(url, "0009")
    engine = make_engine(url)
    with engine.begin() as conn:  # a database in use: an article with a sourced figure
        conn.execute(
            text(
                "INSERT INTO article (id, content_hash, published, text, extractor_version, authors, created_at)"
                " VALUES (1, 'h', '2022-03-29', '20 killed', 'v', '[]', '2026-12-08 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO segment (id, article_id, position, kind, start, \"end\") VALUES (1, 1, 0, 'body', 0, 9)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO entity (id, kind, key, name, aliases, roles, forms) VALUES (1, 'organization', 'un', 'UN', '[]', '[]', '{}')"
            )
        )
        conn.execute(
            text(
                'INSERT INTO figure (id, article_id, segment_id, start, "end", sentence_start, sentence_end,'
                " text, day, category, value, approximate, source_id)"
                " VALUES (1, 1, 1, 0, 9, 0, 9, '20 killed', '2022-03-29', 'killed', 20, false, 1)"
            )
        )
    engine.dispose()
    assert source_indexes(url) == {}
    upgrade(url, "0011")
    assert source_indexes(url) == {"ix_figure_source_id": ["source_id"]}
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM figure WHERE source_id = 1")).scalar_one() == 1
    engine.dispose()
    downgrade(url, "0009")
    assert source_indexes(url) == {}
