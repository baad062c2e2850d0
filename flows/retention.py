"""How long a workshop's personal data is kept: one rule for the pages, the notice, the
personal link and the job that deletes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flows.timing import FollowUpOffset, add_months


def last_follow_up_day(day: date, offsets: Sequence[FollowUpOffset]) -> date:
    return max((offset.apply(day) for offset in offsets), default=day)


def retention_until(day: date, offsets: Sequence[FollowUpOffset], months: int) -> date:
    """Personal data is kept this many months after the last follow-up, through that day."""
    return add_months(last_follow_up_day(day, offsets), months)


def kept_until(
    day: date, offsets: Sequence[FollowUpOffset], months: int, *, asks_next_steps: bool
) -> date:
    """The last day a workshop's personal data is kept.

    Follow-ups are about next steps: a template that asks none has no follow-ups, whatever the
    workshop's offsets, so its data is kept counting from the day itself (data minimisation).
    """
    return retention_until(day, offsets if asks_next_steps else (), months)


def expired(
    day: date,
    offsets: Sequence[FollowUpOffset],
    months: int,
    today: date,
    *,
    asks_next_steps: bool = True,
) -> bool:
    """True once the retention date has passed: data is kept through that day, not after."""
    return today > kept_until(day, offsets, months, asks_next_steps=asks_next_steps)
