"""Retention: data is kept through its last day and deleted after it."""

from __future__ import annotations

from datetime import date

from flows.retention import expired, retention_until
from flows.timing import FollowUpOffset

OFFSETS = [FollowUpOffset.parse(o) for o in ("2w", "3m", "6m")]


def test_it_counts_retention_from_the_last_follow_up() -> None:
    assert retention_until(date(2026, 10, 17), OFFSETS, 12) == date(2028, 4, 17)


def test_it_counts_from_the_day_itself_when_there_are_no_follow_ups() -> None:
    assert retention_until(date(2026, 10, 17), [], 1) == date(2026, 11, 17)


def test_it_expires_the_day_after_the_retention_date_and_not_on_it() -> None:
    assert not expired(date(2026, 10, 17), OFFSETS, 12, date(2028, 4, 17))
    assert expired(date(2026, 10, 17), OFFSETS, 12, date(2028, 4, 18))
