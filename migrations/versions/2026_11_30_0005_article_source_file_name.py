"""article source: the file name the CLI read, not the server's path to it

`factsapi ingest` stored `article.source` as the path it read (`/srv/feeds/2022/a.txt`),
which every article response then showed to API clients. New ingests store the file
name alone; this revision cuts the stored paths down the same way. Sources that are not
file paths (a URL, an agency name a client sent) are left as they are. The old paths are
gone for good, so the downgrade changes nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 03:40:00
"""

from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def file_name(source: str) -> str:
    """The last part of a file path; a URL or a plain name unchanged."""
    if "://" in source or not ("/" in source or "\\" in source):
        return source
    name = PureWindowsPath(source).name if "\\" in source else PurePosixPath(source).name
    return name or source


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, source FROM article WHERE source IS NOT NULL")).all()
    for ident, source in rows:
        if (name := file_name(source)) != source:
            bind.execute(sa.text("UPDATE article SET source = :s WHERE id = :i"), {"s": name, "i": ident})


def downgrade() -> None:
    pass
