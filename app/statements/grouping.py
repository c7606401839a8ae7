"""Quotes into statements as they are stored, and statements kept whole as articles go.

A new quote is compared only with the statements its keys find (words.py): its speaker's
statements sharing a run of three words, or any statement with its exact words when it
has no speaker. The lookup is an index range, so grouping an article costs the same in a
database of 100 articles as of 10,000 (bench/statements.py measures it).

Everything here takes a Connection and the Core tables, not the ORM: migration 0010
groups the quotes stored before it through the same functions with the tables as they
are at that revision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from .. import models
from .words import exact_key, same_statement, shingle_keys, words

# Statements of one speaker sharing a run with the quote, most runs shared first: a quote
# matches one of the first few or none (a speaker rarely has more statements this close).
CANDIDATES = 8
# Statements of one speaker indexed under one run of words, at most: lookups stay bounded
# however many statements the speaker has (see _worn)
MAX_POSTINGS = 20


@dataclass(frozen=True)
class Tables:
    """The Core tables grouping reads and writes (the columns it needs exist since 0010)."""

    quote: Any
    statement: Any
    key: Any


def model_tables() -> Tables:
    """The tables as the models describe them."""
    return Tables(
        models.Quote.__table__,  # type: ignore[attr-defined]
        models.Statement.__table__,  # type: ignore[attr-defined]
        models.StatementKey.__table__,  # type: ignore[attr-defined]
    )


def group_article(conn: Connection, article_id: int, tables: Tables | None = None) -> set[int]:
    """Give each quote of an article its statement, joining one found by its keys or
    starting one; return the statements touched.

    A statement joined is updated from the quote alone (its count, days, longest text),
    never recounted: joining one that 1,000 articles reported costs what joining a new one
    does. Only deletion recounts (`refresh`).
    """
    t = tables or model_tables()
    q, s = t.quote, t.statement
    rows = conn.execute(
        select(q.c.id, q.c.text, q.c.speaker_id, q.c.day).where(q.c.article_id == article_id).order_by(q.c.id)
    ).all()
    touched: set[int] = set()
    for quote_id, text, speaker, day in rows:
        said = words(text)
        if not said:
            continue  # nothing but marks: no words to be a statement
        found = _find(conn, t, said, speaker)
        if found is None:
            found = conn.execute(
                insert(s)
                .values(speaker_id=speaker, text=text, first_day=day, last_day=day, articles=1, quotes=1)
                .returning(s.c.id)
            ).scalar_one()
        else:
            _joined(conn, t, found, text, day, new_article=found not in touched)
            if speaker is not None:
                _adopt(conn, t, found, speaker)
        _add_keys(conn, t, found, said, speaker)
        conn.execute(update(q).where(q.c.id == quote_id).values(statement_id=found))
        touched.add(found)
    return touched


def _joined(
    conn: Connection, t: Tables, statement_id: int, text: str, day: Any, *, new_article: bool
) -> None:
    """Count one more quote into a statement: its day, its words if longer, its article if new."""
    s = t.statement
    conn.execute(
        update(s)
        .where(s.c.id == statement_id)
        .values(
            quotes=s.c.quotes + 1,
            articles=s.c.articles + (1 if new_article else 0),
            first_day=case((s.c.first_day > day, day), else_=s.c.first_day),
            last_day=case((s.c.last_day < day, day), else_=s.c.last_day),
            text=case((func.length(s.c.text) < len(text), text), else_=s.c.text),
        )
    )


def _find(conn: Connection, t: Tables, said: tuple[str, ...], speaker: int | None) -> int | None:
    """The statement this quote reports, among those its keys find; None for a new one."""
    k, s = t.key, t.statement
    if speaker is not None:
        shared = func.count().label("shared")
        candidates = conn.execute(
            select(k.c.statement_id, shared)
            .where(k.c.speaker_id == speaker, k.c.key.in_(sorted(shingle_keys(said))))
            .group_by(k.c.statement_id)
            .order_by(shared.desc(), k.c.statement_id)
            .limit(CANDIDATES)
        ).all()
        ids = [sid for sid, _shared in candidates]
        texts: dict[int, str] = (
            dict(conn.execute(select(s.c.id, s.c.text).where(s.c.id.in_(ids))).all()) if ids else {}
        )
        for sid in ids:
            if same_statement(said, words(texts[sid]), speaker=True):
                return sid
    # no statement of the speaker's: the same words said by anyone. A statement holds the
    # exact key of each of its quotes' words, so the key alone says the words are the same
    # (a 60-bit hash: a false match is one in 10^18), never reading the statement's quotes
    exact = conn.execute(
        select(k.c.statement_id, s.c.speaker_id)
        .join(s, s.c.id == k.c.statement_id)
        .where(k.c.speaker_id.is_(None), k.c.key == exact_key(said))
        .order_by(k.c.statement_id)
        .limit(CANDIDATES)
    ).all()
    for sid, spoken_by in exact:
        if speaker is not None and spoken_by not in (None, speaker):
            continue  # another speaker's: the same words, said by someone else
        if same_statement(said, said, speaker=speaker is not None and spoken_by == speaker):
            return int(sid)
    return None


def _adopt(conn: Connection, t: Tables, statement_id: int, speaker: int) -> None:
    """A statement first quoted with no speaker takes the speaker a later report names."""
    s = t.statement
    conn.execute(update(s).where(s.c.id == statement_id, s.c.speaker_id.is_(None)).values(speaker_id=speaker))


def _add_keys(
    conn: Connection, t: Tables, statement_id: int, said: tuple[str, ...], speaker: int | None
) -> None:
    """Index a statement under the keys of one more of its quotes (those it lacks)."""
    k = t.key
    wanted: set[tuple[int | None, str]] = {(None, exact_key(said))}
    if speaker is not None:
        wanted |= {(speaker, key) for key in shingle_keys(said)}
    have = conn.execute(
        select(k.c.speaker_id, k.c.key).where(
            k.c.statement_id == statement_id, k.c.key.in_(sorted({key for _s, key in wanted}))
        )
    ).all()
    missing = wanted - {(sp, key) for sp, key in have}
    if speaker is not None:
        missing -= {(speaker, key) for key in _worn(conn, t, speaker, {key for sp, key in missing if sp})}
    if missing:
        conn.execute(
            insert(k),
            [
                {"statement_id": statement_id, "speaker_id": sp, "key": key}
                for sp, key in sorted(missing, key=str)
            ],
        )


def _worn(conn: Connection, t: Tables, speaker: int, keys: set[str]) -> set[str]:
    """The runs of words that MAX_POSTINGS of the speaker's statements share already.

    Such a run is a phrase of the speaker's ("the people of Ukraine"), not the mark of one
    statement: indexing it further would make every lookup through it read more rows as
    the speaker's statements grow. A statement is still found by its other runs.
    """
    if not keys:
        return set()
    k = t.key
    counts = conn.execute(
        select(k.c.key, func.count())
        .where(k.c.speaker_id == speaker, k.c.key.in_(sorted(keys)))
        .group_by(k.c.key)
        .having(func.count() >= MAX_POSTINGS)
    ).all()
    return {key for key, _n in counts}


def refresh(conn: Connection, statement_ids: Iterable[int], tables: Tables | None = None) -> None:
    """Recount these statements from their quotes: longest text, first and last day, reach;
    a statement left with no quote is deleted."""
    t = tables or model_tables()
    ids = sorted(set(statement_ids))
    if not ids:
        return
    q, s = t.quote, t.statement
    totals = conn.execute(
        select(
            q.c.statement_id,
            func.min(q.c.day),
            func.max(q.c.day),
            func.count(func.distinct(q.c.article_id)),
            func.count(),
        )
        .where(q.c.statement_id.in_(ids))
        .group_by(q.c.statement_id)
    ).all()
    longest: dict[int, str] = {}
    for sid, text in conn.execute(
        select(q.c.statement_id, q.c.text)
        .where(q.c.statement_id.in_(ids))
        .order_by(q.c.statement_id, func.length(q.c.text).desc(), q.c.id)
    ):
        longest.setdefault(sid, text)
    for sid, first, last, articles, quotes in totals:
        conn.execute(
            update(s)
            .where(s.c.id == sid)
            .values(text=longest[sid], first_day=first, last_day=last, articles=articles, quotes=quotes)
        )
    gone = set(ids) - {row[0] for row in totals}
    if gone:
        conn.execute(delete(t.key).where(t.key.c.statement_id.in_(gone)))
        conn.execute(delete(s).where(s.c.id.in_(gone)))


def statements_of(conn: Connection, article_id: int) -> set[int]:
    """The statements an article's quotes report: what to refresh once they are deleted."""
    q = model_tables().quote
    found = conn.execute(
        select(q.c.statement_id).where(q.c.article_id == article_id, q.c.statement_id.is_not(None)).distinct()
    ).scalars()
    return set(found)


def repoint_speaker(conn: Connection, old: int, new: int) -> None:
    """Entity `old` merged into `new`: its statements and their keys are `new`'s."""
    t = model_tables()
    conn.execute(update(t.statement).where(t.statement.c.speaker_id == old).values(speaker_id=new))
    conn.execute(update(t.key).where(t.key.c.speaker_id == old).values(speaker_id=new))
