"""Work after the ack: a few threads, and one App Home per person however often asked."""

from __future__ import annotations

import threading
from functools import partial

from bot.afterack import AckCounter, AfterAck, keyed


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


def test_work_waits_while_an_acknowledgement_is_in_progress() -> None:
    acks = AckCounter()
    pool = AfterAck(workers=1, acks=acks, quiet=0.01, max_delay=60)
    ran = threading.Event()
    with acks.acking():
        pool.submit(ran.set)
        assert not ran.wait(0.2)  # held back while someone is being answered
    assert ran.wait(10)  # and runs once the acks pause
    pool.shutdown(timeout=10)


def test_work_held_back_too_long_runs_even_while_acks_go_on() -> None:
    acks = AckCounter()
    pool = AfterAck(workers=1, acks=acks, quiet=0.01, max_delay=0.05)
    ran = threading.Event()
    with acks.acking():  # a room that never pauses
        pool.submit(ran.set)
        assert ran.wait(10)
    pool.shutdown(timeout=10)


def test_the_request_middleware_counts_each_acknowledgement_while_it_is_made() -> None:
    from slack_bolt import BoltResponse

    from bot.afterack import ACKS
    from bot.ops.metrics import measure_requests

    seen: list[float] = []

    def ack() -> BoltResponse:
        seen.append(ACKS.quiet_for())
        return BoltResponse(status=200, body="")

    measure_requests({"type": "view_submission"}, ack)
    assert seen == [0.0]  # not quiet while the ack is made
    assert ACKS.quiet_for() > 0
