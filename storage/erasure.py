"""Deletion that leaves no trace in the files the database writes.

A DELETE alone is not enough. SQLite keeps the deleted bytes in the page's free space (unless
`secure_delete` is on, which storage.db sets on every connection), and in WAL mode every page
ever written stays in the -wal file until a checkpoint truncates it. So a deleting transaction
asks, with `erase_after_commit`, for a TRUNCATE checkpoint once it has committed, and the larger
purges (retention, uninstall, `temadag purge`) for a VACUUM first, which rebuilds the file
without free pages and shrinks it.

On PostgreSQL, VACUUM marks the space of deleted rows as free for reuse; the bytes stay in the
data files and the write-ahead log until they are overwritten or recycled (see the README's
data-protection section, which also covers backups).
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

_REQUEST = "temadag_erase"  # key in Session.info: None, "checkpoint" or "vacuum"

# Tables whose rows hold personal data; VACUUMed on PostgreSQL after a purge.
PERSONAL_TABLES = (
    "answers",
    "factor_corrections",
    "next_steps",
    "next_step_updates",
    "followup_responses",
    "reflections",
    "participants",
    "outbox",
    "user_profiles",
    "access_log",
    "workshop_facilitators",
    "workshops",
    "rounds",
)


def erase_after_commit(session: Session, *, vacuum: bool = False) -> None:
    """Once this session's transaction commits, erase what it deleted from the files too."""
    wanted = "vacuum" if vacuum or session.info.get(_REQUEST) == "vacuum" else "checkpoint"
    session.info[_REQUEST] = wanted


def install(factory: sessionmaker[Session]) -> None:
    """Make every session of `factory` honour `erase_after_commit`."""
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _forget)


def _forget(session: Session) -> None:
    session.info.pop(_REQUEST, None)


# Engines whose last checkpoint was blocked: the next commit in this process tries again.
_unfinished: weakref.WeakSet[Engine] = weakref.WeakSet()


def _after_commit(session: Session) -> None:
    wanted = session.info.pop(_REQUEST, None)
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    if wanted is None and engine not in _unfinished:
        return
    if erase_traces(engine, vacuum=wanted == "vacuum"):
        _unfinished.discard(engine)
    else:
        _unfinished.add(engine)


def finish_erasure(engine: Engine) -> bool:
    """The worker's sweep (every minute): on SQLite, move the write-ahead log into the file
    and empty it. A checkpoint after a deletion is blocked while another connection reads,
    and was only tried again at that process's next commit, on a quiet server never; this
    bounds the time deleted text stays in the files to the sweep's interval plus the longest
    read. Cheap when there is nothing to move. True when the log is empty."""
    if engine.dialect.name != "sqlite":
        # Nothing to sweep (PostgreSQL's own log is its business, see the README), but a job
        # that succeeds tells the worker the database answers: so it asks, and an outage
        # raises here as in every other job.
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    if erase_traces(engine):
        _unfinished.discard(engine)
        return True
    return False


def erase_traces(engine: Engine, *, vacuum: bool = False) -> bool:
    """Rewrite the database files so deleted rows are gone from them; True when done.

    Never raises: the deletion itself has committed, and the person must hear that it did.
    """
    try:
        if engine.dialect.name == "sqlite":
            return _sqlite(engine, vacuum=vacuum)
        if vacuum and engine.dialect.name == "postgresql":
            _postgresql_vacuum(engine)
        return True
    except Exception as exc:
        log.warning("erasing deleted data from the database files failed: %s", type(exc).__name__)
        return False


def _sqlite(engine: Engine, *, vacuum: bool) -> bool:
    # VACUUM and the checkpoint must run outside a transaction.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if vacuum:
            connection.execute(text("VACUUM"))
        row: Any = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
    # (busy, frames in the log, frames checkpointed); busy = a reader held an old snapshot.
    if row is not None and row[0]:
        log.warning(
            "the WAL checkpoint after a deletion was blocked by a reader; "
            "it is tried again after the next commit and by the worker within a minute"
        )
        return False
    return True


def _postgresql_vacuum(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM " + ", ".join(PERSONAL_TABLES)))
