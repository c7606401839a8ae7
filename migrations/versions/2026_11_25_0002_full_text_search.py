"""full-text search over quote and claim text

SQLite: an FTS5 table kept in step by triggers, so ingest code knows nothing of it.
PostgreSQL: GIN indexes on to_tsvector('english', text), which the same query uses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("quote", "claim")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5(text, content='{table}', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            op.execute(f"INSERT INTO {table}_fts(rowid, text) SELECT id, text FROM {table}")
            op.execute(
                f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {table}_fts(rowid, text) VALUES (new.id, new.text); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {table}_fts({table}_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF text ON {table} BEGIN "
                f"INSERT INTO {table}_fts({table}_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                f"INSERT INTO {table}_fts(rowid, text) VALUES (new.id, new.text); END"
            )
    else:
        for table in TABLES:
            op.execute(f"CREATE INDEX ix_{table}_text_fts ON {table} USING gin (to_tsvector('english', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{event}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    else:
        for table in TABLES:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_text_fts")
