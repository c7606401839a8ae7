"""Facts loaded as rows: a stored corpus copied into PostgreSQL, or scaled out to N facts.

Extraction is not what the scale benchmark measures, so a million facts are not
extracted: a small synthetic corpus is ingested once (into SQLite, by `factsapi
ingest`), and its rows are written again and again into PostgreSQL with COPY, each
copy ("replica") with ids of its own, a new content hash, its articles moved to other
days of the same two years, and its own people and organisations, as new articles
bring new people. Places, and the people and organisations most often mentioned, are
shared by every replica: the gazetteer is finite, and the famous recur. So every
ratio of the corpus (facts, segments, mentions and dates per article; quotes to
claims to figures) holds at any size, while a busiest person or place or day grows
with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

from app.db import make_engine

# parents before children, as the foreign keys want them
TABLES = (
    "article",
    "segment",
    "entity",
    "entity_name",
    "mention",
    "quote",
    "claim",
    "figure",
    "date_mention",
)
FACTS = ("quote", "claim", "figure")
DAY_COLUMNS = {"article": ("published",), "segment": ("date",), **{t: ("date", "day") for t in FACTS}}
# what points at what: (table, column) -> the table it is an id of
POINTERS = {
    "segment_id": "segment",
    "article_id": "article",
    "entity_id": "entity",
    "speaker_id": "entity",
    "source_id": "entity",
    "place_id": "entity",
}
SHARED_NAMED = 10  # the most mentioned people and organisations, in every replica
SPAN_DAYS = 730  # bench.corpus spreads articles over two years from 2022-01-01
FIRST_DAY = dt.date(2022, 1, 1)


@dataclass
class Base:
    """A stored corpus read whole: each table's columns and rows."""

    columns: dict[str, list[str]]
    rows: dict[str, list[tuple[Any, ...]]]

    def facts(self) -> int:
        return sum(len(self.rows[t]) for t in FACTS)

    def facts_per_article(self) -> Counter[int]:
        per: Counter[int] = Counter()
        for t in FACTS:
            i = self.columns[t].index("article_id")
            per.update(row[i] for row in self.rows[t])
        return per


def read_base(db: Path) -> Base:
    """Every row of the corpus's tables in a SQLite file."""
    con = sqlite3.connect(db)
    columns, rows = {}, {}
    for table in TABLES:
        cur = con.execute(f"SELECT * FROM {table} ORDER BY id")
        columns[table] = [d[0] for d in cur.description]
        rows[table] = cur.fetchall()
    con.close()
    return Base(columns, rows)


def load(base: Base, url: str, facts: int | None = None, seed: int = 11) -> dict[str, int]:
    """COPY the corpus into the (migrated, empty) PostgreSQL database, scaled out to about
    `facts` facts (whole articles; None: the corpus once, as it is); rows per table."""
    plan = _plan(base, facts)
    shared = _shared_entities(base)
    written: dict[str, int] = {}
    u = make_url(url)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, dbname=u.database, user=u.username, password=u.password
    ) as conn:
        for table in TABLES:
            cols = base.columns[table]
            with conn.cursor() as cur:
                quoted = ", ".join(f'"{c}"' for c in cols)
                with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    n = 0
                    for row in _rows(base, table, plan, shared, seed):
                        copy.write_row(row)
                        n += 1
                written[table] = n
                # the ids came with the rows: the next insert must not reuse one
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        conn.commit()
    return written


def load_sqlite(base: Base, db: Path, articles: int, seed: int = 11) -> dict[str, int]:
    """Write the corpus into a (migrated, empty) SQLite file as `load` writes PostgreSQL,
    scaled out to `articles` articles (whole copies, the last cut short); rows per table.

    The rows go in by executemany, the full-text index kept by the schema's triggers:
    3,000 articles in about a minute, where extracting them would take half an hour.
    """
    n = len(base.rows["article"])
    plan = [n] * (articles // n) + ([articles % n] if articles % n else [])
    shared = _shared_entities(base)
    written: dict[str, int] = {}
    con = sqlite3.connect(db)
    with con:
        for table in TABLES:
            cols = base.columns[table]
            quoted = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            cur = con.executemany(
                f"INSERT INTO {table} ({quoted}) VALUES ({marks})", _rows(base, table, plan, shared, seed)
            )
            written[table] = cur.rowcount
    con.close()
    return written


def planned_facts(base: Base, facts: int | None) -> int:
    """How many facts `load` writes for a target of `facts`."""
    per = base.facts_per_article()
    ids = [row[0] for row in base.rows["article"]]
    return sum(sum(per[i] for i in ids[:taken]) for taken in _plan(base, facts))


def count_facts(url: str) -> int:
    """Quotes, claims and figures stored in the database at the URL."""
    engine = make_engine(url)
    with engine.connect() as conn:
        n = sum(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in FACTS)
    engine.dispose()
    return n


def _plan(base: Base, facts: int | None) -> list[int]:
    """How many of the corpus's articles each replica takes: all, but the last until `facts`."""
    n = len(base.rows["article"])
    if facts is None:
        return [n]
    per = base.facts_per_article()
    ids = [row[0] for row in base.rows["article"]]
    plan, total = [], 0
    while total < facts:
        taken = 0
        for ident in ids:
            if total >= facts:
                break
            total += per[ident]
            taken += 1
        plan.append(taken)
    return plan


def _shared_entities(base: Base) -> set[int]:
    """Places, and the people and organisations most mentioned: one entity in every replica."""
    kinds = {row[0]: row[base.columns["entity"].index("kind")] for row in base.rows["entity"]}
    i = base.columns["mention"].index("entity_id")
    mentioned = Counter(row[i] for row in base.rows["mention"])
    named = [e for e, _n in mentioned.most_common() if kinds.get(e) != "place"][:SHARED_NAMED]
    return {e for e, kind in kinds.items() if kind == "place"} | set(named)


def _rows(base: Base, table: str, plan: list[int], shared: set[int], seed: int) -> Iterator[tuple[Any, ...]]:
    """The table's rows in every replica, ids offset and days moved."""
    cols = base.columns[table]
    top = {t: max((row[base.columns[t].index("id")] for row in base.rows[t]), default=0) for t in TABLES}
    article_ids = [row[0] for row in base.rows["article"]]
    ident = cols.index("id")
    article_col = (
        None
        if table in ("entity", "entity_name")
        else cols.index("id" if table == "article" else "article_id")
    )
    pointer_cols = [(i, POINTERS[c]) for i, c in enumerate(cols) if c in POINTERS]
    day_cols = [cols.index(c) for c in DAY_COLUMNS.get(table, ())]
    for replica, taken in enumerate(plan):
        kept = set(article_ids[:taken])
        shift = _day_shifts(base, replica, seed)
        for row in base.rows[table]:
            article = row[article_col] if article_col is not None else None
            if article is not None and article not in kept:
                continue
            if table in ("entity", "entity_name") and replica and _entity_of(base, table, row) in shared:
                continue  # a shared entity is written once, with the first replica
            out = list(row)
            out[ident] = row[ident] + replica * top[table]
            for i, target in pointer_cols:
                if row[i] is not None and not (target == "entity" and row[i] in shared):
                    out[i] = row[i] + replica * top[target]
            if replica:
                _rename(
                    base, table, out, replica, shift.get(article, 0) if article is not None else 0, day_cols
                )
            yield tuple(out)


def _entity_of(base: Base, table: str, row: tuple[Any, ...]) -> int:
    return row[base.columns[table].index("id" if table == "entity" else "entity_id")]


def _day_shifts(base: Base, replica: int, seed: int) -> dict[int, int]:
    """Days each article of a replica moves: to a random day of the same two years."""
    if not replica:
        return {}
    rng = random.Random(seed * 100_003 + replica)
    i = base.columns["article"].index("published")
    out = {}
    for row in base.rows["article"]:
        new = FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS))
        out[row[0]] = (new - dt.date.fromisoformat(row[i])).days
    return out


def _rename(base: Base, table: str, out: list[Any], replica: int, shift: int, day_cols: list[int]) -> None:
    """A replica's own content hash, names and keys, and its days moved, in place."""
    cols = base.columns[table]
    for i in day_cols:
        if out[i] is not None:
            out[i] = (dt.date.fromisoformat(out[i]) + dt.timedelta(days=shift)).isoformat()
    if table == "article":
        i = cols.index("content_hash")
        out[i] = hashlib.sha256(f"{out[i]}:{replica}".encode()).hexdigest()
    elif table == "entity":
        for name in ("key", "name", "surname_key"):
            i = cols.index(name)
            if out[i] is not None:
                out[i] = f"{out[i]} r{replica}"
    elif table == "entity_name":
        for name in ("folded", "match_key"):
            i = cols.index(name)
            if out[i] is not None:
                out[i] = f"{out[i]} r{replica}"
    elif table == "figure":
        i = cols.index("incident")
        category, _, rest = (out[i] or "").partition("|")
        place, _, day = rest.rpartition("|")
        if out[i] and _is_day(day):
            out[i] = (
                f"{category}|{place}|{(dt.date.fromisoformat(day) + dt.timedelta(days=shift)).isoformat()}"
            )


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
