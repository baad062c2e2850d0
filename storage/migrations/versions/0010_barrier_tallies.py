"""barrier_tallies: closed workshops' barrier counts for `opsummering alle`, kept once counted

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 16:00:00

Triggers on answer_factors and participants delete a workshop's tallies whenever its stored
factors change or someone leaves it. On
PostgreSQL the trigger also takes a shared advisory lock, and a summary takes the exclusive one
before it counts and keeps closed workshops' tallies: an erasure committing between the count
and the insert cannot leave a tally that still counts the erased answers. (SQLite runs one
writer at a time, and the summary counts inside its write transaction.)

SQLite drops a table's triggers with the table: a later migration that rebuilds
answer_factors, participants or workshops (batch mode) must create these triggers again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

# The advisory lock's key ("tallies"); storage.repositories.barrier_tallies uses the same.
LOCK_KEY = 0x74616C6C696573

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER barrier_tallies_on_tag_insert AFTER INSERT ON answer_factors "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = NEW.workshop_id; END",
    "CREATE TRIGGER barrier_tallies_on_tag_delete AFTER DELETE ON answer_factors "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = OLD.workshop_id; END",
    "CREATE TRIGGER barrier_tallies_on_reopen AFTER UPDATE OF status ON workshops "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = NEW.id; END",
    "CREATE TRIGGER barrier_tallies_on_leave AFTER DELETE ON participants "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = OLD.workshop_id; END",
]
_POSTGRES_TRIGGERS = [
    f"""
    CREATE FUNCTION barrier_tallies_forget() RETURNS trigger AS $$
    DECLARE
        workshop integer;
    BEGIN
        IF TG_TABLE_NAME = 'workshops' THEN
            workshop := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
            workshop := OLD.workshop_id;
        ELSE
            workshop := NEW.workshop_id;
        END IF;
        PERFORM pg_advisory_xact_lock_shared({LOCK_KEY});
        DELETE FROM barrier_tallies WHERE workshop_id = workshop;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER barrier_tallies_on_tag AFTER INSERT OR DELETE ON answer_factors "
    "FOR EACH ROW EXECUTE FUNCTION barrier_tallies_forget()",
    "CREATE TRIGGER barrier_tallies_on_reopen AFTER UPDATE OF status ON workshops "
    "FOR EACH ROW EXECUTE FUNCTION barrier_tallies_forget()",
    "CREATE TRIGGER barrier_tallies_on_leave AFTER DELETE ON participants "
    "FOR EACH ROW EXECUTE FUNCTION barrier_tallies_forget()",
]


def upgrade() -> None:
    op.create_table(
        "barrier_tallies",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.String(length=400), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("joined", sa.Integer(), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("round_only", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_barrier_tallies_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workshop_id", name=op.f("pk_barrier_tallies")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER barrier_tallies_on_tag ON answer_factors")
        op.execute("DROP TRIGGER barrier_tallies_on_reopen ON workshops")
        op.execute("DROP TRIGGER barrier_tallies_on_leave ON participants")
        op.execute("DROP FUNCTION barrier_tallies_forget()")
    else:
        for name in ("on_tag_insert", "on_tag_delete", "on_reopen", "on_leave"):
            op.execute(f"DROP TRIGGER barrier_tallies_{name}")
    op.drop_table("barrier_tallies")
