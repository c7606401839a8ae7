"""Full-text search over quote and claim text, one interface over FTS5 and tsvector."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import column, func, select, table, text
from sqlalchemy.sql.elements import BindParameter

from .. import models
from ..errors import BadRequest
from ..extract.text.folding import fold

# Documented in the OpenAPI schema, checked in code (`searchable`): a pattern FastAPI
# enforced would turn these 400s into 422s. A search holds a letter or digit.
SEARCHABLE = r"[^\W_]"
# Letters and digits only: both tokenizers split at '_' too, and no tsquery operator
# (& | ! : * < >) or FTS5 syntax can survive into the query.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
PG_CONFIG = "simple"


def fts_terms(q: str) -> list[str]:
    """The words of a query; operators and punctuation are not passed through (no injection)."""
    return WORD.findall(q)[:32]


def searchable(q: str | None, words: str | None = None) -> str | None:
    """q as given; 400 when it holds no letter or digit, which would match everything or nothing."""
    if q is not None and not any(ch.isalnum() for ch in (q if words is None else words)):
        raise BadRequest(f"q={q!r} has no letters or digits to search for; leave q out to list everything")
    return q


def search_param(q: str, dialect: str) -> str | None:
    """The value `text_matches` binds as `q`: every word as a prefix (search as you type:
    `nucl` finds "nuclear"), `"nucl"*` for FTS5, `nucl:*` for PostgreSQL; None when q has no words."""
    terms = fts_terms(q)
    if not terms:
        return None
    if dialect == "sqlite":
        return " ".join(f'"{t}"*' for t in terms)
    return " & ".join(f"{t}:*" for t in terms)


def highlight(text: str, q: str) -> list[list[int]]:
    """[start, end) offsets in `text` of the words that begin with a word of q, compared
    without case or accents (as FTS5 compares); what a client wraps in <mark>."""
    terms = [fold(t) for t in fts_terms(q)]
    return [
        [m.start(), m.end()]
        for m in WORD.finditer(text)
        if any(fold(m.group()).startswith(t) for t in terms if t)
    ]


def text_matches(model: type[models.Quote] | type[models.Claim], q: BindParameter[Any], dialect: str) -> Any:
    """A WHERE clause: the fact's text has a word starting with each word of q."""
    t = model.__table__  # type: ignore[union-attr]
    if dialect == "sqlite":
        name = f"{model.__tablename__}_fts"
        fts = table(name, column("rowid"))
        return t.c.id.in_(select(fts.c.rowid).where(text(f"{name} MATCH :{q.key}").bindparams(q)))
    # 'simple': no stop words and no stemming, as FTS5 (migration 0007 indexes the same)
    query = func.to_tsquery(PG_CONFIG, q)
    return func.to_tsvector(PG_CONFIG, t.c.text).op("@@")(query)
