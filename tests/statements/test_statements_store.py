"""Statements through the write path: migration 0010 on a database holding quotes already,
re-extraction, and the rule that says two quotes are one statement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import Engine

from app.db import make_engine
from app.extract.pipeline import extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.ingest import read_file
from app.migrate import downgrade, upgrade
from app.statements.words import same_statement, words
from app.store import replace_facts, store
from tests.api.conftest import reset_database
from tests.statements.test_statements_api import STORIES


def database_urls() -> list[str]:
    return ["sqlite"] + ([os.environ["TEST_DATABASE_URL"]] if os.environ.get("TEST_DATABASE_URL") else [])


def grouping(engine: Engine) -> set[frozenset[int]]:
    """The quotes of each statement, as sets of quote ids; and no quote without one."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, statement_id FROM quote").all()
    assert all(statement is not None for _quote, statement in rows)
    groups: dict[int, set[int]] = {}
    for quote, statement in rows:
        groups.setdefault(statement, set()).add(quote)
    return {frozenset(g) for g in groups.values()}


def stored(engine: Engine, tmp_path: Path, nlp: Language) -> list[int]:
    ids = []
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text)
        facts = extract_article(read_file(tmp_path / name), nlp, get_gazetteer())
        ids.append(store(engine, facts).article.id)
    return ids


@pytest.mark.parametrize("backend", database_urls())
def test_0010_groups_the_quotes_a_database_already_holds(tmp_path: Path, nlp: Language, backend: str) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite" else backend
    reset_database(url)
    upgrade(url)
    engine = make_engine(url)
    stored(engine, tmp_path, nlp)
    at_ingest = grouping(engine)
    assert any(len(group) == 3 for group in at_ingest), "the mayor's words, reported three times"
    downgrade(url, "0009")  # a database from before statements: quotes, no statement_id
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM quote").scalar() == sum(map(len, at_ingest))
    upgrade(url)
    assert grouping(engine) == at_ingest
    engine.dispose()


def test_reextracting_an_article_keeps_its_statements_whole(tmp_path: Path, nlp: Language) -> None:
    url = f"sqlite:///{tmp_path / 're.db'}"
    upgrade(url)
    engine = make_engine(url)
    first, *_ = stored(engine, tmp_path, nlp)
    before = grouping(engine)
    with engine.connect() as conn:
        statements = conn.exec_driver_sql("SELECT count(*), sum(articles) FROM statement").one()
    facts = extract_article(read_file(tmp_path / "a_first.txt"), nlp, get_gazetteer())
    replace_facts(engine, first, facts)
    # the article's quotes are new rows with new ids, in the same groups
    assert sorted(map(len, grouping(engine))) == sorted(map(len, before))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*), sum(articles) FROM statement").one() == statements
        assert conn.exec_driver_sql("SELECT count(*) FROM statement WHERE quotes = 0").scalar() == 0
    engine.dispose()


@pytest.mark.parametrize(
    ("a", "b", "speaker", "same"),
    [
        # quote marks, case, ellipsis and an editor's brackets change nothing
        ("“We will not back down,” ", '"we will NOT back down"', False, True),
        ("Thinking back ... My cofounder was Rocky", "Thinking back...my cofounder was Rocky", False, True),
        ("isn't a replacement", "isn’t a replacement", True, True),
        # a cut quote is the statement it was cut from, when it is long enough to say so
        (
            "My cofounder was Rocky McGaugh.",
            "Thinking back to those days. My cofounder was Rocky McGaugh.",
            True,
            True,
        ),
        ("a very difficult time", "This is a very difficult time for the families.", True, False),
        # one word changed in five: four in 24 words, but not in the first 12 of them alone
        (
            "The agreement assumes that our islands, including Crete, do not have an exclusive economic zone, "
            "which goes against everything we know in international law",
            "The agreement assumes that our islands, including our biggest island Crete, does not have an "
            "exclusive economic zone, which goes against everything we know in international law",
            True,
            True,
        ),
        (
            "our islands, including Crete, do not have an exclusive economic zone",
            "our islands, including our biggest island Crete, does not have an exclusive economic zone",
            True,
            False,
        ),
        # two sentences of one speech
        (
            "There is a real party of peace and justice.",
            "There is a real party of smaller government.",
            True,
            False,
        ),
        (
            "I put no pressure on them whatsoever",
            "I could have. But I didn't. I didn't put any pressure on them.",
            True,
            False,
        ),
        # with no speaker: the same words only, and more than a slogan's three
        ("null and void", "null and void", False, False),
        ("null and void", "null and void", True, True),
        ("My cofounder was Rocky McGaugh.", "Thinking back. My cofounder was Rocky McGaugh.", False, False),
    ],
)
def test_same_statement(a: str, b: str, speaker: bool, same: bool) -> None:
    assert same_statement(words(a), words(b), speaker=speaker) is same
    assert same_statement(words(b), words(a), speaker=speaker) is same
