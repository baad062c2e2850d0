"""answer_factors.word: the word that placed a written answer under a factor

Revision ID: 0014
Revises: 0013

A summary shows it beside each quote ("Grupperet efter ordet: handleplanen"), so a facilitator
can see why an answer was grouped where it is. Rows stored before this revision have no word
(NULL) until the answer is tagged again; a summary then finds the word in the text itself.
Adding and dropping a nullable column needs no table rebuild, so the triggers of 0010 on
answer_factors stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("answer_factors", sa.Column("word", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) and PostgreSQL both drop a column in place; Alembic's op.drop_column would
    # rebuild the table on SQLite and lose the tally triggers.
    op.execute("ALTER TABLE answer_factors DROP COLUMN word")
