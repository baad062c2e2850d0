"""outbox: first_due_at, when a row was first due (due_at moves with each retry)

Revision ID: 0012
Revises: 0011

The delivery delay an operator alerts on counts from the first time a row was due, not from
its latest retry. Existing rows get their due_at: for a row not retried yet that is exact; for
one retried before this migration the first due time was not kept, and due_at is the closest
value there is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_due_at", storage.types.UTCDateTime(), nullable=True))
    op.execute("UPDATE outbox SET first_due_at = due_at WHERE first_due_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("first_due_at")
