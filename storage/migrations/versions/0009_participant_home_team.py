"""participants: home_team_id, the workspace a Slack Connect participant comes from

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-26 10:00:00

Branched on the slackconnect branch; the merge re-chains it after the newest revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_team_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_participants_home_team_id", ["home_team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index("ix_participants_home_team_id")
        batch_op.drop_column("home_team_id")
