"""a day's facts in id order from one index: (day, id) replaces (day) on quote, claim, figure

A page of a day's facts takes each kind's first `limit` ids of that day. SQLite keeps
an index's equal keys in rowid order, and the rowid is the id, so its (day) index
already gave them in order. PostgreSQL keeps equal keys in heap order, so it sorted a
whole day or, at 1,000,000 facts, read claims in id order and filtered by day: 37,953
rows for 51, 11 of the page's 15 ms. With (day, id) each kind's page is the first 51
entries of one index range, on both databases; a day's count reads the same index.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ("quote", "claim", "figure")


def upgrade() -> None:
    # plain CREATE / DROP INDEX: no table rebuild on SQLite (see 0004)
    for table in FACTS:
        op.create_index(f"ix_{table}_day_id", table, ["day", "id"])
        op.drop_index(f"ix_{table}_day", table_name=table)


def downgrade() -> None:
    for table in FACTS:
        op.create_index(f"ix_{table}_day", table, ["day"])
        op.drop_index(f"ix_{table}_day_id", table_name=table)
