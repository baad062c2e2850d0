"""performance: stored factor tags, the planner's work list, a partial outbox index

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-25 10:00:00

- answer_factors holds the success factors of each written answer, so `opsummering alle`
  counts people per factor in SQL; answers.tagged marks the answers already tagged (existing
  answers are tagged lazily, by storage.repositories.factor_tags.catch_up).
- participants.followups_planned: the planner reads only participants not yet settled.
- ix_outbox_unfinished replaces ix_outbox_pending: sent, dead and cancelled rows leave it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

UNFINISHED = "sent_at IS NULL AND dead_at IS NULL AND cancelled_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tagged", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "ix_answers_untagged",
        "answers",
        ["id"],
        unique=False,
        sqlite_where=sa.text("NOT tagged"),
        postgresql_where=sa.text("NOT tagged"),
    )
    op.create_table(
        "answer_factors",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("factor_id", sa.String(length=32), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id", "question_id"],
            ["answers.participant_id", "answers.question_id"],
            name=op.f("fk_answer_factors_participant_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "question_id", "factor_id", name=op.f("pk_answer_factors")
        ),
    )
    op.create_index(
        "ix_answer_factors_count",
        "answer_factors",
        ["workshop_id", "question_id", "factor_id", "participant_id"],
        unique=False,
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("followups_planned", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index(
        "ix_participants_unplanned",
        "participants",
        ["id"],
        unique=False,
        sqlite_where=sa.text("NOT followups_planned"),
        postgresql_where=sa.text("NOT followups_planned"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")
    op.create_index(
        "ix_outbox_unfinished",
        "outbox",
        ["due_at", "id"],
        unique=False,
        sqlite_where=sa.text(UNFINISHED),
        postgresql_where=sa.text(UNFINISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_unfinished", table_name="outbox")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["sent_at", "dead_at", "due_at"], unique=False)
    op.drop_index("ix_participants_unplanned", table_name="participants")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("followups_planned")
    op.drop_index("ix_answer_factors_count", table_name="answer_factors")
    op.drop_table("answer_factors")
    op.drop_index("ix_answers_untagged", table_name="answers")
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("tagged")
