"""figures are looked up by their source: an index on figure.source_id

Lists of people and organizations count, for each row of a page, the figures it is the
source of (`/v1/people`, issue #23 point 4), and `/v1/figures?person=` keeps the figures
of a source. Quotes (speaker_id) and claims (source_id) had an index for that; figures
had none, so each of those read every figure.

Written on 0009 beside 0010, 0012 and 0013 (issues #23-#25 in parallel); merged into one
chain of revisions, 0009 → 0010 → 0011 → 0012 → 0013, so there is a single head.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 01:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain CREATE INDEX: no table rebuild on SQLite (see 0004)
    op.create_index("ix_figure_source_id", "figure", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_figure_source_id", table_name="figure")
