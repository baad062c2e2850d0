"""The senders' shared view of Slack's limits: which 429 is a channel's, which the workspace's."""

from __future__ import annotations

from bot.outbox.delivery import SendGate


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_429_in_one_channel_holds_only_that_channel() -> None:
    ticker = Ticker()
    gate = SendGate(ticker)
    assert gate.rate_limited("T1", "D1", 30) is False
    assert gate.remaining("T1") == 0
    assert gate.rate_limited("T1", "D1", 30) is False  # the same slow channel again


def test_a_429_in_a_second_channel_holds_every_sender_of_the_workspace() -> None:
    ticker = Ticker()
    gate = SendGate(ticker)
    gate.rate_limited("T1", "D1", 2)
    assert gate.rate_limited("T1", "D2", 3) is True
    assert gate.remaining("T1") == 3
    assert gate.remaining("T2") == 0  # another workspace has its own limits
    ticker.now += 1
    assert gate.remaining("T1") == 2


def test_a_channel_429_long_past_does_not_make_the_next_one_workspace_wide() -> None:
    ticker = Ticker()
    gate = SendGate(ticker)
    gate.rate_limited("T1", "D1", 1)
    ticker.now += 15
    assert gate.rate_limited("T1", "D2", 1) is False
    assert gate.remaining("T1") == 0


def test_a_paused_workspace_stops_its_senders_only() -> None:
    gate = SendGate(Ticker())
    gate.pause("T1")
    assert gate.paused("T1") and not gate.paused("T2")
