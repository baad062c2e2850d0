"""Engine and session setup for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Accept the postgres:// URLs hosting providers hand out and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# Slack shows the person an error when a request is not answered within 3 s. A request waits
# at most this long for another process's write lock, then fails with the database's busy
# error and can still answer in time. Background work (worker, CLI) may wait much longer.
REQUEST_BUSY_TIMEOUT = 1.5
BACKGROUND_BUSY_TIMEOUT = 30.0

# Connections a process keeps: up to as many as it has threads using the database at once (a
# web worker's 8 request threads and its after-ack workers), opened only as needed. Not a
# small pool with overflow: an overflow connection is closed when it is handed back, so a room
# of 200 pressing Next opened about a hundred new PostgreSQL backends, each a new process.
POOL_SIZE = 15


# A pooled PostgreSQL connection idle this long is pinged before use. SQLAlchemy's pre-ping
# pings at every checkout: one round trip more for every request of a room pressing Next,
# where connections are never idle. A server restart takes longer than this, so a connection
# that outlived one is caught here; one that was in use as the server went away fails its
# statement, SQLAlchemy then recycles the whole pool, and a step submission tries once more.
PING_AFTER_IDLE = 1.0


class DatabaseMissing(Exception):
    """An operator command pointed at a database that does not exist (or was never migrated)."""


def make_engine(
    url: str,
    *,
    request_path: bool = False,
    must_exist: bool = False,
    application_name: str = "temadag",
    **kwargs: Any,
) -> Engine:
    """An engine for `url`.

    request_path: the engine answers Slack's requests, so lock waits stay short.
    must_exist: refuse a database that does not exist yet instead of creating an empty one
    (operator commands such as `temadag outbox` must report on the real database).
    application_name: what PostgreSQL shows for its connections (`temadag-web`, …).
    """
    url = normalise_url(url)
    # Error messages must not carry answer text into logs.
    kwargs.setdefault("hide_parameters", True)
    busy = REQUEST_BUSY_TIMEOUT if request_path else BACKGROUND_BUSY_TIMEOUT
    is_sqlite = url.startswith("sqlite")
    in_memory = is_sqlite and make_url(url).database in (None, "", ":memory:")
    if not in_memory:
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", 0)
    if is_sqlite:
        if must_exist:
            _sqlite_file_exists(url)
        engine = create_engine(url, connect_args={"timeout": busy}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(busy))
        if not in_memory:
            WriterQueue(busy).install(engine)
    else:
        ping_after_idle = kwargs.pop("ping_after_idle", PING_AFTER_IDLE)
        # Names every connection in pg_stat_activity, so a DBA can tell whose they are.
        connect_args: dict[str, Any] = {"application_name": application_name[:63]}
        if request_path:
            # PostgreSQL's counterpart: give up on a row or table lock instead of waiting.
            connect_args["options"] = f"-c lock_timeout={int(busy * 1000)}"
        kwargs["connect_args"] = connect_args | kwargs.get("connect_args", {})
        engine = create_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            IdlePing(ping_after_idle).install(engine)
    if must_exist:
        _has_schema(engine, url)
    return engine


def _sqlite_file_exists(url: str) -> None:
    database = make_url(url).database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    if not Path(database).is_file():
        raise DatabaseMissing(
            f"no database at {Path(database).resolve()} (DATABASE_URL={url}). Set DATABASE_URL "
            "to the bot's database, or run the command in the folder the bot runs in; "
            "`temadag migrate` creates a new one."
        )


def _has_schema(engine: Engine, url: str) -> None:
    try:
        migrated = inspect(engine).has_table("alembic_version")
    except Exception:
        engine.dispose()
        raise
    if not migrated:
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        raise DatabaseMissing(
            f"the database at {shown} has no Temadag tables. Is DATABASE_URL the bot's "
            "database? `temadag migrate` creates the tables."
        )


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets the worker and web processes read while one writes; FKs make deletion
        # cascade.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not merely unlinked (see storage.erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        if dbapi_connection.execute("PRAGMA database_list").fetchall()[0][2] != "":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriterQueue:
    """The threads of one process take turns to write to a SQLite file, queued in Python.

    SQLite lets one connection write at a time. The others poll for its lock with sleeps that
    grow to 100 ms, so when a full room presses Next at once, a writer can lose the race again
    and again until its busy timeout runs out and the person is told their answer was not
    saved. Here a thread waits for the writer before it in the same process and starts the
    moment that one commits; SQLite's own wait remains only between processes (web and worker).
    The turn is taken at a transaction's first write and given back when it ends, the span in
    which SQLite holds its write lock.
    """

    def __init__(self, timeout: float) -> None:
        self._turn = threading.Lock()
        self._timeout = timeout

    def install(self, engine: Engine) -> None:
        event.listen(engine, "before_cursor_execute", self._before_write)
        event.listen(engine, "commit", self._done)
        event.listen(engine, "rollback", self._done)
        # A connection handed back without commit or rollback is rolled back by the pool.
        event.listen(engine.pool, "checkin", self._checked_in)

    def _before_write(self, connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        info = connection.connection.info
        if info.get("writing") or not statement.lstrip()[:7].upper().startswith(_WRITES):
            return
        if not self._turn.acquire(timeout=self._timeout):
            locked = sqlite3.OperationalError("database is locked (writers of this process)")
            locked.sqlite_errorname = "SQLITE_BUSY"  # as SQLite's own busy error names itself
            raise OperationalError(statement, None, locked)
        info["writing"] = True

    def _done(self, connection: Any) -> None:
        if connection.connection.info.pop("writing", False):
            self._turn.release()

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record.info.pop("writing", False):
            self._turn.release()


class IdlePing:
    """Pre-ping only the connections that sat idle in the pool (see PING_AFTER_IDLE)."""

    def __init__(self, after: float) -> None:
        self._after = after

    def install(self, engine: Engine) -> None:
        self._dialect = engine.dialect
        event.listen(engine.pool, "checkin", self._checked_in)
        event.listen(engine.pool, "checkout", self._checked_out)

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    def _checked_out(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < self._after:
            return
        try:
            self._dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool drops this connection and checks out another (or connects anew).
            raise DisconnectionError("a pooled connection no longer answers") from error


SessionFactory = sessionmaker[Session]

Insert = postgresql.Insert | sqlite.Insert


def insert(session: Session, model: Any) -> Insert:
    """An INSERT that knows ON CONFLICT, for the session's database.

    Every create-if-missing is one such statement: a read followed by an insert lets two
    simultaneous first requests both find nothing, and the second one fails.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def make_session_factory(engine: Engine) -> SessionFactory:
    from storage import erasure

    factory = sessionmaker(engine, expire_on_commit=False)
    erasure.install(factory)
    return factory


@contextmanager
def transaction(factory: SessionFactory) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session


def database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


# The database cannot answer right now (disk full, locked past the busy timeout, a server
# restarting or unreachable): a request path catches these, says so and keeps what was typed.
# Not IntegrityError or ProgrammingError: those are bugs, not weather.
UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
