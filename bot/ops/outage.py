"""A database outage said once: "database unavailable" when it begins, "database back" when it
ends, the details at DEBUG. Every job of the worker fails while PostgreSQL restarts; a full
traceback from each of them, every few seconds, buries the one line an operator needs."""

from __future__ import annotations

import logging
import threading

from bot.ops.failures import one_line

log = logging.getLogger("temadag")


class DatabaseWeather:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down = False

    def failed(self, what: str, exc: BaseException) -> None:
        with self._lock:
            began, self.down = not self.down, True
        if began:
            log.warning("database unavailable (%s); retrying", type(exc).__name__)
        log.debug("database unavailable in %s: %s", what, one_line(exc))

    def answered(self) -> None:
        with self._lock:
            ended, self.down = self.down, False
        if ended:
            log.warning("database back")


# One per process: the worker's jobs and the start-up migration see the same database.
WEATHER = DatabaseWeather()
