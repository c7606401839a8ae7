"""variant keys: every spelling of an entity finds it, and its display name is the one news uses

`entity_name.match_key` holds the variant key of each name (Zelenskyy, Zelensky and
Zelenskiy share one; so do Kiev and Kyiv, U.N. and United Nations), `entity.surname_key`
a person's surname key (a surname alone finds the one person who bears it), and
`entity.forms` how often stored articles write each form (the display name is the most
used). The upgrade fills all three from the stored names and mentions, so lookups by any
spelling work at once; entities stored apart under two spellings are merged by
`factsapi reextract --all`, which re-keys every article's entities.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.extract.text.folding import fold
from app.extract.people.names import display_name, match_key, person_key, surname_key

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER TABLE, not batch mode: a batch rebuild of `entity` on SQLite drops the
    # table, and with foreign keys on that deletes every mention (ON DELETE CASCADE)
    op.add_column("entity", sa.Column("forms", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column("entity", sa.Column("surname_key", sa.String(length=200), nullable=True))
    op.create_index("ix_entity_surname_key", "entity", ["surname_key"])
    op.add_column("entity_name", sa.Column("match_key", sa.String(length=200), nullable=True))
    op.create_index("ix_entity_name_match_key", "entity_name", ["match_key"])
    _fill(op.get_bind())


def _fill(conn: sa.Connection) -> None:
    """Keys, forms and display names for the entities already stored."""
    entity = sa.table(
        "entity",
        sa.column("id"),
        sa.column("kind"),
        sa.column("name"),
        sa.column("aliases", sa.JSON()),
        sa.column("forms", sa.JSON()),
        sa.column("surname_key"),
    )
    name = sa.table("entity_name", sa.column("entity_id"), sa.column("folded"), sa.column("match_key"))
    mention = sa.table("mention", sa.column("entity_id"), sa.column("article_id"), sa.column("text"))
    forms: dict[int, dict[str, int]] = {}
    # how many articles write each form (one article repeating a spelling is one vote)
    counted = sa.select(
        mention.c.entity_id, mention.c.text, sa.func.count(sa.distinct(mention.c.article_id))
    ).group_by(mention.c.entity_id, mention.c.text)
    for entity_id, text, n in conn.execute(counted):
        forms.setdefault(entity_id, {})[text] = n
    rows = conn.execute(sa.select(entity.c.id, entity.c.kind, entity.c.name, entity.c.aliases)).all()
    for entity_id, kind, shown, aliases in rows:
        seen = forms.get(entity_id, {})
        keys = {fold(f): match_key(kind, f) for f in (shown, *(aliases or []), *seen) if fold(f)}
        stored = set(conn.execute(sa.select(name.c.folded).where(name.c.entity_id == entity_id)).scalars())
        for folded, key in keys.items():
            if folded in stored:
                conn.execute(
                    name.update()
                    .where(name.c.entity_id == entity_id, name.c.folded == folded)
                    .values(match_key=key)
                )
            else:
                conn.execute(name.insert().values(entity_id=entity_id, folded=folded, match_key=key))
        key = person_key(shown) if kind == "person" else ""
        best = display_name(kind, seen, shown)
        conn.execute(
            entity.update()
            .where(entity.c.id == entity_id)
            .values(
                forms=seen,
                name=best,
                # the gazetteer's name stays an alias when articles write another form
                aliases=[a for a in dict.fromkeys([shown, *(aliases or [])]) if fold(a) != fold(best)],
                surname_key=surname_key(key) if " " in key else None,
            )
        )


def downgrade() -> None:
    # plain ALTER TABLE DROP COLUMN (SQLite 3.35+), for the reason given in upgrade()
    op.drop_index("ix_entity_name_match_key", "entity_name")
    op.drop_column("entity_name", "match_key")
    op.drop_index("ix_entity_surname_key", "entity")
    op.drop_column("entity", "surname_key")
    op.drop_column("entity", "forms")
