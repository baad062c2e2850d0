"""outbox: posting_since, when chat.postMessage was called and its answer not yet recorded

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-25 10:00:00

Branched on the oauth branch; the merge re-chains it after 0005.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posting_since", storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("posting_since")
