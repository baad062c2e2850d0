"""Work after an acknowledgement (App Home, live counts, round posts), kept from slowing acks.

A full room completing its reflection at once queues one App Home publish per person. Run on
many threads, those publishes compete with the acknowledgements of everyone still pressing
Next. Here a small, fixed number of threads works through the queue, and a task carrying a
key (`keyed`) replaces a still-waiting task with the same key: one person's App Home is built
once however often it was asked for.

The work also yields to acknowledgements: Python runs one thread at a time, so a publish
built while a room presses Next slows every ack beside it. A task starts once no ack has been
in progress for a moment (`ACKS`, counted by the request middleware), or when it has waited
`max_delay` seconds, so a busy minute delays App Home by seconds, never starves it.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count

log = logging.getLogger(__name__)


class AckCounter:
    """Acknowledgements in progress in this process, and when the last one ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._last_end = -math.inf

    @contextmanager
    def acking(self) -> Iterator[None]:
        with self._lock:
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                self._last_end = time.monotonic()

    def quiet_for(self) -> float:
        """Seconds since the last ack ended; 0 while one is in progress."""
        with self._lock:
            return 0.0 if self._active else time.monotonic() - self._last_end


ACKS = AckCounter()


@dataclass(frozen=True)
class Keyed:
    """A task that makes an earlier, not yet started task with the same key unnecessary."""

    key: Hashable
    run: Callable[[], object]

    def __call__(self) -> object:
        return self.run()


def keyed(key: Hashable, run: Callable[[], object]) -> Keyed:
    return Keyed(key, run)


class AfterAck:
    """A bounded pool: `workers` threads, started on first use, in submission order."""

    def __init__(
        self,
        workers: int = 2,
        name: str = "after-ack",
        *,
        acks: AckCounter = ACKS,
        quiet: float = 0.05,
        max_delay: float = 10.0,
    ) -> None:
        self._workers = workers
        self._name = name
        self._acks = acks
        self._quiet = quiet
        self._max_delay = max_delay
        self._ready = threading.Condition()
        self._waiting: OrderedDict[Hashable, Callable[[], object]] = OrderedDict()
        self._since: dict[Hashable, float] = {}  # when each waiting key was first asked for
        self._unique = count()
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self._closed = False

    def submit(self, task: Callable[[], object]) -> None:
        key: Hashable = (
            ("keyed", task.key) if isinstance(task, Keyed) else ("once", next(self._unique))
        )
        with self._ready:
            if self._closed:
                raise RuntimeError("after-ack pool is shut down")
            # A coalesced task keeps its place in the queue and runs the latest request.
            self._waiting[key] = task
            self._since.setdefault(key, time.monotonic())
            if len(self._threads) < self._workers:
                thread = threading.Thread(
                    target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._ready.notify()

    def _wait_before_next(self) -> float:
        """Seconds to hold back the oldest task: until acks pause, at most `max_delay`."""
        if self._closed:
            return 0.0
        oldest = self._since[next(iter(self._waiting))]
        overdue = self._max_delay - (time.monotonic() - oldest)
        unquiet = self._quiet - self._acks.quiet_for()
        return max(0.0, min(overdue, unquiet))

    def pending(self) -> int:
        with self._ready:
            return len(self._waiting) + self._busy

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until the queue is empty and no task runs (for tests and shutdown)."""
        with self._ready:
            return self._ready.wait_for(lambda: not self._waiting and not self._busy, timeout)

    def shutdown(self, timeout: float | None = None) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()
        for thread in self._threads:
            thread.join(timeout)

    def _work(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._waiting or self._closed)
                if not self._waiting:
                    return
                wait = self._wait_before_next()
                if wait > 0:
                    self._ready.wait(wait)
                    continue
                key, task = self._waiting.popitem(last=False)
                self._since.pop(key, None)
                self._busy += 1
            try:
                task()
            except Exception:
                log.exception("work after the acknowledgement failed")
            finally:
                with self._ready:
                    self._busy -= 1
                    self._ready.notify_all()
