"""Which follow-ups a participant gets and when, and what a wave's digest says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flows.followups import (
    DigestParticipant,
    compute_digest,
    digest_moments,
    followups_for,
    reminder_still_relevant,
)
from flows.timing import SendingWindow

DAY = date(2026, 10, 17)  # a Saturday


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


def test_it_plans_each_offset_at_nine_local_on_the_next_working_day() -> None:
    planned = followups_for(DAY, ["2w", "3m", "6m"], "Europe/Copenhagen", utc(2026, 10, 17))
    assert [(p.wave, p.due_at) for p in planned] == [
        ("2w", utc(2026, 11, 2, 8)),  # Saturday 31 Oct → Monday, winter time
        ("3m", utc(2027, 1, 18, 8)),  # Sunday → Monday
        ("6m", utc(2027, 4, 19, 7)),  # Saturday → Monday, summer time (UTC+2)
    ]


def test_it_plans_in_the_recipients_own_time_zone() -> None:
    (planned,) = followups_for(DAY, ["2w"], "America/New_York", utc(2026, 10, 17))
    assert planned.due_at == utc(2026, 11, 2, 14)  # 9:00 EST, after the US clock change


def test_it_moves_a_follow_up_off_christmas_and_the_weekend() -> None:
    (planned,) = followups_for(date(2026, 12, 11), ["2w"], "Europe/Copenhagen", utc(2026, 12, 11))
    assert planned.due_at == utc(2026, 12, 28, 8)  # Fri 25th is Christmas, then a weekend


def test_it_keeps_local_nine_across_the_spring_dst_change() -> None:
    (planned,) = followups_for(date(2026, 3, 14), ["2w"], "Europe/Copenhagen", utc(2026, 3, 14))
    assert planned.due_at == utc(2026, 3, 30, 7)  # Sat 28 Mar → Mon 30 Mar, CEST


def test_it_honours_a_custom_sending_window() -> None:
    window = SendingWindow(
        start=datetime.min.time().replace(hour=13), end=datetime.min.time().replace(hour=16)
    )
    (planned,) = followups_for(DAY, ["2w"], "Europe/Copenhagen", utc(2026, 10, 17), window)
    assert planned.due_at == utc(2026, 11, 2, 12)


def test_it_leaves_out_a_wave_whose_successor_is_already_due() -> None:
    late = utc(2027, 2, 1)
    planned = followups_for(DAY, ["2w", "3m", "6m"], None, late)
    assert [p.wave for p in planned] == ["3m", "6m"]


def test_it_skips_unreadable_and_repeated_offsets() -> None:
    planned = followups_for(DAY, ["2w", "14d", "soon"], None, utc(2026, 10, 17))
    assert [p.wave for p in planned] == ["2w"]


def test_an_in_day_reminder_is_only_relevant_on_the_day_the_person_started() -> None:
    started = utc(2026, 10, 17, 9)
    assert reminder_still_relevant(started, utc(2026, 10, 17, 21), "Europe/Copenhagen")
    assert not reminder_still_relevant(started, utc(2026, 10, 17, 22, 30), "Europe/Copenhagen")


def test_digests_come_after_the_wave_then_weekly_while_it_collects() -> None:
    wave = utc(2026, 11, 2, 8)
    moments = digest_moments(wave, wave + timedelta(days=28), after_days=3, cadence_days=7)
    assert [(m.number, m.due_at) for m in moments] == [
        (0, utc(2026, 11, 5, 8)),
        (1, utc(2026, 11, 12, 8)),
        (2, utc(2026, 11, 19, 8)),
        (3, utc(2026, 11, 26, 8)),
    ]


def person(
    user: str,
    statuses: tuple[str, ...],
    *,
    named: bool = False,
    invited: bool = True,
    helped: str | None = None,
    day: dict[str, str] | None = None,
    now: dict[str, str] | None = None,
) -> DigestParticipant:
    return DigestParticipant(
        user_id=user,
        named=named,
        invited=invited,
        statuses=statuses,
        answered_questions=helped is not None or bool(now),
        helped=helped,
        day_lights=day or {},
        followup_lights=now or {},
    )


def test_the_digest_counts_responses_statuses_and_names_only_who_agreed() -> None:
    people = [
        person("U1", ("done", "need_help"), named=True, helped="Politisk opbakning i udvalget"),
        person("U2", ("need_help",), helped="Et godt netværk med nabokommunen"),
        person("U3", ("open",)),
        person("U4", ("open",), invited=False),
    ]
    digest = compute_digest("2w", people, min_group_size=2)
    assert (digest.invited, digest.responded) == (3, 2)
    assert digest.response_rate == 2 / 3
    assert not digest.hidden
    assert digest.need_help_named == ["U1"] and digest.need_help_unnamed == 1
    assert digest.helped is not None
    assert digest.helped["political_backing"] == ["Politisk opbakning i udvalget"]
    assert "networks" in digest.helped


def test_the_digest_hides_breakdowns_below_the_minimum_group_size() -> None:
    people = [person("U1", ("done",), helped="Ledelsen bakkede op"), person("U2", ("open",))]
    digest = compute_digest("2w", people, min_group_size=5)
    assert digest.hidden and digest.helped is None and digest.light_changes is None
    assert digest.responded == 1


def test_the_digest_compares_traffic_lights_from_the_day_with_the_follow_up() -> None:
    people = [
        person("U1", ("done",), day={"networks": "red"}, now={"networks": "green"}),
        person("U2", ("done",), day={"networks": "yellow"}, now={"networks": "red"}),
        person("U3", ("done",), day={"networks": "green"}),
    ]
    digest = compute_digest("3m", people, min_group_size=2)
    assert digest.light_respondents == 2
    assert digest.light_changes is not None
    (change,) = digest.light_changes
    assert (change.factor_id, change.better, change.worse) == ("networks", 1, 1)
    assert (change.day.red, change.day.yellow, change.followup.green) == (1, 1, 1)


def test_a_factor_only_one_person_re_rated_is_hidden_though_enough_re_rated_others() -> None:
    political = {"political_backing": "red"}
    people = [
        person(
            "U1",
            ("done",),
            day={**political, "networks": "yellow"},
            now={"political_backing": "green", "networks": "green"},
        ),
        person("U2", ("done",), day=political, now={"political_backing": "yellow"}),
        person("U3", ("done",), day=political, now={"political_backing": "red"}),
    ]
    digest = compute_digest("3m", people, min_group_size=3)
    assert digest.light_respondents == 3
    assert digest.light_changes is not None
    assert [change.factor_id for change in digest.light_changes] == ["political_backing"]
    assert digest.light_changes[0].people == 3
    # Networks: re-rated by one person, so its count only.
    assert digest.lights_hidden == (("networks", 1),)


def test_the_default_offsets_read_back_as_typed_in_either_language() -> None:
    from flows.followups import DEFAULT_OFFSETS, offsets_text, read_offsets

    assert offsets_text(DEFAULT_OFFSETS, "da") == "2u, 3m, 6m"
    assert offsets_text(DEFAULT_OFFSETS, "en") == "2w, 3m, 6m"
    for lang in ("da", "en"):
        assert read_offsets(offsets_text(DEFAULT_OFFSETS, lang)) == (DEFAULT_OFFSETS, None)
