"""SQLite writers of one process take turns in Python instead of polling for the file's lock."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from storage.db import UNAVAILABLE, WriterQueue, make_engine

CREATE = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    made = make_engine(f"sqlite:///{tmp_path}/queue.sqlite3", request_path=True)
    with made.begin() as connection:
        connection.exec_driver_sql(CREATE)
    return made


def _write_in_thread(engine: Engine, body: str) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def write() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
            outcome.append("written")
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    return thread, outcome


def test_a_second_writer_goes_on_as_soon_as_the_first_commits(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('first')"))
        thread, outcome = _write_in_thread(engine, "second")
        thread.join(0.3)
        assert thread.is_alive()  # waiting for its turn, not failing
    thread.join(5)
    assert outcome == ["written"]
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT body FROM notes ORDER BY id")).scalars().all()
    assert bodies == ["first", "second"]


def test_a_rolled_back_or_abandoned_writer_gives_its_turn_back(engine: Engine) -> None:
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('undone')"))
        raise RuntimeError("the request failed")
    abandoned = engine.connect()
    abandoned.execute(text("INSERT INTO notes (body) VALUES ('never committed')"))
    abandoned.close()  # back to the pool, which rolls it back
    thread, outcome = _write_in_thread(engine, "kept")
    thread.join(5)
    assert outcome == ["written"]


def test_readers_do_not_wait_for_the_writer(engine: Engine) -> None:
    with engine.begin() as writer:
        writer.execute(text("INSERT INTO notes (body) VALUES ('pending')"))
        with engine.connect() as reader:
            assert reader.execute(text("SELECT count(*) FROM notes")).scalar() == 0


def test_a_writer_that_cannot_get_its_turn_in_time_fails_as_an_unavailable_database(
    engine: Engine,
) -> None:
    impatient = create_engine(engine.url)  # only this queue, with a short wait
    WriterQueue(timeout=0.1).install(impatient)
    with impatient.begin() as holder:
        holder.execute(text("INSERT INTO notes (body) VALUES ('holding')"))
        thread, outcome = _write_in_thread(impatient, "too late")
        thread.join(5)
    assert len(outcome) == 1 and isinstance(outcome[0], OperationalError)
    assert isinstance(outcome[0], UNAVAILABLE)
    impatient.dispose()
