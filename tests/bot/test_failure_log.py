"""A failure's log line: the type and the database's own error code, never the message."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot.failure_log import log_failure


def test_it_names_the_database_error_code_without_quoting_the_statement(
    caplog: pytest.LogCaptureFixture,
) -> None:
    engine = create_engine("sqlite://", hide_parameters=True)
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    with caplog.at_level(logging.ERROR, logger="bot.failure_log"):
        log_failure("step_submitted", raised.value)
    logged = "".join(record.getMessage() for record in caplog.records)
    assert logged.startswith("step_submitted failed with OperationalError (SQLITE_ERROR)\n")
    assert "no such table" in str(raised.value)
    assert "no such table" not in logged  # the message is not logged


def test_an_error_without_a_database_code_is_logged_by_its_type_alone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.failure_log"):
        log_failure("home", ValueError("Mette skrev noget"))
    logged = "".join(record.getMessage() for record in caplog.records)
    assert logged.startswith("home failed with ValueError\n")
    assert "Mette" not in logged
