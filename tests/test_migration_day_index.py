"""Migration 0006: each fact table's (day) index becomes (day, id), and back on downgrade."""

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.db import make_engine
from app.migrate import downgrade, upgrade
from tests.databases import own_database_url

FACTS = ("quote", "claim", "figure")


def day_indexes(url: str) -> dict[str, dict[str, list[str]]]:
    """Each fact table's indexes that start with `day`: name -> columns."""
    engine = make_engine(url)
    found = {
        table: {
            ix["name"]: ix["column_names"]
            for ix in inspect(engine).get_indexes(table)
            if ix["column_names"][0] == "day"
        }
        for table in FACTS
    }
    engine.dispose()
    return found


@pytest.mark.parametrize(
    "backend", ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
)
def test_day_index_holds_the_id(tmp_path: Path, backend: str) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}" if backend == "sqlite" else own_database_url(tmp_path, "day_index")
    downgrade(url, "base")  # whatever an earlier run left
    upgrade(url, "0005")
    assert day_indexes(url) == {t: {f"ix_{t}_day": ["day"]} for t in FACTS}
    upgrade(url, "0006")
    assert day_indexes(url) == {t: {f"ix_{t}_day_id": ["day", "id"]} for t in FACTS}
    downgrade(url, "0005")
    assert day_indexes(url) == {t: {f"ix_{t}_day": ["day"]} for t in FACTS}
