"""Full-text search over quote and claim text, one interface over FTS5 and tsvector."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import bindparam, column, func, select, table, text

from . import models

WORD = re.compile(r"\w+", re.UNICODE)


def fts_terms(q: str) -> list[str]:
    """The words of a query; operators and punctuation are not passed through (no injection)."""
    return WORD.findall(q)[:32]


def search_param(q: str, dialect: str) -> str | None:
    """The value `text_matches` binds as `q`: every word quoted for FTS5, plain words for
    PostgreSQL; None when q has no words."""
    terms = fts_terms(q)
    if not terms:
        return None
    if dialect == "sqlite":
        return " ".join(f'"{t}"' for t in terms)
    return " ".join(terms)


def text_matches(model: type[models.Quote] | type[models.Claim], dialect: str) -> Any:
    """A WHERE clause: the fact's text contains every word of `:q` (stemmed on PostgreSQL)."""
    t = model.__table__  # type: ignore[union-attr]
    if dialect == "sqlite":
        name = f"{model.__tablename__}_fts"
        fts = table(name, column("rowid"))
        return t.c.id.in_(select(fts.c.rowid).where(text(f"{name} MATCH :q")))
    query = func.plainto_tsquery("english", bindparam("q"))
    return func.to_tsvector("english", t.c.text).op("@@")(query)
