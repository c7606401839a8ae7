"""indexes that find the facts whose sentence names a place

`?place=` keeps a quote or claim whose sentence names the place, and a figure without
a place of its own whose sentence does. At 10,000 articles that lookup read a mention
row and then every fact row of its article, for each of a place's 8,000 mentions:
25 ms a request. These indexes answer it from index pages alone. The wider ones
replace the narrower ones they start with (mention.entity_id, quote.article_id,
claim.article_id), so lookups by entity or article use them as before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SENTENCE = ["article_id", "sentence_start", "sentence_end"]
UNPLACED = sa.text("place_id IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.drop_index("ix_mention_entity_id")
        batch.create_index("ix_mention_entity_span", ["entity_id", "article_id", "start", "end"])
    for table in ("quote", "claim"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_article_id")
            batch.create_index(f"ix_{table}_article_sentence", SENTENCE)
    with op.batch_alter_table("figure") as batch:
        batch.create_index(
            "ix_figure_article_sentence", SENTENCE, sqlite_where=UNPLACED, postgresql_where=UNPLACED
        )


def downgrade() -> None:
    with op.batch_alter_table("figure") as batch:
        batch.drop_index("ix_figure_article_sentence")
    for table in ("claim", "quote"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_article_sentence")
            batch.create_index(f"ix_{table}_article_id", ["article_id"])
    with op.batch_alter_table("mention") as batch:
        batch.drop_index("ix_mention_entity_span")
        batch.create_index("ix_mention_entity_id", ["entity_id"])
