"""Requests that arrive at once, through the real HTTP endpoint: nobody sees an apology."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import ids
from storage.models import Participant, UserProfile
from tests.e2e.test_core_loop import CHANNEL, FACILITATOR, create_workshop, start_button
from tests.support.harness import Bot, Clock, RunningBot
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
                requests += [
                    lambda user=user: bot.slack.click(
                        user, ids.START_REFLECTION, workshop, channel=CHANNEL, message_ts="1"
                    )
                ] * 2
            else:
                # A command typed while the App Home tab opens.
                requests += [
                    lambda user=user: bot.slack.command(user, "hjælp"),
                    lambda user=user: bot.slack.event(
                        {"type": "app_home_opened", "user": user, "tab": "home"}
                    ),
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
