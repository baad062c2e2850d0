"""Bolt's installation and OAuth state stores, in our database, with tokens encrypted at rest.

slack_sdk's SQLAlchemy stores do the work (Bolt's OAuth flow, token rotation and the
authorize step call them); these subclasses only point them at our tables (created by our
Alembic migrations, never by `create_tables`), encrypt every secret column, and make a state
single-use with one atomic DELETE and a clock a test can control.

This is the one module of storage/ that imports slack_sdk, and only its persistence
interfaces: the Installation and Bot records the stores exchange.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, delete, insert, select

from storage.crypto import EncryptedToken, TokenCipher
from storage.installation_tables import bots_table, installations_table, oauth_states_table

_log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's InstallationStore on our slack_installations and slack_bots tables."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine, logger=_log)
        secret = EncryptedToken(cipher)
        self.metadata = MetaData()
        self.installations = installations_table(self.metadata, secret)
        self.bots = bots_table(self.metadata, secret)

    def create_tables(self) -> None:
        raise RuntimeError("the tables come from the Alembic migrations: run `temadag migrate`")

    def installed_teams(self) -> list[str]:
        """The workspaces with a bot installed for this app, for an operator's checks."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(self.bots.c.team_id)
                .where(self.bots.c.client_id == self.client_id, self.bots.c.team_id.is_not(None))
                .distinct()
                .order_by(self.bots.c.team_id)
            )
            return [str(team_id) for (team_id,) in rows]


class DatabaseOAuthStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's OAuthStateStore on our slack_oauth_states table; each state works once."""

    def __init__(
        self,
        engine: Engine,
        expiration_seconds: int = 600,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__(expiration_seconds=expiration_seconds, engine=engine, logger=_log)
        self.metadata = MetaData()
        self.oauth_states = oauth_states_table(self.metadata)
        self._clock = clock

    def create_tables(self) -> None:
        raise RuntimeError("the tables come from the Alembic migrations: run `temadag migrate`")

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        now = self._now()
        table = self.oauth_states
        with self.engine.begin() as connection:
            # Abandoned installs leave states behind; each new one sweeps the expired.
            connection.execute(delete(table).where(table.c.expire_at <= now))
            expire_at = now + timedelta(seconds=self.expiration_seconds)
            connection.execute(insert(table).values(state=state, expire_at=expire_at))
        return state

    def consume(self, state: str) -> bool:
        table = self.oauth_states
        # One statement: two redirects racing with the same state cannot both win.
        with self.engine.begin() as connection:
            deleted = connection.execute(
                delete(table).where(table.c.state == state, table.c.expire_at > self._now())
            )
        return deleted.rowcount == 1

    def _now(self) -> datetime:
        # The column is naive UTC, like slack_sdk's.
        return self._clock().astimezone(UTC).replace(tzinfo=None)
