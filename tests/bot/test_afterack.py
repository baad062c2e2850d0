"""Work after the ack: a few threads, and one App Home per person however often asked."""

from __future__ import annotations

import threading
from functools import partial

from bot.afterack import AfterAck, keyed


def test_a_waiting_keyed_task_is_replaced_by_the_latest_one_with_its_key() -> None:
    pool = AfterAck(workers=1)
    gate = threading.Event()
    ran: list[str] = []
    pool.submit(gate.wait)  # holds the only thread while the rest queue up
    for n in range(5):
        pool.submit(keyed(("home", "T1", "U1"), partial(ran.append, f"U1:{n}")))
    pool.submit(keyed(("home", "T1", "U2"), lambda: ran.append("U2")))
    pool.submit(lambda: ran.append("round"))
    assert pool.pending() == 4  # the gate, one home per person, the round
    gate.set()
    assert pool.wait_idle(timeout=10)
    assert ran == ["U1:4", "U2", "round"]
    pool.shutdown(timeout=10)


def test_it_never_runs_more_tasks_at_once_than_it_has_threads() -> None:
    pool = AfterAck(workers=2)
    lock = threading.Lock()
    running, most = [0], [0]
    release, both = threading.Event(), threading.Event()

    def task() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            if running[0] == 2:
                both.set()
        release.wait(10)
        with lock:
            running[0] -= 1

    for _ in range(20):
        pool.submit(task)
    assert both.wait(10)
    release.set()
    assert pool.wait_idle(timeout=30)
    assert most[0] == 2
    pool.shutdown(timeout=10)


def test_a_failing_task_is_logged_and_the_next_one_still_runs() -> None:
    pool = AfterAck(workers=1)
    ran: list[int] = []

    def boom() -> None:
        raise RuntimeError("Slack said no")

    pool.submit(boom)
    pool.submit(lambda: ran.append(1))
    assert pool.wait_idle(timeout=10)
    assert ran == [1]
    pool.shutdown(timeout=10)
