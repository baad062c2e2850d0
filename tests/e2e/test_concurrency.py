"""Requests that arrive at once, through the real HTTP endpoint: nobody sees an apology."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.slack import ids
from bot.slack.requests import StepMeta
from storage.models import Participant, UserProfile
from tests.support.harness import Bot, Clock, RunningBot
from tests.support.people import (
    CHANNEL,
    FACILITATOR,
    PARTICIPANT,
    STEP_ANSWERS,
    create_workshop,
    start_button,
)
from tests.support.slack_standin import SlackStandIn

NEWCOMERS = [f"UNEW{n:04d}" for n in range(20)]


def _at_once(requests: list[Callable[[], Any]]) -> list[Any]:
    """Fire every request from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(requests))

    def fire(request: Callable[[], Any]) -> Any:
        barrier.wait()
        return request()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(fire, requests))


def _count(bot: Bot, model: Any, *where: Any) -> int:
    with bot.services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_twenty_newcomers_sending_two_first_requests_at_once_all_get_through(
    standin: SlackStandIn,
    database_url: str,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    standin.set_user(FACILITATOR, locale="da-DK")
    for user in NEWCOMERS:
        standin.set_user(user, locale="da-DK")
    with RunningBot(standin, database_url, clock) as bot:
        announcement = create_workshop(bot)
        workshop = start_button(announcement)
        requests: list[Callable[[], Any]] = []
        for n, user in enumerate(NEWCOMERS):
            if n % 2 == 0:
                # A double click on "Start refleksion" in the announcement.
                click = partial(
                    bot.slack.click,
                    user,
                    ids.START_REFLECTION,
                    workshop,
                    channel=CHANNEL,
                    message_ts="1",
                )
                requests += [click, click]
            else:
                # A command typed while the App Home tab opens.
                home = {"type": "app_home_opened", "user": user, "tab": "home"}
                requests += [
                    partial(bot.slack.command, user, "hjælp"),
                    partial(bot.slack.event, home),
                ]
        caplog.set_level(logging.WARNING)
        replies = _at_once(requests)
        bot.settle()

        assert [r.status for r in replies] == [200] * len(requests)
        apologies = [r for r in standin.responses() if "noget gik galt" in str(r.get("text"))]
        assert apologies == []
        failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert failures == []
        for user in NEWCOMERS:
            assert _count(bot, UserProfile, UserProfile.user_id == user) == 1, user
        clickers = NEWCOMERS[::2]
        assert _count(bot, Participant, Participant.user_id.in_(clickers)) == len(clickers)
        opened = {call.params["trigger_id"] for call in standin.calls_to("views.open")}
        # Each double click opens the reflection (at least once) for every clicker.
        assert len(opened) >= len(clickers)


# -- a database busy in another process ---------------------------------------------------

SLACK_ACK_DEADLINE_MS = 3000
# The scenario: another process (a worker, `temadag purge`) writes for 6 seconds.
HOLD_SECONDS = 6
_HOLDER = """
import select, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))
connection.execute("ROLLBACK")
print("released", flush=True)
"""


def _busy_timeout_ms(engine: Any) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar())


def test_request_path_connections_give_up_on_a_lock_within_slacks_deadline(
    standin: SlackStandIn, tmp_path: Any, clock: Clock
) -> None:
    from bot.composition import build_services

    with RunningBot(standin, f"sqlite:///{tmp_path}/busy.sqlite3", clock) as bot:
        web = bot.services.sessions.kw["bind"]
        assert 0 < _busy_timeout_ms(web) < SLACK_ACK_DEADLINE_MS
        worker = build_services(bot.services.settings, interactive=False)
        engine = worker.sessions.kw["bind"]
        try:
            # The worker has no deadline and may wait out a long write.
            assert _busy_timeout_ms(engine) >= 10 * SLACK_ACK_DEADLINE_MS
        finally:
            engine.dispose()


def test_a_step_submitted_while_another_process_holds_the_lock_is_answered_before_it_lets_go(
    standin: SlackStandIn, tmp_path: Any, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "busy.sqlite3"
    with RunningBot(standin, f"sqlite:///{database}", clock) as bot:
        standin.set_user(FACILITATOR, locale="da-DK")
        standin.set_user(PARTICIPANT, locale="da-DK")
        workshop = start_button(create_workshop(bot))
        bot.slack.click(
            PARTICIPANT, ids.START_REFLECTION, workshop, channel=CHANNEL, message_ts="1"
        )
        bot.settle()
        first_step = bot.slack.current_view()

        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(database), str(HOLD_SECONDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdin is not None
            assert holder.stdout.readline().strip() == "locked"
            caplog.set_level(logging.WARNING)
            reply = bot.slack.submit(PARTICIPANT, first_step, STEP_ANSWERS[0])
            # Answered while the other process still holds the lock: it has not let go yet.
            assert holder.poll() is None, "the request waited until the lock was released"
            assert reply.status == 200
            # The modal stays, with what was typed, and says why inline.
            assert reply.json()["response_action"] == "errors"
            assert any("database did not answer" in r.getMessage() for r in caplog.records)
            holder.stdin.write("go\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "released"
        finally:
            holder.kill()
            holder.wait()
        # With the lock gone, the same step goes through.
        again = bot.slack.submit(PARTICIPANT, first_step, STEP_ANSWERS[0])
        assert again.json()["response_action"] == "update"
        second_step = StepMeta.load(again.json()["view"]["private_metadata"])
        assert second_step is not None and second_step.index == 1
