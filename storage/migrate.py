"""Alembic upgrade to head, configured in code so it works from an installed package.

The release step, every web process and every worker migrate at start, often at the same
moment: one migrates while the others wait, then find nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from storage.db import make_engine, normalise_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# Key of the PostgreSQL advisory lock that serialises migrations ("tmdg"); any constant that
# no other application on the same database uses would do.
MIGRATION_LOCK_KEY = 0x746D6467


def _quiet_alembic() -> None:
    # Importing Alembic's commands logs each of its seven plugins, and every run logs each
    # step, at INFO: an operator's start-up log needs none of it. Its warnings still show.
    # Set before the first import, which is why Alembic is imported inside the functions.
    logging.getLogger("alembic").setLevel(logging.WARNING)


def alembic_config(url: str) -> Config:
    _quiet_alembic()
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser would treat % in a password as interpolation.
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, engine: Engine | None = None) -> None:
    """Bring the schema to head. Running it twice, or in several processes at once, is harmless."""
    config = alembic_config(url)
    from alembic import command

    owned = engine is None
    engine = engine or make_engine(url)
    try:
        with migrating(engine) as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if owned:
            engine.dispose()


class UnknownRevision(Exception):
    """`temadag migrate --to` was given a revision this release does not have."""


def migrate_to(url: str, revision: str) -> tuple[str | None, str]:
    """Upgrade or downgrade the schema to `revision` (an id such as 0010, `head` or `base`):
    a rollback runs the newer release's downgrades, so run it with the newer release's code.
    Returns (the revision before, the revision after)."""
    config = alembic_config(url)
    from alembic import command
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(config)
    order = [r.revision for r in script.walk_revisions()]  # newest first
    known = {"head": order[0], "base": "base"} | {r: r for r in order}
    target = known.get(revision)
    if target is None:
        raise UnknownRevision(
            f"no revision {revision!r} in this release (it has {', '.join(reversed(order))})"
        )
    engine = make_engine(url)
    try:
        with migrating(engine) as connection:
            config.attributes["connection"] = connection
            current = MigrationContext.configure(connection).get_current_revision()
            newer = target == "base" or (
                current is not None and order.index(target) > order.index(current)
            )
            try:
                if newer:
                    command.downgrade(config, target)
                else:
                    command.upgrade(config, target)
            except CommandError as exc:
                raise UnknownRevision(str(exc)) from None
    finally:
        engine.dispose()
    return current, target


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection to migrate on, in one transaction that holds the migration lock.

    On SQLite, foreign keys are off while migrating: a batch migration rebuilds a table by
    copying it, dropping the old one and renaming the copy, and with foreign keys on, dropping
    `workshops` would first delete every participant, answer and facilitator that refers to it
    (ON DELETE CASCADE). They are checked before the transaction commits instead, and on again
    when the connection goes back to the pool. (SQLite ignores the pragma inside a
    transaction, so it is set before the transaction begins.)
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                _wait_for_other_migrations(connection)
                yield connection
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


class ForeignKeysBroken(Exception):
    """A migration left rows that refer to rows that do not exist; nothing was committed."""


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise ForeignKeysBroken(
            f"the migration would leave {len(broken)} rows in {', '.join(tables)} referring to "
            "rows that do not exist; it was rolled back"
        )


def _wait_for_other_migrations(connection: Connection) -> None:
    """Hold the database's migration lock until this transaction ends.

    Without it, two processes both find no version row and both create the tables or insert
    the version (UniqueViolation on alembic_version).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        # The write lock, taken before Alembic reads the version; others wait (busy timeout).
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(the database's revision, the code's head revision); never changes the database."""
    config = alembic_config("")
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head
