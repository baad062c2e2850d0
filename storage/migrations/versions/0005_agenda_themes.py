"""workshops.agenda_themes: the agenda themes the facilitator put in everyone's reflection

Revision ID: 0005
Revises: 0008
Create Date: 2026-11-24 12:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("workshops") as batch_op:
        batch_op.add_column(
            sa.Column("agenda_themes", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("workshops") as batch_op:
        batch_op.drop_column("agenda_themes")
