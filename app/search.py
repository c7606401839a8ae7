"""Full-text search over quote and claim text, one interface over FTS5 and tsvector."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import column, func, select, table, text

from . import models

WORD = re.compile(r"\w+", re.UNICODE)


def fts_terms(q: str) -> list[str]:
    """The words of a query; operators and punctuation are not passed through (no injection)."""
    return WORD.findall(q)[:32]


def text_matches(model: type[models.Quote] | type[models.Claim], q: str, dialect: str) -> Any:
    """A WHERE clause: the fact's text contains every word of q (stemmed on PostgreSQL)."""
    terms = fts_terms(q)
    if not terms:
        return text("1 = 1")
    if dialect == "sqlite":
        fts = table(f"{model.__tablename__}_fts", column("rowid"))
        match = " ".join(f'"{t}"' for t in terms)
        return model.id.in_(  # type: ignore[union-attr]
            select(fts.c.rowid).where(text(f"{model.__tablename__}_fts MATCH :fts_q").bindparams(fts_q=match))
        )
    query = func.plainto_tsquery("english", " ".join(terms))
    return func.to_tsvector("english", model.text).op("@@")(query)
