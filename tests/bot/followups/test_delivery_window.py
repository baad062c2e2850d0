"""Delivery keeps the sending window whatever happened since planning: downtime, backoff,
rate-limit waits, and a wave that runs past closing time. Times are Copenhagen (UTC+1 in
November): the window is 09:00-15:00 local, 08:00-14:00 UTC, on weekdays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.followups import delivery
from bot.followups.channels import deliver_everywhere
from bot.followups.delivery import DeliveryStats
from bot.slack.services import SlackServices
from storage.db import transaction
from storage.models import OutboxMessage
from tests.bot.followups.seed import seed_followups, worker_services
from tests.support.harness import Clock
from tests.support.slack_standin import SlackStandIn

CPH = ZoneInfo("Europe/Copenhagen")
FRIDAY_9 = datetime(2026, 11, 6, 9, 0, tzinfo=CPH)
MONDAY_9 = datetime(2026, 11, 9, 9, 0, tzinfo=CPH)


def local(moment: datetime) -> datetime:
    return moment.astimezone(CPH)


def in_window(moment: datetime) -> bool:
    at = local(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    return at.weekday() < 5 and 9 <= at.hour < 15


@pytest.fixture
def services(
    standin: SlackStandIn, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SlackServices]:
    monkeypatch.setattr(delivery, "QUICK_RETRIES", (0.01, 0.02))
    built = worker_services(standin, f"sqlite:///{tmp_path}/w.sqlite3", outbox_max_attempts=8)
    built.clock = Clock(FRIDAY_9.astimezone(UTC))
    yield built
    built.sessions.kw["bind"].dispose()


def run(services: SlackServices) -> DeliveryStats:
    return deliver_everywhere(services, threads=2, max_seconds=60)


def at(services: SlackServices, moment: datetime) -> None:
    assert isinstance(services.clock, Clock)
    services.clock.now = moment.astimezone(UTC)


def rows(services: SlackServices) -> list[OutboxMessage]:
    with transaction(services.sessions) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def test_a_follow_up_due_friday_morning_waits_for_monday_when_the_worker_was_down_all_day(
    services, standin
) -> None:
    seed_followups(services, 3, FRIDAY_9.astimezone(UTC))
    at(services, FRIDAY_9.replace(hour=20, minute=1))
    assert run(services).sent == 0
    assert standin.posted_messages() == []
    assert {_aware(r.due_at) for r in rows(services)} == {MONDAY_9.astimezone(UTC)}
    assert all(r.attempts == 0 and r.sent_at is None for r in rows(services))
    at(services, MONDAY_9)
    assert run(services).sent == 3


def test_a_retry_after_backoff_that_lands_after_closing_waits_for_the_next_morning(
    services, standin
) -> None:
    almost = FRIDAY_9.replace(hour=14, minute=59, second=59)
    seed_followups(services, 1, almost.astimezone(UTC))
    at(services, almost)
    standin.fail_next("chat.postMessage", error="internal_error", count=1)
    first = run(services)
    assert first.sent == 0
    (row,) = rows(services)
    at(services, _aware(row.due_at) + timedelta(seconds=1))  # after 15:00: backoff is ≥ 7 s
    assert not in_window(services.clock())
    assert run(services).sent == 0
    (row,) = rows(services)
    assert _aware(row.due_at) == MONDAY_9.astimezone(UTC)
    at(services, MONDAY_9)
    assert run(services).sent == 1


def test_rows_moved_past_a_long_rate_limit_wait_keep_the_window(services, standin) -> None:
    seed_followups(services, 5, FRIDAY_9.replace(hour=14, minute=30).astimezone(UTC))
    at(services, FRIDAY_9.replace(hour=14, minute=30))
    standin.fail_next("chat.postMessage", status=429, retry_after=3600, count=50)
    run(services)
    pending = [r for r in rows(services) if r.sent_at is None]
    assert pending
    at(services, FRIDAY_9.replace(hour=16))  # every wait has run out, after closing
    assert run(services).sent == 0
    assert all(
        _aware(r.due_at) == MONDAY_9.astimezone(UTC) for r in rows(services) if r.sent_at is None
    )


class TickingClock(Clock):
    """Each reading is a second later: a wave takes time, and the window closes meanwhile."""

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def test_a_wave_that_starts_just_before_closing_stops_at_closing_time(services, standin) -> None:
    start = FRIDAY_9.replace(hour=14, minute=59, second=30).astimezone(UTC)
    seed_followups(services, 40, start)
    services.clock = TickingClock(start)
    run(services)
    sent = [r for r in rows(services) if r.sent_at is not None]
    waiting = [r for r in rows(services) if r.sent_at is None]
    # Every reading ticks the clock, and concurrent senders read it between their last look at
    # the window and recording the send: allow that slack, far less than the 40 ticks an
    # unchecked wave of 40 would run past closing.
    closing = FRIDAY_9.replace(hour=15, second=20).astimezone(UTC)
    assert all(_aware(r.sent_at) <= closing for r in sent)  # type: ignore[arg-type]
    assert waiting and all(_aware(r.due_at) == MONDAY_9.astimezone(UTC) for r in waiting)
    assert len(standin.posted_messages()) == len(sent)
