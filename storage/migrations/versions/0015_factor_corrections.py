"""factor_corrections: a facilitator's moves of a written answer between success factors

Revision ID: 0015
Revises: 0014

A facilitator who finds a quote under the wrong success factor moves it: out of one factor
(`placed` false) and into another (`placed` true), or only out ("Ikke grupperet"). One row per
answer and factor the facilitator decided on, with who decided and when (accountability). The
rows are kept apart from answer_factors, which tagging replaces whenever an answer is tagged
again (catch-up, a new lexicon): a correction outlives every new tagging, and deleting the
answer (an erasure, the retention purge) deletes its corrections with it.

Triggers delete the workshop's kept `alle` tally (migration 0010) whenever a correction is
made, changed or deleted, under the same advisory lock on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | None = None
depends_on: str | None = None

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER barrier_tallies_on_correction_insert AFTER INSERT ON factor_corrections "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = NEW.workshop_id; END",
    "CREATE TRIGGER barrier_tallies_on_correction_update AFTER UPDATE ON factor_corrections "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = NEW.workshop_id; END",
    "CREATE TRIGGER barrier_tallies_on_correction_delete AFTER DELETE ON factor_corrections "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = OLD.workshop_id; END",
]
# barrier_tallies_forget() (migration 0010) reads NEW.workshop_id, or OLD's on a delete.
_POSTGRES_TRIGGERS = [
    "CREATE TRIGGER barrier_tallies_on_correction "
    "AFTER INSERT OR UPDATE OR DELETE ON factor_corrections "
    "FOR EACH ROW EXECUTE FUNCTION barrier_tallies_forget()",
]


def upgrade() -> None:
    op.create_table(
        "factor_corrections",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("factor_id", sa.String(length=32), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("placed", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("corrected_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id", "question_id"],
            ["answers.participant_id", "answers.question_id"],
            name=op.f("fk_factor_corrections_participant_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "question_id", "factor_id", name=op.f("pk_factor_corrections")
        ),
    )
    op.create_index(
        op.f("ix_factor_corrections_workshop_id"),
        "factor_corrections",
        ["workshop_id"],
        unique=False,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    # Dropping the table drops its triggers on both databases.
    op.drop_index(op.f("ix_factor_corrections_workshop_id"), table_name="factor_corrections")
    op.drop_table("factor_corrections")
