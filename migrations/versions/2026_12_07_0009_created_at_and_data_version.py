"""articles carry created_at (indexed, for `?since=`), and the database counts its changes

`ingested_at` is renamed `created_at`, the name the API gives it: the moment the article
was stored, which a client syncing with `/v1/articles?since=` compares with its last sync.

`data_version` holds one row: a counter every write to the tables the API reads bumps, in
the writer's own transaction, by trigger, whoever writes (a server, a worker, the CLI). The
ETag of a GET is that counter and the request, so a revalidation reads one row by its key
instead of running the list again to hash its body. On PostgreSQL the triggers fire once a
statement; SQLite has only row triggers, which add an update of one row per row written.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# every table whose rows a GET can show
TABLES = ("article", "segment", "entity", "entity_name", "mention", "quote", "claim", "figure", "date_mention")
BUMP = "UPDATE data_version SET version = version + 1, changed_at = {now} WHERE id = 1"
# UTC to the microsecond, as SQLAlchemy writes and reads a SQLite datetime
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def upgrade() -> None:
    # RENAME COLUMN on both databases: no table rebuild on SQLite, whose triggers would go with it
    op.execute("ALTER TABLE article RENAME COLUMN ingested_at TO created_at")
    op.create_index("ix_article_created_at", "article", ["created_at"])
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    now = SQLITE_NOW if op.get_bind().dialect.name == "sqlite" else "now()"
    op.execute(f"INSERT INTO data_version (id, version, changed_at) VALUES (1, 1, {now})")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} "
                    f"BEGIN {BUMP.format(now=SQLITE_NOW)}; END"
                )
        return
    op.execute(
        "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {BUMP.format(now='now()')}; RETURN NULL; END $$"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{event}_version")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_version ON {table}")
        op.execute("DROP FUNCTION bump_data_version()")
    op.drop_table("data_version")
    op.drop_index("ix_article_created_at", table_name="article")
    op.execute("ALTER TABLE article RENAME COLUMN created_at TO ingested_at")
