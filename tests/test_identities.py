"""Entities across articles in a real database: surnames alone, display names, and re-keying
a database stored before variant keys (migration 0004, then reextract)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from app import models
from app.db import make_engine
from app.extract.pipeline import ArticleFacts, extract_article
from app.extract.places.gazetteer import get_gazetteer
from app.extract.text.article import Article, build_article
from app.ingest import reextract
from app.migrate import downgrade, upgrade
from app.queries.entities import resolve_entity
from app.store import delete_article, store
from tests.api.conftest import reset_database
from tests.databases import own_database_url

Extract = Callable[[Article], ArticleFacts]

LONE = "Biden said on Tuesday that the talks would resume.\n\nBiden spoke at a rally in Ohio."
JOE = "President Joe Biden said the bridge would reopen.\n\nBiden visited the site on Friday."
HUNTER = "Hunter Biden said he would testify next week.\n\nHis lawyer said the hearing was closed."


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = own_database_url(tmp_path, "identities")
    reset_database(url)
    upgrade(url)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def extract(nlp: Language) -> Extract:
    gazetteer = get_gazetteer()
    return lambda article: extract_article(article, nlp, gazetteer)


def ingest(engine: Engine, extract: Extract, body: str, day: int = 1) -> int:
    stored = store(engine, extract(build_article(body, dt.date(2031, 3, day))))
    assert stored.created and stored.article.id is not None
    return stored.article.id


def people(engine: Engine, ref: str) -> list[str]:
    with Session(engine) as session:
        ids = resolve_entity(session, "person", ref)
        return sorted(session.get(models.Entity, i).name for i in ids)  # type: ignore[union-attr]


def speakers(engine: Engine, article_id: int) -> set[str]:
    with Session(engine) as session:
        rows = session.exec(
            select(models.Entity.name)
            .join(models.Mention, col(models.Mention.entity_id) == col(models.Entity.id))
            .where(col(models.Mention.article_id) == article_id, col(models.Entity.kind) == "person")
        )
        return set(rows)


@pytest.mark.parametrize("order", [("lone", "joe"), ("joe", "lone")])
def test_a_surname_alone_is_its_one_bearer_until_a_second_appears(
    db: tuple[str, Engine], extract: Extract, order: tuple[str, str]
) -> None:
    _url, engine = db
    bodies = {"lone": LONE, "joe": JOE}
    ids = {name: ingest(engine, extract, bodies[name], day) for day, name in enumerate(order, 1)}
    # one Biden in the corpus: "Biden" alone is him, whichever article came first
    assert speakers(engine, ids["lone"]) == {"Joe Biden"}
    assert people(engine, "Biden") == people(engine, "President Biden") == ["Joe Biden"]
    # a second Biden: the article that said only "Biden" never said which one
    hunter = ingest(engine, extract, HUNTER, 9)
    assert speakers(engine, ids["lone"]) == {"Biden"}
    assert speakers(engine, ids["joe"]) == {"Joe Biden"}
    assert people(engine, "Joe Biden") == ["Joe Biden"]
    assert people(engine, "Hunter Biden") == ["Hunter Biden"]
    assert people(engine, "Biden") == ["Biden", "Hunter Biden", "Joe Biden"]
    # and when the second is deleted, the surname is the one bearer's again
    with Session(engine) as session:
        row = session.get(models.Article, hunter)
        assert row is not None
        delete_article(session, row)
    assert speakers(engine, ids["lone"]) == {"Joe Biden"}
    assert people(engine, "Biden") == ["Joe Biden"]


def test_a_titled_single_name_is_not_a_surname(db: tuple[str, Engine], extract: Extract) -> None:
    _url, engine = db
    ingest(engine, extract, "Mark Francis, a local baker, said the shop would close.", 1)
    pope = ingest(engine, extract, "Pope Francis said on Sunday that the war must end.", 2)
    assert speakers(engine, pope) == {"Francis"}
    assert people(engine, "Pope Francis") == ["Francis"]
    assert people(engine, "Francis") == ["Francis", "Mark Francis"]  # the name alone is either
    assert people(engine, "Mark Francis") == ["Mark Francis"]


def test_display_name_is_the_form_articles_write(db: tuple[str, Engine], extract: Extract) -> None:
    _url, engine = db
    for day in (1, 2):
        ingest(engine, extract, f"A missile struck Mykolaiv on day {day}, officials in Mykolaiv said.", day)
    with Session(engine) as session:
        (ids,) = [resolve_entity(session, "place", "Mykolayiv")]
        place = session.get(models.Entity, ids[0])
        assert place is not None
        assert place.name == "Mykolaiv"
        assert "Mykolayiv" in place.aliases  # the gazetteer's form stays findable
        assert resolve_entity(session, "place", "Nikolaev") == ids


def test_migration_fills_keys_and_reextract_merges_what_was_stored_apart(
    db: tuple[str, Engine], extract: Extract
) -> None:
    url, engine = db
    spellings = ["Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskiy"]
    articles = [
        ingest(engine, extract, f"Ukrainian President {name} said the army would hold the line in Kyiv.", day)
        for day, name in enumerate(spellings, 1)
    ]
    # as the extractor before variant keys stored them: one person per spelling, keyed by folded name
    with engine.begin() as conn:
        (first,) = conn.execute(
            text("SELECT DISTINCT entity_id FROM mention WHERE text = :t"), {"t": spellings[0]}
        )
        for article_id, name in zip(articles[1:], spellings[1:], strict=True):
            conn.execute(
                text(
                    "INSERT INTO entity (kind, key, name, aliases, roles, forms) VALUES ('person', :k, :n, '[]', '[]', '{}')"
                ),
                {"k": name.lower(), "n": name},
            )
            (new,) = conn.execute(
                text("SELECT id FROM entity WHERE kind = 'person' AND key = :k"), {"k": name.lower()}
            ).one()
            for table, column in (("mention", "entity_id"), ("quote", "speaker_id"), ("claim", "source_id")):
                conn.execute(
                    text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old AND article_id = :a"),
                    {"new": new, "old": first[0], "a": article_id},
                )
            conn.execute(
                text("INSERT INTO entity_name (entity_id, folded) VALUES (:e, :f)"),
                {"e": new, "f": name.lower()},
            )
    with engine.connect() as conn:
        before = conn.execute(text("SELECT entity_id, article_id, text FROM mention ORDER BY id")).all()
    downgrade(url, "0003")
    upgrade(url)
    with engine.connect() as conn:
        # nothing lost on the way: a table rebuild on SQLite would cascade-delete the mentions
        assert (
            conn.execute(text("SELECT entity_id, article_id, text FROM mention ORDER BY id")).all() == before
        )
    with Session(engine) as session:
        assert (
            session.exec(select(models.EntityName).where(col(models.EntityName.match_key).is_(None))).all()
            == []
        )
        # before the merge every spelling already finds all three rows
        assert len(resolve_entity(session, "person", "zelensky")) == 3
    for article_id in articles:
        reextract(engine, article_id)
    with Session(engine) as session:
        ids = {
            resolve_entity(session, "person", name)
            for name in [*spellings, "Zelensky", "President Zelenskyy"]
        }
        assert len(ids) == 1 and len(ids.pop()) == 1
        assert len(session.exec(select(models.Entity).where(col(models.Entity.kind) == "person")).all()) == 1


def test_a_person_the_model_took_for_an_organisation_is_the_stored_person(
    db: tuple[str, Engine], extract: Extract
) -> None:
    _url, engine = db
    first = ingest(engine, extract, "Ukrainian President Volodymyr Zelenskyy said the army would hold.", 1)
    # an unfamiliar name opening a sentence: the small model tags it ORG
    second = ingest(
        engine, extract, "Volodymyr Zelensky said the army would hold the line.\n\nA missile hit Kyiv.", 2
    )
    assert speakers(engine, first) == speakers(engine, second) == {"Volodymyr Zelenskyy"}
    with Session(engine) as session:
        assert (
            session.exec(select(models.Entity).where(col(models.Entity.kind) == "organization")).all() == []
        )


def test_reextract_gives_an_untitled_article_its_lede_title(db: tuple[str, Engine], extract: Extract) -> None:
    _url, engine = db
    article_id = ingest(engine, extract, JOE)
    with engine.begin() as conn:  # as stored before titles came from the lede
        conn.execute(text("UPDATE article SET title = NULL WHERE id = :a"), {"a": article_id})
    reextract(engine, article_id)
    with Session(engine) as session:
        row = session.get(models.Article, article_id)
        assert row is not None and row.title == "President Joe Biden said the bridge would reopen"
