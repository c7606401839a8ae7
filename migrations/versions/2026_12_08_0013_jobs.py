"""jobs: articles sent to be stored by workers, and what became of each (#24)

`job` is one request (a POST with `Prefer: respond-async`, a batch, an `ingest --queue`);
`job_article` one article of it, waiting with its body until a worker stores it, then
holding the article's id or the problem. A broker message names a `job_article` id only.

Both tables bump `data_version` like the tables of 0009, so a GET of a job carries an
ETag that moves when the job does: polling it is a 304 that reads one row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("job", "job_article")
BUMP = "UPDATE data_version SET version = version + 1, changed_at = {now} WHERE id = 1"
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_job_created_at", "job", ["created_at"])
    op.create_table(
        "job_article",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("job.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index("ix_job_article_job_id", "job_article", ["job_id"])
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} "
                    f"BEGIN {BUMP.format(now=SQLITE_NOW)}; END"
                )
        return
    for table in TABLES:  # bump_data_version() is 0009's
        op.execute(
            f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade() -> None:
    # dropping a table drops its triggers on both databases
    op.drop_index("ix_job_article_job_id", table_name="job_article")
    op.drop_table("job_article")
    op.drop_index("ix_job_created_at", table_name="job")
    op.drop_table("job")
