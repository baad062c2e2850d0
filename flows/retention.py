"""How long a workshop's personal data is kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flows.timing import FollowUpOffset, add_months


def last_follow_up_day(day: date, offsets: Sequence[FollowUpOffset]) -> date:
    return max((offset.apply(day) for offset in offsets), default=day)


def retention_until(day: date, offsets: Sequence[FollowUpOffset], months: int) -> date:
    """Personal data is deleted this many months after the last follow-up."""
    return add_months(last_follow_up_day(day, offsets), months)


def expired(day: date, offsets: Sequence[FollowUpOffset], months: int, today: date) -> bool:
    """True once the retention date has passed: data is kept through that day, not after."""
    return today > retention_until(day, offsets, months)
