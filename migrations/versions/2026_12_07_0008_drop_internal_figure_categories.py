"""figures stored with a category outside the API's set are dropped

Before the extractor typed a figure's category, a negated or hypothetical count read
through a person noun ("the suspect's deceased body was not found") was stored with the
internal category "skip": /v1/figures returned a value outside its enum and the article's
facts document answered 500. Such a count is no figure at all, so its row goes; a
`factsapi reextract --all` gives the same result from the text.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the Category values when this was written; a migration does not import the app's enums
CATEGORIES = ("killed", "injured", "missing", "captured", "displaced", "evacuated", "population", "other")


def upgrade() -> None:
    figure = sa.table("figure", sa.column("category", sa.String))
    op.execute(figure.delete().where(figure.c.category.not_in(CATEGORIES)))


def downgrade() -> None:
    pass  # the rows were never facts; nothing to put back
