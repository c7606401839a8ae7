"""full-text search on PostgreSQL without stop words or stemming, as on SQLite

The GIN indexes of 0002 used to_tsvector('english', ...), which drops stop words: on
PostgreSQL `q=now` (or "after", "more", "against") found nothing while SQLite's FTS5
found every quote holding the word, and "running" matched "runs" on one backend only.
The 'simple' configuration lowercases and splits, as FTS5's unicode61 does; the query
(`text_matches`) uses the same configuration, so it still reads these indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("quote", "claim")


def _index(config: str) -> None:
    for table in TABLES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_text_fts")
        op.execute(f"CREATE INDEX ix_{table}_text_fts ON {table} USING gin (to_tsvector('{config}', text))")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("simple")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _index("english")
