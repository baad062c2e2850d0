from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.timing import (
    DanishHolidays,
    FollowUpOffset,
    PublicHolidays,
    SendingWindow,
    follow_up_due_at,
    in_day_reminder_due_at,
    is_allowed_day,
    next_allowed_moment,
    resolve_tz,
    snooze_until,
    weekly_after,
)

CPH = ZoneInfo("Europe/Copenhagen")
NYC = ZoneInfo("America/New_York")
WINDOW = SendingWindow()


def cph(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CPH)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def nam(candidate: datetime, tz_name: str = "Europe/Copenhagen") -> datetime:
    return next_allowed_moment(candidate, tz_name, WINDOW)


# --- the window itself -------------------------------------------------------------------------


def test_it_keeps_a_moment_inside_the_window_and_returns_it_in_utc() -> None:
    result = nam(cph(2026, 3, 10, 11, 30))  # a Tuesday
    assert result == utc(2026, 3, 10, 10, 30)
    assert result.tzinfo is UTC


def test_it_moves_a_moment_before_opening_to_the_same_mornings_start() -> None:
    assert nam(cph(2026, 3, 10, 6, 15)) == utc(2026, 3, 10, 8, 0)


def test_it_moves_a_moment_after_closing_to_the_next_working_mornings_start() -> None:
    assert nam(cph(2026, 3, 10, 15, 0)) == utc(2026, 3, 11, 8, 0)
    assert nam(cph(2026, 3, 10, 23, 59)) == utc(2026, 3, 11, 8, 0)


def test_it_moves_a_friday_afternoon_follow_up_to_monday_morning() -> None:
    assert nam(cph(2026, 3, 13, 16, 0)) == utc(2026, 3, 16, 8, 0)


def test_it_moves_a_saturday_follow_up_to_monday_morning() -> None:
    result = nam(cph(2026, 3, 14, 10, 0))
    assert result.astimezone(CPH) == cph(2026, 3, 16, 9, 0)


def test_it_judges_the_day_in_the_recipients_time_zone_not_in_utc() -> None:
    # 23:30 UTC on a Friday is already Saturday in Copenhagen.
    assert nam(utc(2026, 3, 13, 23, 30)) == utc(2026, 3, 16, 8, 0)


def test_it_accepts_a_candidate_in_any_time_zone() -> None:
    candidate = datetime(2026, 3, 10, 5, 30, tzinfo=NYC)  # 10:30 in Copenhagen
    assert nam(candidate) == candidate.astimezone(UTC)


def test_it_rejects_a_naive_candidate() -> None:
    with pytest.raises(ValueError, match="aware"):
        nam(datetime(2026, 3, 10, 10, 0))


def test_it_honours_a_custom_window_and_weekdays() -> None:
    window = SendingWindow(start=time(10, 0), end=time(12, 0), weekdays=frozenset({2}))
    result = next_allowed_moment(cph(2026, 3, 10, 11, 0), "Europe/Copenhagen", window)
    assert result.astimezone(CPH) == cph(2026, 3, 11, 10, 0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": time(15, 0), "end": time(9, 0)},
        {"start": time(9, 0), "end": time(9, 0)},
        {"weekdays": frozenset()},
        {"weekdays": frozenset({7})},
        {"start": time(9, 0, tzinfo=UTC)},
        {"country": "XX"},
    ],
)
def test_it_rejects_a_window_that_could_never_work(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SendingWindow(**kwargs)  # type: ignore[arg-type]


# --- Danish public holidays --------------------------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),  # nytårsdag
        date(2026, 4, 2),  # skærtorsdag
        date(2026, 4, 3),  # langfredag
        date(2026, 4, 5),  # påskedag
        date(2026, 4, 6),  # 2. påskedag
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 24),  # pinsedag
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 12, 25),  # juledag
        date(2026, 12, 26),  # 2. juledag
    ],
)
def test_it_knows_the_danish_public_holidays_of_2026(holiday: date) -> None:
    assert DanishHolidays.is_holiday(holiday)


@pytest.mark.parametrize(
    "working_day",
    [
        date(2026, 5, 1),  # arbejdernes kampdag: not a public holiday
        date(2026, 6, 5),  # grundlovsdag: not a public holiday
        date(2026, 12, 24),  # juleaftensdag: not a public holiday
        date(2024, 4, 26),  # store bededag, abolished from 2024
        date(2026, 5, 8),  # would have been store bededag
    ],
)
def test_it_treats_customary_days_off_as_working_days_by_default(working_day: date) -> None:
    assert not DanishHolidays.is_holiday(working_day)
    assert is_allowed_day(working_day)


def test_it_still_knows_store_bededag_before_it_was_abolished() -> None:
    assert DanishHolidays.is_holiday(date(2023, 5, 5))


def test_it_can_observe_the_optional_days_off_too() -> None:
    window = SendingWindow(observe_optional_holidays=True)
    assert not is_allowed_day(date(2026, 12, 24), window)
    assert not is_allowed_day(date(2026, 6, 5), window)


def test_it_moves_a_follow_up_over_the_whole_easter_break() -> None:
    # Skærtorsdag to 2. påskedag: Thursday 2 April to Monday 6 April 2026.
    assert nam(cph(2026, 4, 1, 15, 30)) == utc(2026, 4, 7, 7, 0)


def test_it_moves_a_follow_up_off_ascension_day_to_the_friday_after() -> None:
    assert nam(cph(2026, 5, 14, 10, 0)).astimezone(CPH) == cph(2026, 5, 15, 9, 0)


def test_it_moves_a_follow_up_off_whit_monday() -> None:
    assert nam(cph(2026, 5, 23, 10, 0)).astimezone(CPH) == cph(2026, 5, 26, 9, 0)


def test_it_moves_a_follow_up_over_christmas_and_new_year() -> None:
    assert nam(cph(2026, 12, 25, 10, 0)).astimezone(CPH) == cph(2026, 12, 28, 9, 0)
    assert nam(cph(2027, 1, 1, 10, 0)).astimezone(CPH) == cph(2027, 1, 4, 9, 0)


def test_it_accepts_another_holiday_calendar() -> None:
    class EveryTuesdayOff:
        def is_holiday(self, day: date) -> bool:
            return day.weekday() == 1

    result = next_allowed_moment(
        cph(2026, 3, 10, 10, 0), "Europe/Copenhagen", WINDOW, holiday_calendar=EveryTuesdayOff()
    )
    assert result.astimezone(CPH) == cph(2026, 3, 11, 9, 0)


def test_it_uses_the_windows_country_for_holidays() -> None:
    sweden = SendingWindow(country="SE")
    # 6 June is Sweden's national day; in Denmark 2025-06-06 is an ordinary Friday.
    assert not is_allowed_day(date(2025, 6, 6), sweden)
    assert is_allowed_day(date(2025, 6, 6))


def test_it_refuses_an_unknown_holiday_country() -> None:
    with pytest.raises(ValueError, match="XX"):
        PublicHolidays("XX")


# --- daylight saving time ----------------------------------------------------------------------


def test_it_opens_at_seven_utc_in_summer_and_eight_utc_in_winter() -> None:
    assert nam(utc(2026, 7, 1, 0, 0)) == utc(2026, 7, 1, 7, 0)
    assert nam(utc(2026, 1, 14, 0, 0)) == utc(2026, 1, 14, 8, 0)


def test_it_opens_at_local_nine_on_the_monday_after_spring_forward() -> None:
    # Clocks go forward on Sunday 29 March 2026.
    result = nam(cph(2026, 3, 28, 12, 0))
    assert result == utc(2026, 3, 30, 7, 0)
    assert result.astimezone(CPH).time() == time(9, 0)


def test_it_opens_at_local_nine_on_the_monday_after_fall_back() -> None:
    # Clocks go back on Sunday 25 October 2026.
    result = nam(cph(2026, 10, 24, 12, 0))
    assert result == utc(2026, 10, 26, 8, 0)
    assert result.astimezone(CPH).time() == time(9, 0)


def test_it_closes_at_local_time_on_the_friday_before_spring_forward() -> None:
    assert nam(utc(2026, 3, 27, 13, 59)) == utc(2026, 3, 27, 13, 59)
    assert nam(utc(2026, 3, 27, 14, 0)) == utc(2026, 3, 30, 7, 0)


def test_it_moves_past_a_window_start_that_falls_in_the_dst_gap() -> None:
    # 02:30 does not exist on 29 March 2026 in Copenhagen; sending just after the gap is fine.
    window = SendingWindow(start=time(2, 30), end=time(4, 0), weekdays=frozenset(range(7)))
    result = next_allowed_moment(cph(2026, 3, 29, 0, 0), "Europe/Copenhagen", window)
    assert result == utc(2026, 3, 29, 1, 30)
    assert result.astimezone(CPH).time() == time(3, 30)


def test_it_never_goes_back_in_time_in_the_repeated_fall_back_hour() -> None:
    window = SendingWindow(start=time(2, 30), end=time(4, 0), weekdays=frozenset(range(7)))
    # 02:15 in the second (standard time) pass comes after 02:30 in the first pass.
    candidate = datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=CPH)
    # Compared in UTC: Python never calls a time in a repeated hour equal across zones.
    assert next_allowed_moment(candidate, "Europe/Copenhagen", window) == utc(2026, 10, 25, 1, 15)


# --- the recipient's time zone -----------------------------------------------------------------


def test_it_uses_the_recipients_own_office_hours_in_new_york() -> None:
    # 10:00 in Copenhagen is 04:00 in New York, so the New York window has not opened yet.
    result = next_allowed_moment(cph(2026, 7, 1, 10, 0), "America/New_York", WINDOW)
    assert result.astimezone(NYC) == datetime(2026, 7, 1, 9, 0, tzinfo=NYC)
    assert result == utc(2026, 7, 1, 13, 0)


def test_it_still_skips_danish_holidays_for_a_recipient_abroad() -> None:
    result = next_allowed_moment(
        datetime(2026, 12, 25, 10, 0, tzinfo=NYC), "America/New_York", WINDOW
    )
    assert result.astimezone(NYC) == datetime(2026, 12, 28, 9, 0, tzinfo=NYC)


@pytest.mark.parametrize("bad", ["Mars/Olympus_Mons", "", None, "../../etc/passwd", "Europe"])
def test_it_falls_back_to_copenhagen_for_an_unknown_time_zone(bad: str | None) -> None:
    assert resolve_tz(bad) == CPH
    assert next_allowed_moment(cph(2026, 3, 14, 10, 0), bad, WINDOW) == utc(2026, 3, 16, 8, 0)


def test_it_falls_back_to_a_chosen_time_zone() -> None:
    result = next_allowed_moment(
        utc(2026, 7, 1, 0, 0), "nope", WINDOW, fallback_tz="America/New_York"
    )
    assert result == utc(2026, 7, 1, 13, 0)


# --- follow-up offsets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", FollowUpOffset(days=14)),
        ("2w", FollowUpOffset(days=14)),
        ("3m", FollowUpOffset(months=3)),
        ("6M", FollowUpOffset(months=6)),
        (" 1m 2w ", FollowUpOffset(days=14, months=1)),
    ],
)
def test_it_parses_follow_up_offsets(text: str, expected: FollowUpOffset) -> None:
    assert FollowUpOffset.parse(text) == expected


@pytest.mark.parametrize("text", ["", "2", "w", "2 weeks", "-3m", "3y", "3m!"])
def test_it_rejects_an_offset_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError):
        FollowUpOffset.parse(text)


def test_it_rejects_a_negative_offset() -> None:
    with pytest.raises(ValueError):
        FollowUpOffset(days=-1)


@pytest.mark.parametrize(
    ("offset", "danish", "english"),
    [
        (FollowUpOffset(days=14), "2 uger", "2 weeks"),
        (FollowUpOffset(days=7), "1 uge", "1 week"),
        (FollowUpOffset(days=10), "10 dage", "10 days"),
        (FollowUpOffset(days=1), "1 dag", "1 day"),
        (FollowUpOffset(months=3), "3 måneder", "3 months"),
        (FollowUpOffset(months=1), "1 måned", "1 month"),
        (FollowUpOffset(months=1, days=3), "1 måned og 3 dage", "1 month and 3 days"),
    ],
)
def test_it_labels_offsets_in_danish_and_english(
    offset: FollowUpOffset, danish: str, english: str
) -> None:
    assert offset.label("da") == danish
    assert offset.label("en") == english
    assert offset.label("en-GB") == english


@given(st.integers(0, 400), st.integers(0, 60))
def test_it_reads_back_its_own_offset_code(days: int, months: int) -> None:
    offset = FollowUpOffset(days=days, months=months)
    assert FollowUpOffset.parse(offset.code) == offset


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
    ],
)
def test_it_clamps_month_arithmetic_to_the_end_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert FollowUpOffset(months=months).apply(start) == expected


def test_it_adds_months_before_days() -> None:
    assert FollowUpOffset(months=1, days=1).apply(date(2026, 1, 31)) == date(2026, 3, 1)


def test_it_sends_a_two_week_follow_up_at_nine_on_the_day() -> None:
    # Workshop on Thursday 8 October 2026; two weeks later is Thursday 22 October (summer time).
    due = follow_up_due_at(date(2026, 10, 8), FollowUpOffset.parse("2w"), "Europe/Copenhagen")
    assert due == utc(2026, 10, 22, 7, 0)


def test_it_sends_a_follow_up_in_winter_at_local_nine() -> None:
    due = follow_up_due_at(date(2026, 10, 8), FollowUpOffset.parse("3m"), "Europe/Copenhagen")
    assert due == utc(2027, 1, 8, 8, 0)


def test_it_moves_a_clamped_follow_up_off_the_weekend() -> None:
    # 31 August 2026 + 6 months = Sunday 28 February 2027.
    due = follow_up_due_at(date(2026, 8, 31), FollowUpOffset.parse("6m"), "Europe/Copenhagen")
    assert due.astimezone(CPH) == cph(2027, 3, 1, 9, 0)


def test_it_moves_a_follow_up_that_lands_on_a_holiday() -> None:
    # 20 March + 2 weeks = Friday 3 April 2026, langfredag.
    due = follow_up_due_at(date(2026, 3, 20), FollowUpOffset(days=14), "Europe/Copenhagen")
    assert due.astimezone(CPH) == cph(2026, 4, 7, 9, 0)


def test_it_sends_a_follow_up_at_nine_in_the_recipients_own_zone() -> None:
    due = follow_up_due_at(date(2026, 10, 8), FollowUpOffset(days=14), "America/New_York")
    assert due == datetime(2026, 10, 22, 9, 0, tzinfo=NYC).astimezone(UTC)


# --- snoozing, in-day reminders and weekly digests ---------------------------------------------


def test_it_snoozes_for_a_week_to_the_same_local_hour() -> None:
    now = cph(2026, 3, 10, 11, 0)
    assert snooze_until(now).astimezone(CPH) == cph(2026, 3, 17, 11, 0)


def test_it_snoozes_across_spring_forward_without_shifting_the_hour() -> None:
    now = cph(2026, 3, 24, 10, 0)
    assert snooze_until(now) == utc(2026, 3, 31, 8, 0)  # 10:00 CEST


def test_it_snoozes_an_evening_click_to_the_morning_a_week_later() -> None:
    now = cph(2026, 3, 10, 21, 0)
    assert snooze_until(now).astimezone(CPH) == cph(2026, 3, 18, 9, 0)


def test_it_snoozes_an_early_click_to_window_start_a_week_later() -> None:
    now = cph(2026, 3, 10, 6, 45)
    assert snooze_until(now).astimezone(CPH) == cph(2026, 3, 17, 9, 0)


def test_it_snoozes_onto_the_next_working_day_when_a_week_later_is_a_holiday() -> None:
    now = cph(2026, 5, 7, 10, 0)  # a week later is Kristi himmelfartsdag
    assert snooze_until(now, days=7).astimezone(CPH) == cph(2026, 5, 15, 9, 0)


def test_it_snoozes_for_a_chosen_number_of_days_in_the_recipients_zone() -> None:
    now = datetime(2026, 3, 10, 10, 0, tzinfo=NYC)
    result = snooze_until(now, 2, "America/New_York")
    assert result.astimezone(NYC) == datetime(2026, 3, 12, 10, 0, tzinfo=NYC)


def test_it_refuses_to_snooze_into_the_past() -> None:
    with pytest.raises(ValueError):
        snooze_until(cph(2026, 3, 10, 10, 0), days=-1)


def test_it_reminds_during_the_workshop_without_a_sending_window() -> None:
    started = cph(2026, 3, 14, 16, 30)  # a Saturday workshop running late
    assert in_day_reminder_due_at(started) == utc(2026, 3, 14, 16, 15)
    assert in_day_reminder_due_at(started, timedelta(minutes=10)) == utc(2026, 3, 14, 15, 40)


def test_it_rejects_a_naive_start_for_a_reminder() -> None:
    with pytest.raises(ValueError):
        in_day_reminder_due_at(datetime(2026, 3, 14, 16, 30))


def test_it_plans_the_next_weekly_digest_on_monday_morning() -> None:
    start = utc(2026, 3, 1)
    now = cph(2026, 3, 11, 14, 0)  # a Wednesday
    assert weekly_after(start, now) == cph(2026, 3, 16, 9, 0).astimezone(UTC)


def test_it_plans_the_digest_strictly_after_now() -> None:
    start = utc(2026, 3, 1)
    monday_nine = cph(2026, 3, 16, 9, 0)
    assert weekly_after(start, monday_nine) == cph(2026, 3, 23, 9, 0).astimezone(UTC)
    assert weekly_after(start, monday_nine - timedelta(seconds=1)) == monday_nine


def test_it_does_not_plan_a_digest_before_the_series_starts() -> None:
    start = cph(2026, 4, 1, 12, 0)  # a Wednesday
    now = cph(2026, 3, 10, 8, 0)
    assert weekly_after(start, now, weekday=2, at=time(13, 0)) == cph(2026, 4, 1, 13, 0)
    assert weekly_after(start, now, weekday=2, at=time(11, 0)) == cph(2026, 4, 8, 11, 0)


def test_it_keeps_the_digest_at_local_nine_across_dst() -> None:
    start = utc(2026, 3, 1)
    assert weekly_after(start, cph(2026, 3, 24, 12, 0)) == utc(2026, 3, 30, 7, 0)
    assert weekly_after(start, cph(2026, 3, 20, 12, 0)) == utc(2026, 3, 23, 8, 0)


# --- properties --------------------------------------------------------------------------------

ZONES = ["Europe/Copenhagen", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.just(UTC),
    ),
    tz_name=st.sampled_from(ZONES),
)
def test_it_always_lands_inside_the_window_on_an_allowed_day(
    moment: datetime, tz_name: str
) -> None:
    result = next_allowed_moment(moment, tz_name, WINDOW)
    local = result.astimezone(ZoneInfo(tz_name))
    assert result >= moment
    assert result.tzinfo is UTC
    assert is_allowed_day(local.date(), WINDOW)
    assert WINDOW.start <= local.time() < WINDOW.end
    assert next_allowed_moment(result, tz_name, WINDOW) == result


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.just(UTC),
    ),
    tz_name=st.sampled_from(ZONES),
)
def test_it_never_skips_a_moment_that_was_already_allowed(moment: datetime, tz_name: str) -> None:
    local = moment.astimezone(ZoneInfo(tz_name))
    allowed = is_allowed_day(local.date()) and WINDOW.start <= local.time() < WINDOW.end
    if allowed:
        assert next_allowed_moment(moment, tz_name, WINDOW) == moment
