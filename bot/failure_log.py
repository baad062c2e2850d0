"""Failures logged without their messages: an exception's type and frames only.

Messages can quote user text (an answer, a next step), which never goes into a log.
"""

from __future__ import annotations

import logging
import traceback

log = logging.getLogger(__name__)


def log_failure(where: str, exc: BaseException) -> None:
    """The type and the frames, never the message: messages can quote user text."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed with %s%s\n%s", where, type(exc).__name__, _database_code(exc), frames)


def _database_code(exc: BaseException) -> str:
    """The database's own error code (SQLITE_BUSY, a PostgreSQL SQLSTATE): it names the
    weather (locked, disk full, shutting down) and never quotes data."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None)
    return f" ({code})" if code else ""
