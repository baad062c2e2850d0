"""Work after an acknowledgement (App Home, live counts, round posts), kept from slowing acks.

A full room completing its reflection at once queues one App Home publish per person. Run on
many threads, those publishes compete with the acknowledgements of everyone still pressing
Next. Here a small, fixed number of threads works through the queue, and a task carrying a
key (`keyed`) replaces a still-waiting task with the same key: one person's App Home is built
once however often it was asked for.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import count

log = logging.getLogger(__name__)


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

    def __init__(self, workers: int = 2, name: str = "after-ack") -> None:
        self._workers = workers
        self._name = name
        self._ready = threading.Condition()
        self._waiting: OrderedDict[Hashable, Callable[[], object]] = OrderedDict()
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
            if len(self._threads) < self._workers:
                thread = threading.Thread(
                    target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._ready.notify()

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
                _, task = self._waiting.popitem(last=False)
                self._busy += 1
            try:
                task()
            except Exception:
                log.exception("work after the acknowledgement failed")
            finally:
                with self._ready:
                    self._busy -= 1
                    self._ready.notify_all()
