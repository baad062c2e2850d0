"""The tables of Slack installations, bots and OAuth states, in our own schema.

They have the shape slack_sdk's SQLAlchemy stores read and write (storage.installations
subclasses those stores), except that every secret column is Fernet-encrypted text. Alembic
revision 0003 creates them; `Base.metadata` carries a schema-only copy so autogenerate sees them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    update,
)

from storage.crypto import EncryptedToken, TokenCipher
from storage.models import Base

INSTALLATIONS = "slack_installations"
BOTS = "slack_bots"
OAUTH_STATES = "slack_oauth_states"

# Columns holding credentials: tokens, and the incoming webhook URL, which can post too.
SECRET_COLUMNS = {
    INSTALLATIONS: (
        "bot_token",
        "bot_refresh_token",
        "user_token",
        "user_refresh_token",
        "incoming_webhook_url",
    ),
    BOTS: ("bot_token", "bot_refresh_token"),
}


def installations_table(metadata: MetaData, secret: EncryptedToken) -> Table:
    return Table(
        INSTALLATIONS,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("enterprise_url", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", secret),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", secret),
        Column("bot_token_expires_at", DateTime),
        Column("user_id", String(32), nullable=False),
        Column("user_token", secret),
        Column("user_scopes", String(1000)),
        Column("user_refresh_token", secret),
        Column("user_token_expires_at", DateTime),
        Column("incoming_webhook_url", secret),
        Column("incoming_webhook_channel", String(200)),
        Column("incoming_webhook_channel_id", String(200)),
        Column("incoming_webhook_configuration_url", String(200)),
        Column("is_enterprise_install", Boolean, nullable=False, default=False),
        Column("token_type", String(32)),
        # slack_sdk stores naive UTC here (normalize_datetime_for_db), so no UTCDateTime.
        Column("installed_at", DateTime, nullable=False),
        Index(
            f"{INSTALLATIONS}_idx",
            "client_id",
            "enterprise_id",
            "team_id",
            "user_id",
            "installed_at",
        ),
    )


def bots_table(metadata: MetaData, secret: EncryptedToken) -> Table:
    return Table(
        BOTS,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", secret),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", secret),
        Column("bot_token_expires_at", DateTime),
        Column("is_enterprise_install", Boolean, nullable=False, default=False),
        Column("installed_at", DateTime, nullable=False),
        Index(f"{BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
    )


def oauth_states_table(metadata: MetaData) -> Table:
    return Table(
        OAUTH_STATES,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("state", String(200), nullable=False, unique=True),
        Column("expire_at", DateTime, nullable=False),
    )


# Schema only: what migrations and autogenerate compare against.
installations_table(Base.metadata, EncryptedToken())
bots_table(Base.metadata, EncryptedToken())
oauth_states_table(Base.metadata)


def reencrypt_tokens(engine: Engine, cipher: TokenCipher) -> int:
    """Encrypt every stored secret again with the cipher's first (newest) key, so the older
    keys can be removed. Returns the number of rows rewritten. Safe to run twice."""
    raw = MetaData()
    rewritten = 0
    for name, columns in SECRET_COLUMNS.items():
        table = Table(
            name, raw, Column("id", Integer, primary_key=True), *(Column(c, Text) for c in columns)
        )
        with engine.begin() as connection:
            for row in connection.execute(select(table)).mappings().all():
                values = {c: cipher.rotate(row[c]) for c in columns if row[c] is not None}
                if values:
                    connection.execute(update(table).where(table.c.id == row["id"]).values(values))
                    rewritten += 1
    return rewritten
