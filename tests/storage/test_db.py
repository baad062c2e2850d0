"""Engine setup: lock waits, erasing deleted rows from the files, refusing a missing database."""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from storage.db import (
    DatabaseMissing,
    make_engine,
    make_session_factory,
    transaction,
)
from storage.erasure import erase_after_commit, erase_traces
from storage.migrate import upgrade
from storage.models import ProcessedEvent
from storage.repositories import events
from tests.support.postgres import PostgresCluster, libpq_url

NOW = datetime(2026, 10, 17, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("request_path", [True, False])
def test_every_sqlite_connection_overwrites_what_it_deletes(
    tmp_path: Path, request_path: bool
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/db.sqlite3", request_path=request_path)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    finally:
        engine.dispose()


def test_only_the_request_path_gives_up_on_locks_within_slacks_three_seconds(
    database_url: str,
) -> None:
    if database_url.startswith("sqlite"):
        setting = "PRAGMA busy_timeout"
    else:
        setting = "SELECT setting::int FROM pg_settings WHERE name = 'lock_timeout'"
    waits = {}
    for request_path in (True, False):
        engine = make_engine(database_url, request_path=request_path)
        try:
            with engine.connect() as connection:
                waits[request_path] = int(connection.exec_driver_sql(setting).scalar_one())
        finally:
            engine.dispose()
    assert 0 < waits[True] < 3000  # milliseconds
    # Background work may wait as long as it takes (PostgreSQL: 0 means no limit).
    assert waits[False] == 0 or waits[False] >= 10_000


def test_a_busy_process_keeps_the_connections_its_threads_opened(database_url: str) -> None:
    # A room pressing Next keeps ten threads of a web worker in the database at once; each
    # connection they open must be kept for the next burst, not closed and opened again.
    engine = make_engine(database_url, request_path=True)
    opened: list[object] = []
    event.listen(engine, "connect", lambda connection, _record: opened.append(connection))
    together = threading.Barrier(10)

    def hold_one() -> None:
        with engine.connect() as connection:
            together.wait(timeout=10)
            connection.exec_driver_sql("SELECT 1")

    try:
        for _burst in range(3):
            with ThreadPoolExecutor(10) as pool:
                list(pool.map(lambda _: hold_one(), range(10)))
    finally:
        engine.dispose()
    assert len(opened) == 10


def test_a_checkpoint_blocked_by_a_reader_is_tried_again_at_the_next_commit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "db.sqlite3"
    url = f"sqlite:///{database}"
    upgrade(url)
    engine = make_engine(url, request_path=True)
    sessions = make_session_factory(engine)
    wal = Path(f"{database}-wal")
    reader = sqlite3.connect(database, isolation_level=None)
    try:
        with transaction(sessions) as session:
            events.first_time(session, "event:before", NOW)
        # Another process in the middle of a read keeps the log's frames alive.
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM processed_events").fetchall()
        with transaction(sessions) as session:
            session.execute(text("DELETE FROM processed_events"))
            erase_after_commit(session)
        assert "blocked by a reader" in caplog.text
        assert wal.stat().st_size > 0
        reader.execute("COMMIT")
        with transaction(sessions) as session:
            events.first_time(session, "event:after", NOW)
        assert wal.stat().st_size == 0
        with sessions() as session:
            assert session.query(ProcessedEvent).count() == 1
    finally:
        reader.close()
        engine.dispose()


def test_a_rolled_back_deletion_erases_nothing(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    url = f"sqlite:///{database}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    try:
        with transaction(sessions) as session:
            events.first_time(session, "event:kept", NOW)
        with pytest.raises(RuntimeError), transaction(sessions) as session:
            erase_after_commit(session)
            raise RuntimeError("changed my mind")
        with transaction(sessions) as session:
            events.first_time(session, "event:next", NOW)
        # Nothing asked for a checkpoint, so the log keeps its frames.
        assert Path(f"{database}-wal").stat().st_size > 0
    finally:
        engine.dispose()


def test_erasing_on_postgresql_vacuums_the_tables_that_hold_personal_data(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        caplog.set_level(logging.WARNING)
        assert erase_traces(engine, vacuum=True)
        assert "failed" not in caplog.text
    finally:
        engine.dispose()


# -- operator commands never create a database ----------------------------------------------


def test_a_missing_sqlite_file_is_refused_and_not_created(tmp_path: Path) -> None:
    database = tmp_path / "nowhere.sqlite3"
    with pytest.raises(DatabaseMissing) as refused:
        make_engine(f"sqlite:///{database}", must_exist=True)
    assert str(database) in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_database_that_was_never_migrated_is_refused(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        sqlite3.connect(database_url.removeprefix("sqlite:///")).close()
    with pytest.raises(DatabaseMissing) as refused:
        make_engine(database_url, must_exist=True)
    assert "temadag migrate" in str(refused.value)


def test_a_migrated_database_is_opened(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url, must_exist=True)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM workshops")).scalar() == 0
    finally:
        engine.dispose()


def _backend_pid(engine: Any) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar())


def _terminate(url: str, pid: int) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.mark.postgres
def test_a_pooled_postgresql_connection_that_sat_idle_is_pinged_and_replaced_if_gone(
    pg_cluster: PostgresCluster,
) -> None:
    url = pg_cluster.create_database("idle_ping")
    engine = make_engine(url, ping_after_idle=0.0)
    try:
        gone = _backend_pid(engine)
        _terminate(url, gone)  # as a server restart would end it

        assert _backend_pid(engine) != gone  # no error: the ping found it gone first
    finally:
        engine.dispose()
        pg_cluster.drop_database("idle_ping")


@pytest.mark.postgres
def test_a_busy_postgresql_connection_is_not_pinged_and_a_lost_one_recycles_the_pool(
    pg_cluster: PostgresCluster,
) -> None:
    url = pg_cluster.create_database("busy_ping")
    engine = make_engine(url, ping_after_idle=3600.0)
    pings: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: pings.append(a[2]))
    try:
        gone = _backend_pid(engine)
        _backend_pid(engine)
        assert pings == ["SELECT pg_backend_pid()"] * 2  # nothing sent but the statements
        _terminate(url, gone)

        with pytest.raises(OperationalError) as lost:
            _backend_pid(engine)

        assert lost.value.connection_invalidated  # what a step submission sends again on
        assert _backend_pid(engine) != gone
    finally:
        engine.dispose()
        pg_cluster.drop_database("busy_ping")
