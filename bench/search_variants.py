"""What a word's alternatives cost a search (issue #23 point 5): the old query against the new.

    python -m bench.search_variants [--rows 100000] [--pg postgresql://postgres@127.0.0.1:5432/DB]

The sentences of the wikinews 2019-2020 corpus, repeated to `--rows` rows, are indexed as
claims are: in FTS5 with migration 0002's tokenizer, and (with `--pg`) in a PostgreSQL
table with migration 0007's GIN index and 0012's. Each query runs as before issue #23
(every word a prefix) and as now (each word OR its splits, joins and stored spellings),
15 times interleaved; reported: the median milliseconds of a count of the matches, and
how many each finds.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from app.queries.search import INDEXED, WORD, Search, search_param

CORPUS = Path("/work/shared/corpora/wikinews-2019-2020")
QUERIES = ("ceasefire", "president said", "fire", "nucl insp", "police arrested two", "e-mail", "kiev")
REPEATS = 15


def before(q: str, dialect: str) -> str:
    """The query `search_param` wrote before the alternatives: each word a prefix."""
    terms = WORD.findall(q)[:32]
    if dialect == "sqlite":
        return " ".join(f'"{t}"*' for t in terms)
    return " & ".join(f"{t}:*" for t in terms)


def sentences(rows: int) -> list[tuple[int, str]]:
    found: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", path.read_text()) if len(s) > 40]
    return [(i, found[i % len(found)]) for i in range(rows)]


def median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", help="a PostgreSQL database to make (and drop) a table in")
    args = parser.parse_args()
    rows = sentences(args.rows)
    lite = sqlite3.connect(":memory:")
    lite.execute("CREATE VIRTUAL TABLE claim_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    lite.executemany("INSERT INTO claim_fts(rowid, text) VALUES (?, ?)", rows)
    count = "SELECT count(*) FROM claim_fts WHERE claim_fts MATCH ?"
    pg = None
    if args.pg:
        import psycopg

        pg = psycopg.connect(args.pg, autocommit=True)
        pg.execute("DROP TABLE IF EXISTS bench_claim")
        pg.execute("CREATE TABLE bench_claim (id int PRIMARY KEY, text text)")
        with pg.cursor().copy("COPY bench_claim (id, text) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        pg.execute("CREATE INDEX bench_0007 ON bench_claim USING gin (to_tsvector('simple', text))")
        pg.execute(f"CREATE INDEX bench_0012 ON bench_claim USING gin ({INDEXED.format(column='text')})")
        pg.execute("ANALYZE bench_claim")
    print(f"{args.rows} rows; median ms of {REPEATS}")
    print(f"{'q':22} {'sqlite before':>13} {'now':>6} {'pg before':>10} {'now':>6}  found before/now")
    for q in QUERIES:
        old, new = before(q, "sqlite"), search_param(Search(q), "sqlite")
        found = [lite.execute(count, (v,)).fetchone()[0] for v in (old, new)]
        times = [median_ms(lambda v=v: lite.execute(count, (v,)).fetchone()) for v in (old, new)]  # type: ignore[misc]
        if pg is not None:
            for expression, value in (
                ("to_tsvector('simple', text)", before(q, "pg")),
                (INDEXED.format(column="text"), search_param(Search(q), "postgresql")),
            ):
                sql = f"SELECT count(*) FROM bench_claim WHERE {expression} @@ to_tsquery('simple', %s)"
                times.append(median_ms(lambda sql=sql, value=value: pg.execute(sql, (value,)).fetchone()))  # type: ignore[misc,union-attr]
        cells = " ".join(f"{t:>{w}.1f}" for t, w in zip(times, (13, 6, 10, 6), strict=False))
        print(f"{q:22} {cells}  {found[0]}/{found[1]}")
    if pg is not None:
        pg.execute("DROP TABLE bench_claim")


if __name__ == "__main__":
    main()
