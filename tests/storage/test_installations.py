"""Installations and OAuth states for many workspaces, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, MetaData, select, text

from storage.crypto import EncryptedToken, TokenCipher, TokenKeyError
from storage.db import make_engine
from storage.installation_tables import (
    bots_table,
    installations_table,
    oauth_states_table,
    reencrypt_tokens,
)
from storage.installations import DatabaseOAuthStateStore, EncryptedInstallationStore
from storage.models import Base

CLIENT_ID = "1111.2222"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
INSTALLED_AT = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(migrated_database_url: str) -> Iterator[Engine]:
    created = make_engine(migrated_database_url)
    yield created
    created.dispose()


@pytest.fixture
def store(engine: Engine) -> EncryptedInstallationStore:
    return EncryptedInstallationStore(CLIENT_ID, engine, TokenCipher.from_setting(OLD_KEY))


def installation(
    team_id: str | None = "TA",
    *,
    token: str = "xoxb-aarhus-1",
    enterprise_id: str | None = None,
    org_wide: bool = False,
    installed_at: datetime = INSTALLED_AT,
    refresh_token: str | None = None,
) -> Installation:
    return Installation(
        app_id="A1",
        enterprise_id=enterprise_id,
        enterprise_name="Region Syd" if enterprise_id else None,
        team_id=team_id,
        team_name=f"Kommune {team_id}" if team_id else None,
        bot_token=token,
        bot_id=f"B{team_id or enterprise_id}",
        bot_user_id=f"UBOT{team_id or enterprise_id}",
        bot_scopes="commands,chat:write",
        bot_refresh_token=refresh_token,
        bot_token_expires_in=43200 if refresh_token else None,
        user_id="UADMIN",
        is_enterprise_install=org_wide,
        token_type="bot",
        installed_at=installed_at.timestamp(),
    )


def raw_secrets(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT bot_token, bot_refresh_token FROM slack_installations "
                "UNION ALL SELECT bot_token, bot_refresh_token FROM slack_bots"
            )
        ).all()
    return [value for row in rows for value in row if value is not None]


def test_the_migration_creates_the_tables_the_stores_use(engine: Engine) -> None:
    def slack_tables_only(name: str | None, type_: str, parent_names: object) -> bool:
        return type_ != "table" or bool(name and name.startswith("slack_"))

    expected = MetaData()
    installations_table(expected, EncryptedToken())
    bots_table(expected, EncryptedToken())
    oauth_states_table(expected)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": slack_tables_only}
        )
        differences = compare_metadata(context, expected)

    assert differences == []
    assert set(expected.tables) <= set(Base.metadata.tables)  # autogenerate sees them too


def test_each_workspace_finds_its_own_installation_and_bot(store) -> None:
    store.save(installation("TA", token="xoxb-aarhus-1"))
    store.save(installation("TB", token="xoxb-bornholm-1"))

    aarhus_bot = store.find_bot(enterprise_id=None, team_id="TA")
    bornholm = store.find_installation(enterprise_id=None, team_id="TB")

    assert aarhus_bot is not None and aarhus_bot.bot_token == "xoxb-aarhus-1"
    assert (aarhus_bot.bot_user_id, aarhus_bot.bot_scopes) == ("UBOTTA", ["commands", "chat:write"])
    assert bornholm is not None and bornholm.bot_token == "xoxb-bornholm-1"
    assert bornholm.installed_at == INSTALLED_AT.timestamp()
    assert store.find_bot(enterprise_id=None, team_id="TC") is None


def test_a_reinstall_is_found_instead_of_the_first_install(store) -> None:
    store.save(installation("TA", token="xoxb-aarhus-1"))
    store.save(
        installation("TA", token="xoxb-aarhus-2", installed_at=INSTALLED_AT + timedelta(days=3))
    )

    found = store.find_bot(enterprise_id=None, team_id="TA")

    assert found is not None and found.bot_token == "xoxb-aarhus-2"


def test_a_rotated_token_replaces_the_stored_one(store) -> None:
    store.save(installation("TA", token="xoxe.xoxb-1-a", refresh_token="xoxe-1-a"))

    rotated = installation("TA", token="xoxe.xoxb-1-b", refresh_token="xoxe-1-b")
    store.save(rotated)  # what Bolt's token rotation does: same installed_at, new tokens

    found = store.find_installation(enterprise_id=None, team_id="TA")
    assert found is not None
    assert (found.bot_token, found.bot_refresh_token) == ("xoxe.xoxb-1-b", "xoxe-1-b")
    with store.engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM slack_bots")).scalar_one()
    assert count == 1


def test_tokens_are_not_readable_in_the_database(engine, store) -> None:
    store.save(installation("TA", token="xoxe.xoxb-1-secret", refresh_token="xoxe-1-secret"))

    stored = raw_secrets(engine)

    assert len(stored) == 4
    assert not any("secret" in value or value.startswith("xox") for value in stored)
    opened = {Fernet(OLD_KEY.encode()).decrypt(value.encode()).decode() for value in stored}
    assert opened == {"xoxe.xoxb-1-secret", "xoxe-1-secret"}


def test_keys_rotate_without_losing_a_token(engine, store) -> None:
    store.save(installation("TA", token="xoxb-aarhus-1", refresh_token="xoxe-1-a"))
    both = TokenCipher.from_setting(f"{NEW_KEY}, {OLD_KEY}")

    during = EncryptedInstallationStore(CLIENT_ID, engine, both).find_bot(
        enterprise_id=None, team_id="TA"
    )
    rewritten = reencrypt_tokens(engine, both)
    after = EncryptedInstallationStore(CLIENT_ID, engine, TokenCipher.from_setting(NEW_KEY))

    assert during is not None and during.bot_token == "xoxb-aarhus-1"
    assert rewritten == 2  # one installation row, one bot row
    found = after.find_installation(enterprise_id=None, team_id="TA")
    assert found is not None and found.bot_refresh_token == "xoxe-1-a"
    with pytest.raises(TokenKeyError, match="TOKEN_ENCRYPTION_KEY"):
        store.find_bot(enterprise_id=None, team_id="TA")  # the old key alone opens nothing
    assert reencrypt_tokens(engine, TokenCipher.from_setting(NEW_KEY)) == 2


def test_uninstalling_deletes_the_workspaces_installation_and_bot_only(store) -> None:
    store.save(installation("TA", token="xoxb-aarhus-1"))
    store.save(
        installation("TA", token="xoxb-aarhus-2", installed_at=INSTALLED_AT + timedelta(days=1))
    )
    store.save(installation("TB", token="xoxb-bornholm-1"))

    store.delete_all(enterprise_id=None, team_id="TA")

    assert store.find_bot(enterprise_id=None, team_id="TA") is None
    assert store.find_installation(enterprise_id=None, team_id="TA") is None
    assert store.find_bot(enterprise_id=None, team_id="TB") is not None


def test_an_org_wide_install_serves_every_workspace_of_the_enterprise(store) -> None:
    store.save(installation(None, token="xoxb-org", enterprise_id="E1", org_wide=True))
    store.save(installation("TX", token="xoxb-in-org", enterprise_id="E2"))

    for team in ("TA", "TB"):
        bot = store.find_bot(enterprise_id="E1", team_id=team, is_enterprise_install=True)
        assert bot is not None and bot.bot_token == "xoxb-org" and bot.is_enterprise_install
    in_org = store.find_bot(enterprise_id="E2", team_id="TX")
    assert in_org is not None and in_org.bot_token == "xoxb-in-org"
    assert store.find_bot(enterprise_id=None, team_id="TX") is None


def test_the_store_never_creates_tables_itself(store) -> None:
    with pytest.raises(RuntimeError, match="migrat"):
        store.create_tables()


# -- OAuth states ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = INSTALLED_AT

    def __call__(self) -> datetime:
        return self.now


def test_a_state_can_be_consumed_once(engine) -> None:
    states = DatabaseOAuthStateStore(engine, expiration_seconds=600, clock=Clock())
    state = states.issue()

    assert len(state) >= 32 and state != states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False
    assert states.consume("made-up") is False


def test_a_state_expires(engine) -> None:
    clock = Clock()
    states = DatabaseOAuthStateStore(engine, expiration_seconds=600, clock=clock)
    fresh, stale = states.issue(), states.issue()

    clock.now += timedelta(seconds=599)
    assert states.consume(fresh) is True
    clock.now += timedelta(seconds=1)

    assert states.consume(stale) is False


def test_issuing_sweeps_expired_states(engine) -> None:
    clock = Clock()
    states = DatabaseOAuthStateStore(engine, expiration_seconds=600, clock=clock)
    for _ in range(3):
        states.issue()
    clock.now += timedelta(hours=1)

    kept = states.issue()

    with engine.connect() as connection:
        remaining = connection.execute(select(states.oauth_states.c.state)).scalars().all()

    assert remaining == [kept]


# -- the cipher -----------------------------------------------------------------------------


def test_a_malformed_key_is_refused_with_the_variable_named() -> None:
    with pytest.raises(TokenKeyError, match="TOKEN_ENCRYPTION_KEY"):
        TokenCipher.from_setting("not-a-fernet-key")
    with pytest.raises(TokenKeyError, match="TOKEN_ENCRYPTION_KEY"):
        TokenCipher.from_setting(" , ")


def test_the_first_key_encrypts_and_every_key_decrypts() -> None:
    newest, older = TokenCipher.generate_key(), TokenCipher.generate_key()
    both = TokenCipher.from_setting(f"{newest},{older}")
    only_newest, only_older = TokenCipher.from_setting(newest), TokenCipher.from_setting(older)

    from_before = only_older.encrypt("xoxb-1")
    rotated = both.rotate(from_before)

    assert newest != older
    assert both.decrypt(from_before) == "xoxb-1"
    assert only_newest.decrypt(rotated) == "xoxb-1"
    assert only_newest.decrypt(both.encrypt("xoxb-2")) == "xoxb-2"
    with pytest.raises(TokenKeyError):
        only_older.decrypt(rotated)
