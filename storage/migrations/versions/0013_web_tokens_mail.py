"""web_tokens and mail_addresses: taking part on the web, follow-ups by e-mail

Revision ID: 0013
Revises: 0012

- web_tokens: the links that stand for a person (their personal page, an e-mail
  confirmation, a follow-up's one-click answers, unsubscribe), stored as SHA-256 hashes.
- mail_addresses: an address given for follow-ups, confirmed by a link before anything is sent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "web_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=24), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_web_tokens_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_tokens_token_hash")),
    )
    op.create_index("ix_web_tokens_person", "web_tokens", ["team_id", "channel", "user_id"])
    op.create_index(op.f("ix_web_tokens_expires_at"), "web_tokens", ["expires_at"])
    op.create_index(op.f("ix_web_tokens_participant_id"), "web_tokens", ["participant_id"])
    op.create_table(
        "mail_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("stopped_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_addresses")),
        sa.UniqueConstraint(
            "team_id",
            "channel",
            "user_id",
            name=op.f("uq_mail_addresses_team_id_channel_user_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("mail_addresses")
    op.drop_index(op.f("ix_web_tokens_participant_id"), table_name="web_tokens")
    op.drop_index(op.f("ix_web_tokens_expires_at"), table_name="web_tokens")
    op.drop_index("ix_web_tokens_person", table_name="web_tokens")
    op.drop_table("web_tokens")
