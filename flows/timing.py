"""When a follow-up, reminder or digest may be sent.

Every function takes the current time (or the moment to start from) as an argument, so the rules
can be tested at any instant and the worker decides what "now" is. Inputs must be timezone-aware;
results are aware datetimes in UTC, the form the outbox stores.

The recipient's local calendar decides: a follow-up goes out on a working day, inside office hours
in the recipient's own time zone, and never on a public holiday of the window's country.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Final, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from flows.outbox import MessageKind

DEFAULT_TZ: Final = "Europe/Copenhagen"

# A window with at least one weekday always finds a slot within a few weeks; the bound only turns
# a calendar that blocks every day into an error instead of an endless loop.
_MAX_DAYS_AHEAD: Final = 400


class HolidayCalendar(Protocol):
    def is_holiday(self, day: date) -> bool: ...


@lru_cache(maxsize=256)
def _holiday_dates(country: str, categories: tuple[str, ...], year: int) -> frozenset[date]:
    # Building a year's calendar costs far more than a set lookup and the worker asks for the same
    # few years on every tick.
    calendar_ = holidays.country_holidays(country, years=year, categories=categories)
    return frozenset(calendar_.keys())


@dataclass(frozen=True)
class PublicHolidays:
    """A country's holidays from the `holidays` package, cached per year.

    Only the "public" category by default: for Denmark the optional days (1 May, Grundlovsdag,
    24 and 31 December) are working days for many municipal employees.
    """

    country: str = "DK"
    categories: tuple[str, ...] = ("public",)

    def __post_init__(self) -> None:
        # A misspelt country must fail when the configuration is built, not at the first send.
        try:
            holidays.country_holidays(self.country, categories=self.categories)
        except NotImplementedError as exc:
            raise ValueError(f"no holiday calendar for country {self.country!r}") from exc

    def is_holiday(self, day: date) -> bool:
        return day in _holiday_dates(self.country, self.categories, day.year)


DanishHolidays: Final = PublicHolidays("DK")


@dataclass(frozen=True)
class SendingWindow:
    """Local office hours [start, end) on the given weekdays (Monday is 0)."""

    start: time = time(9, 0)
    end: time = time(15, 0)
    weekdays: frozenset[int] = frozenset(range(5))
    country: str = "DK"
    observe_optional_holidays: bool = False

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("window times are local wall-clock times and must be naive")
        if not self.start < self.end:
            raise ValueError("window start must be before its end on the same day")
        if not self.weekdays:
            raise ValueError("a sending window needs at least one weekday")
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        # Validates the country now rather than at the first send.
        _calendar_for(self)

    @property
    def holiday_calendar(self) -> PublicHolidays:
        return _calendar_for(self)


@lru_cache(maxsize=64)
def _calendar_for(window: SendingWindow) -> PublicHolidays:
    categories = ("optional", "public") if window.observe_optional_holidays else ("public",)
    return PublicHolidays(window.country, categories)


DEFAULT_WINDOW: Final = SendingWindow()


def resolve_tz(tz_name: str | None, fallback_tz: str = DEFAULT_TZ) -> ZoneInfo:
    """The zone for an IANA name, or the fallback when the name is missing or unknown.

    Slack's user profile can omit the time zone or carry one this machine's tz database lacks;
    a follow-up at Danish office hours is better than no follow-up.
    """
    if tz_name:
        try:
            return ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return ZoneInfo(fallback_tz)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _local_wall_time(day: date, at: time, tz: tzinfo) -> datetime:
    """`day` at wall-clock time `at` in `tz`, as a UTC instant.

    fold=0 picks the first of two repeated times at fall-back; a time that does not exist at
    spring-forward comes out an hour later in wall-clock terms, i.e. just after the gap.
    """
    local = datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz)
    return local.astimezone(UTC)


def is_allowed_day(
    day: date,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    holiday_calendar: HolidayCalendar | None = None,
) -> bool:
    calendar_ = holiday_calendar if holiday_calendar is not None else window.holiday_calendar
    return day.weekday() in window.weekdays and not calendar_.is_holiday(day)


def next_allowed_moment(
    candidate: datetime,
    tz_name: str | None,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    holiday_calendar: HolidayCalendar | None = None,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime:
    """The earliest instant at or after `candidate` inside the recipient's sending window.

    `holiday_calendar` defaults to the public holidays of `window.country`.
    """
    _require_aware(candidate, "candidate")
    tz = resolve_tz(tz_name, fallback_tz)
    first_day = candidate.astimezone(tz).date()
    for offset in range(_MAX_DAYS_AHEAD):
        day = first_day + timedelta(days=offset)
        if not is_allowed_day(day, window, holiday_calendar=holiday_calendar):
            continue
        # Compared as instants, not wall-clock times, so the repeated hour at fall-back cannot
        # make the answer earlier than the candidate.
        opens = _local_wall_time(day, window.start, tz)
        closes = _local_wall_time(day, window.end, tz)
        if opens < closes and candidate < closes:
            return max(candidate, opens).astimezone(UTC)
    raise ValueError(f"no sending day within {_MAX_DAYS_AHEAD} days of {candidate.isoformat()}")


# What delivery re-checks before each send: a row planned inside the window can come due outside
# it (the worker was down, a backoff or a rate-limit wait moved it, a wave ran past closing).
WINDOWED_KINDS: Final = frozenset({MessageKind.FOLLOWUP, MessageKind.DIGEST})


def later_in_window(
    kind: str,
    now: datetime,
    tz_name: str | None,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime | None:
    """None when a `kind` message may go to this recipient at `now`; otherwise the next moment
    it may (weekday, office hours, public holidays, in the recipient's own time zone)."""
    if kind not in WINDOWED_KINDS:
        return None
    allowed = next_allowed_moment(now, tz_name, window, fallback_tz=fallback_tz)
    return allowed if allowed > now else None


_OFFSET_PART = re.compile(r"(\d+)\s*([dwm])")
_OFFSET_WHOLE = re.compile(r"(?:\d+\s*[dwm]\s*)+")


@dataclass(frozen=True)
class FollowUpOffset:
    """How long after the workshop a follow-up is due: calendar months first, then days."""

    days: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        if self.days < 0 or self.months < 0:
            raise ValueError("a follow-up offset cannot be negative")

    @classmethod
    def parse(cls, text: str) -> FollowUpOffset:
        """'14d', '2w', '3m', '6m' and combinations such as '1m2w' (case and spaces ignored)."""
        compact = text.strip().lower()
        if not _OFFSET_WHOLE.fullmatch(compact):
            raise ValueError(f"not a follow-up offset: {text!r} (use e.g. 14d, 2w, 3m)")
        days = months = 0
        for amount, unit in _OFFSET_PART.findall(compact):
            if unit == "d":
                days += int(amount)
            elif unit == "w":
                days += 7 * int(amount)
            else:
                months += int(amount)
        return cls(days=days, months=months)

    @property
    def code(self) -> str:
        """The canonical short form, which `parse` reads back to an equal offset."""
        parts = []
        if self.months:
            parts.append(f"{self.months}m")
        if self.days and self.days % 7 == 0:
            parts.append(f"{self.days // 7}w")
        elif self.days:
            parts.append(f"{self.days}d")
        return "".join(parts) or "0d"

    def label(self, lang: str = "da") -> str:
        """'2 uger' / '2 weeks', '3 måneder' / '3 months', '1 måned og 3 dage'."""
        english = lang.lower().startswith("en")
        parts: list[str] = []
        if self.months:
            parts.append(_count(self.months, ("måned", "måneder"), ("month", "months"), english))
        if self.days and self.days % 7 == 0:
            parts.append(_count(self.days // 7, ("uge", "uger"), ("week", "weeks"), english))
        elif self.days or not parts:
            parts.append(_count(self.days, ("dag", "dage"), ("day", "days"), english))
        return (" and " if english else " og ").join(parts)

    def apply(self, day: date) -> date:
        """`day` moved by the offset; a day past the target month's end clamps to its last day."""
        return add_months(day, self.months) + timedelta(days=self.days)


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic that clamps: 31 August + 6 months is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def _count(n: int, danish: tuple[str, str], english_: tuple[str, str], english: bool) -> str:
    singular, plural = english_ if english else danish
    return f"{n} {singular if n == 1 else plural}"


def follow_up_due_at(
    workshop_day: date,
    offset: FollowUpOffset,
    tz_name: str | None,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    holiday_calendar: HolidayCalendar | None = None,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime:
    """The first sending moment on or after the workshop day plus `offset`, at window start."""
    tz = resolve_tz(tz_name, fallback_tz)
    candidate = _local_wall_time(offset.apply(workshop_day), window.start, tz)
    return next_allowed_moment(
        candidate, tz_name, window, holiday_calendar=holiday_calendar, fallback_tz=fallback_tz
    )


def snooze_until(
    now: datetime,
    days: int = 7,
    tz_name: str | None = DEFAULT_TZ,
    window: SendingWindow = DEFAULT_WINDOW,
    *,
    holiday_calendar: HolidayCalendar | None = None,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime:
    """The first sending moment at or after the same local wall-clock time `days` days later.

    Counted in the recipient's calendar days, not 24-hour periods, so "snooze a week" lands at the
    same local hour even across a DST change.
    """
    _require_aware(now, "now")
    if days < 0:
        raise ValueError("cannot snooze into the past")
    tz = resolve_tz(tz_name, fallback_tz)
    local = now.astimezone(tz)
    later = _local_wall_time(local.date() + timedelta(days=days), local.time(), tz)
    return next_allowed_moment(
        later, tz_name, window, holiday_calendar=holiday_calendar, fallback_tz=fallback_tz
    )


def in_day_reminder_due_at(
    started_at: datetime, delay: timedelta = timedelta(minutes=45)
) -> datetime:
    """When to nudge a participant who started but did not finish during the workshop.

    No sending window: the workshop itself decides the hour.
    """
    _require_aware(started_at, "started_at")
    if delay < timedelta(0):
        raise ValueError("a reminder delay cannot be negative")
    return (started_at + delay).astimezone(UTC)


def weekly_after(
    start: datetime,
    now: datetime,
    weekday: int = 0,
    at: time = time(9, 0),
    tz_name: str | None = DEFAULT_TZ,
    *,
    fallback_tz: str = DEFAULT_TZ,
) -> datetime:
    """The next weekly moment (`weekday` at local `at`) strictly after `now`, never before `start`.

    Used for facilitator digests, which follow the clock rather than the holiday calendar.
    """
    _require_aware(start, "start")
    _require_aware(now, "now")
    if weekday not in range(7):
        raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
    tz = resolve_tz(tz_name, fallback_tz)
    first_day = max(start, now).astimezone(tz).date()
    # Eight days reach the same weekday a week later when today's slot has passed.
    for offset in range(8):
        day = first_day + timedelta(days=offset)
        if day.weekday() != weekday:
            continue
        moment = _local_wall_time(day, at, tz)
        if moment > now and moment >= start:
            return moment
    raise AssertionError("unreachable: every weekday occurs within eight days")
