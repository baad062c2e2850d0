"""Starting while the database is down: serve liveness, report not ready, catch up later.

A process that exited when the database did not answer would make a process manager (or a
liveness probe) restart-loop every process during an outage. Instead the schema migration is
retried in the background until the database answers, and /readyz says not ready meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.ops.outage import WEATHER
from storage.db import UNAVAILABLE
from storage.migrate import upgrade

log = logging.getLogger("temadag")
RETRY_SECONDS = 5.0


def migrate_or_retry(
    database_url: str,
    *,
    migrate: Callable[[str], None] = upgrade,
    retry_seconds: float = RETRY_SECONDS,
    stop: threading.Event | None = None,
) -> threading.Thread | None:
    """Migrate now; if the database cannot answer, keep trying in a daemon thread (returned)."""
    try:
        migrate(database_url)
        return None
    except UNAVAILABLE as exc:
        log.warning("not ready until the database answers; starting anyway")
        WEATHER.failed("migration at start", exc)
    stopping = stop or threading.Event()

    def retry() -> None:
        while not stopping.wait(retry_seconds):
            try:
                migrate(database_url)
            except UNAVAILABLE as exc:
                WEATHER.failed("migration at start", exc)
                continue
            WEATHER.answered()
            log.info("schema up to date")
            return

    thread = threading.Thread(target=retry, name="migrate-retry", daemon=True)
    thread.start()
    return thread


def try_once(what: str, action: Callable[[], object]) -> None:
    """Do a start-up step that a job repeats anyway (the first heartbeat): an outage skips it."""
    try:
        action()
    except UNAVAILABLE as exc:
        WEATHER.failed(what, exc)
