"""channel: a person is a channel identity, so a web participant is stored beside Slack users

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:00:00

Every row written so far names a Slack user: it becomes channel 'slack' (the server default).
Per table that names a person by user id:

- user_profiles, participants, workshop_facilitators: the person the row is about; their
  unique key (primary key for facilitators) and the user id index include the channel.
- outbox: the recipient; delivery dispatches by it, and a person's data and deletion find
  their rows by it. Its index on the recipient includes the channel.
- access_log: the actor, so a person's own requests are theirs and not a namesake's.

Left as they are, and why:
- workshops.created_by, rounds.posted_by, help_requests.answered_by: a facilitator acting in
  Slack (creating a workshop, posting a live round, answering for help); the creator is also
  a workshop_facilitators row, which carries the channel.
- help_requests, peer_requests, peer_asks, factor_ratings, next steps, answers and the other
  rows hanging off a participant: keyed by participant id, whose row carries the channel.
- deletion_records: counts only, never a person. processed_events: no person.
- The Slack installation tables: Slack's own ids.

SQLite rebuilds participants (batch mode) and so drops its barrier-tally trigger (0010): it is
created again. Downgrading refuses while a person of another channel is stored: the previous
release would take them for a Slack user of the same id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None

SLACK = "slack"
_PEOPLE_TABLES = ("user_profiles", "participants", "workshop_facilitators", "outbox", "access_log")
_LEAVE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS barrier_tallies_on_leave AFTER DELETE ON participants "
    "BEGIN DELETE FROM barrier_tallies WHERE workshop_id = OLD.workshop_id; END"
)


def _channel() -> sa.Column[str]:
    return sa.Column("channel", sa.String(length=16), server_default=SLACK, nullable=False)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    with op.batch_alter_table("user_profiles", schema=None) as batch_op:
        batch_op.add_column(_channel())
        batch_op.drop_constraint("uq_user_profiles_team_id_user_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_user_profiles_team_id_channel_user_id", ["team_id", "channel", "user_id"]
        )
    with op.batch_alter_table("workshop_facilitators", schema=None) as batch_op:
        batch_op.add_column(_channel())
        batch_op.drop_constraint("pk_workshop_facilitators", type_="primary")
        batch_op.create_primary_key(
            "pk_workshop_facilitators", ["workshop_id", "channel", "user_id"]
        )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(_channel())
        batch_op.drop_constraint("uq_participants_workshop_id_user_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_participants_workshop_id_channel_user_id", ["workshop_id", "channel", "user_id"]
        )
        batch_op.drop_index("ix_participants_user_id")
        batch_op.create_index("ix_participants_user_id_channel", ["user_id", "channel"])
    if _sqlite():
        op.execute(_LEAVE_TRIGGER)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(_channel())
        batch_op.drop_index("ix_outbox_recipient_user_id")
        batch_op.create_index(
            "ix_outbox_recipient_user_id_channel", ["recipient_user_id", "channel"]
        )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(_channel())


def downgrade() -> None:
    connection = op.get_bind()
    for table in _PEOPLE_TABLES:
        others = connection.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE channel <> :slack"), {"slack": SLACK}
        ).scalar()
        if others:
            raise RuntimeError(
                f"{table} holds {others} rows of people outside Slack, which the previous "
                "release cannot tell from Slack users; delete them before downgrading"
            )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_recipient_user_id_channel")
        batch_op.create_index("ix_outbox_recipient_user_id", ["recipient_user_id"])
        batch_op.drop_column("channel")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index("ix_participants_user_id_channel")
        batch_op.create_index("ix_participants_user_id", ["user_id"])
        batch_op.drop_constraint("uq_participants_workshop_id_channel_user_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_participants_workshop_id_user_id", ["workshop_id", "user_id"]
        )
        batch_op.drop_column("channel")
    if _sqlite():
        op.execute(_LEAVE_TRIGGER)
    with op.batch_alter_table("workshop_facilitators", schema=None) as batch_op:
        batch_op.drop_constraint("pk_workshop_facilitators", type_="primary")
        batch_op.create_primary_key("pk_workshop_facilitators", ["workshop_id", "user_id"])
        batch_op.drop_column("channel")
    with op.batch_alter_table("user_profiles", schema=None) as batch_op:
        batch_op.drop_constraint("uq_user_profiles_team_id_channel_user_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_user_profiles_team_id_user_id", ["team_id", "user_id"]
        )
        batch_op.drop_column("channel")
