"""statements: the same quote across articles is one statement (issue #25)

Adds `statement`, its lookup keys `statement_key`, and `quote.statement_id`; then groups
the quotes already stored, article by article in the order they were stored, exactly as
ingest would have (app/statements/grouping.py, over the tables as they are here).

The column is added and dropped in place on both databases (ALTER TABLE): a rebuilt
SQLite table would lose its full-text and data-version triggers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.statements.grouping import Tables, group_article

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "speaker_id",
            sa.Integer(),
            sa.ForeignKey("entity.id", name="fk_statement_speaker_id_entity", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statement"),
    )
    op.create_index("ix_statement_speaker_id", "statement", ["speaker_id"])
    op.create_index("ix_statement_first_day_id", "statement", ["first_day", "id"])
    op.create_index("ix_statement_articles_id", "statement", ["articles", "id"])
    op.create_table(
        "statement_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer(),
            sa.ForeignKey("statement.id", name="fk_statement_key_statement_id_statement", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "speaker_id",
            sa.Integer(),
            sa.ForeignKey("entity.id", name="fk_statement_key_speaker_id_entity", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statement_key"),
    )
    op.create_index("ix_statement_key_statement_id", "statement_key", ["statement_id"])
    op.create_index("ix_statement_key_lookup", "statement_key", ["speaker_id", "key"])
    # no foreign key: SQLite adds one only by rebuilding the table (models.Quote says why none is needed)
    op.add_column("quote", sa.Column("statement_id", sa.Integer(), nullable=True))
    op.create_index("ix_quote_statement_id", "quote", ["statement_id"])
    _group_stored_quotes()


def _group_stored_quotes() -> None:
    """Group the quotes of every stored article, in the order the articles were stored."""
    conn = op.get_bind()
    meta = sa.MetaData()
    tables = Tables(
        sa.Table("quote", meta, autoload_with=conn),
        sa.Table("statement", meta, autoload_with=conn),
        sa.Table("statement_key", meta, autoload_with=conn),
    )
    articles = conn.execute(sa.text("SELECT DISTINCT article_id FROM quote ORDER BY article_id")).scalars()
    for article_id in list(articles):
        group_article(conn, article_id, tables)


def downgrade() -> None:
    op.drop_index("ix_quote_statement_id", table_name="quote")
    op.execute("ALTER TABLE quote DROP COLUMN statement_id")  # in place on SQLite too (3.35+)
    op.drop_table("statement_key")
    op.drop_table("statement")
