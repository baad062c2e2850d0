"""Outcome measures against numbers worked out by hand from tests/flows/outcomes_scenario.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.followups import LightCounts
from flows.outcomes import (
    PersonMove,
    WaveMeasure,
    compare_workshops,
    compute_outcomes,
    current_lights,
    describe_median,
    describe_movement,
    describe_wave,
    digest_lines,
    group_movement,
    percent,
    person_movement,
)
from flows.steps import waves_of
from tests.flows.outcomes_scenario import (
    DAY,
    RATINGS,
    WAVES,
    at,
    rating,
    second_workshop,
    workshop,
)


def statuses(measure: WaveMeasure) -> dict[str, int]:
    return {k: v for k, v in measure.statuses.items() if v}


def test_it_counts_plans_and_people_with_a_re_plan_counted_once() -> None:
    outcomes = compute_outcomes(workshop())
    assert (outcomes.steps, outcomes.people, outcomes.hidden) == (6, 4, False)


def test_the_first_wave() -> None:
    # Reported in 2w: s1, s2, s3 and Bo's step 4 (4 of 6). As of 2w: s3 done, s1 under way,
    # s2 not started, step 4 needs help, s6 and s7 nothing. s3 was done on 3 November:
    # 19 days after 15 October.
    two_weeks = compute_outcomes(workshop()).waves[0]
    assert (two_weeks.wave, two_weeks.steps, two_weeks.reported) == ("2w", 6, 4)
    assert statuses(two_weeks) == {
        "done": 1,
        "under_way": 1,
        "not_started": 1,
        "need_help": 1,
        "open": 2,
    }
    assert two_weeks.reported_share == pytest.approx(4 / 6)
    assert two_weeks.progress_share == pytest.approx(2 / 6)
    assert two_weeks.median_days_to_done == 19.0


def test_the_second_wave_carries_statuses_and_follows_the_re_plan() -> None:
    # Reported in 3m: s1 (done 20 Jan), Bo's re-plan (and its new step under way), s6 (not
    # started): 3. Carried over: s3 done, s2 not started. s7 still nothing.
    # Days to done: s3 19; s1 15 Oct → 20 Jan = 17 + 30 + 31 + 19 = 97. Median of 19, 97: 58.
    three_months = compute_outcomes(workshop()).waves[1]
    assert (three_months.steps, three_months.reported) == (6, 3)
    assert statuses(three_months) == {"done": 2, "under_way": 1, "not_started": 2, "open": 1}
    assert three_months.progress_share == pytest.approx(3 / 6)
    assert three_months.median_days_to_done == 58.0


def test_the_third_wave_counts_a_status_given_on_the_home_tab() -> None:
    # Reported in 6m: s2 dropped, the revision done (16 Apr), s6 under way on the Home tab
    # (17 Apr, after 6m began on 15 April): 3. Days to done: 19, 97 and 15 Oct → 16 Apr = 183.
    six_months = compute_outcomes(workshop()).waves[2]
    assert (six_months.steps, six_months.reported) == (6, 3)
    assert statuses(six_months) == {"done": 3, "under_way": 1, "dropped": 1, "open": 1}
    assert six_months.progress_share == pytest.approx(4 / 6)
    assert six_months.done_share == pytest.approx(3 / 6)
    assert six_months.median_days_to_done == 97.0


def test_per_factor_figures_show_groups_of_enough_people_and_hide_the_rest() -> None:
    by_factor = {f.factor_id: f for f in compute_outcomes(workshop()).by_factor}
    assert {k: (f.steps, f.people, f.hidden) for k, f in by_factor.items()} == {
        "cross_organisation": (3, 3, False),  # s1 Anna, s3 Bo, s6 Cara
        "political_backing": (1, 1, True),  # s7 Dan
        "leadership_backing": (2, 2, True),  # s2 Anna, Bo's plan
        "existing_resources": (1, 1, True),  # Bo's plan (tagged by its original text)
    }
    cross = by_factor["cross_organisation"]
    # 2w: s1 under way, s3 done (both reported), s6 nothing; 3m: s1 done, s6 not started
    # reported; 6m: s6 under way reported. Done: s3 (19 days), then s1 (97).
    assert [(w.wave, w.reported, w.done, w.under_way) for w in cross.waves] == [
        ("2w", 2, 1, 1),
        ("3m", 2, 2, 0),
        ("6m", 1, 2, 1),
    ]
    assert [w.median_days_to_done for w in cross.waves] == [19.0, 58.0, 58.0]
    assert [w.progress_share for w in cross.waves] == pytest.approx([2 / 3, 2 / 3, 1.0])
    for hidden in ("political_backing", "leadership_backing", "existing_resources"):
        assert by_factor[hidden].waves == ()


def test_a_workshop_with_fewer_people_than_the_minimum_shows_counts_only() -> None:
    outcomes = compute_outcomes(workshop(min_group_size=5))
    assert (outcomes.steps, outcomes.people, outcomes.hidden) == (6, 4, True)
    assert outcomes.waves == () and outcomes.by_factor == ()
    assert outcomes.drop_reasons.counts is None


def test_drop_reasons_are_counted_when_enough_people_dropped_steps() -> None:
    assert compute_outcomes(workshop()).drop_reasons.counts is None  # one person < 3
    assert compute_outcomes(workshop()).drop_reasons.dropped == 1
    shown = compute_outcomes(workshop(min_group_size=1)).drop_reasons
    assert shown.counts == {
        "no_longer_relevant": 0,
        "no_time": 0,
        "no_backing": 1,
        "other": 0,
        "unknown": 0,
    }


def test_a_drop_without_a_reason_counts_as_unknown() -> None:
    record = workshop(min_group_size=1)
    steps = tuple(
        replace(s, history=tuple(replace(e, reason=None) for e in s.history)) for s in record.steps
    )
    reasons = compute_outcomes(replace(record, steps=steps)).drop_reasons
    assert reasons.counts is not None and reasons.counts["unknown"] == 1


# --- traffic lights --------------------------------------------------------------------------


def test_the_group_movement_counts_people_who_rated_on_the_day_and_again() -> None:
    movement = {(m.factor_id, m.wave): m for m in compute_outcomes(workshop()).movement}
    political = movement[("political_backing", "3m")]
    # Anna red → yellow, Bo yellow → yellow, Cara red → red; Dan has no day rating.
    assert (political.people, political.hidden) == (3, False)
    assert political.day == LightCounts(green=0, yellow=1, red=2)
    assert political.now == LightCounts(green=0, yellow=2, red=1)
    assert (political.better, political.same, political.worse) == (1, 2, 0)
    networks = movement[("networks", "3m")]
    # Anna yellow → green, Bo red → red, Cara red → green (her later answer replaces the
    # first): three people, not four answers.
    assert networks.people == 3
    assert networks.now == LightCounts(green=2, yellow=0, red=1)
    assert (networks.better, networks.same, networks.worse) == (2, 1, 0)


def test_movement_of_fewer_people_than_the_minimum_is_hidden() -> None:
    movement = {(m.factor_id, m.wave): m for m in compute_outcomes(workshop()).movement}
    bo_alone = movement[("political_backing", "2w")]
    assert (bo_alone.people, bo_alone.hidden, bo_alone.day, bo_alone.better) == (
        1,
        True,
        None,
        None,
    )
    assert ("networks", "2w") not in movement  # nobody re-rated networks at 2w


def test_movement_is_shown_even_when_the_step_figures_are_hidden() -> None:
    # The step figures need 5 people with steps; movement only 3 people who re-rated.
    outcomes = compute_outcomes(workshop(min_group_size=3))
    assert any(not m.hidden for m in outcomes.movement)
    stricter = group_movement(RATINGS, waves_of(DAY, WAVES), 4)
    assert all(m.hidden for m in stricter)


def test_a_person_sees_their_own_movement_since_the_day() -> None:
    annas = [r for r in RATINGS if r.person == "UANNA"]
    assert person_movement(annas, WAVES) == (
        PersonMove("political_backing", "red", "green", "6m"),
        PersonMove("networks", "yellow", "green", "3m"),
    )
    assert [m.change for m in person_movement(annas, WAVES)] == [2, 1]
    bos = [r for r in RATINGS if r.person == "UBO"]
    assert [(m.factor_id, m.change) for m in person_movement(bos, WAVES)] == [
        ("political_backing", 0),
        ("networks", 0),
    ]
    dans = [r for r in RATINGS if r.person == "UDAN"]
    assert person_movement(dans, WAVES) == ()


def test_current_lights_are_each_persons_latest() -> None:
    lights = current_lights(RATINGS)
    assert lights["UANNA"] == {"political_backing": "green", "networks": "green"}
    assert lights["UCARA"]["networks"] == "green"
    later = rating(3, "networks", "red", None, at(2027, 5, 1))
    assert current_lights([*RATINGS, later])["UCARA"]["networks"] == "red"


# --- across workshops ------------------------------------------------------------------------


def test_workshops_compare_side_by_side_and_pool_by_wave() -> None:
    cross = compare_workshops([workshop(), second_workshop()])
    assert cross.wave_codes == ("2w", "3m", "6m")
    assert [w.code for w in cross.workshops] == ["ABCDEF", "GHIJKL"]
    # Anna took part in both: six people, not seven participations.
    assert (cross.steps, cross.people, cross.hidden) == (9, 6, False)
    two, three, six = cross.pooled
    # 2w: 6 + 3 steps; reported 4 + 2; done s3 and s8, under way s1 and s9. Days to done:
    # 19, and 14 Jan → 1 Feb = 18. Median 18.5.
    assert (two.steps, two.reported, two.done, two.under_way) == (9, 6, 2, 2)
    assert two.median_days_to_done == 18.5
    # 3m: the second workshop reports nothing new; its statuses carry over.
    assert (three.steps, three.reported, three.done, three.under_way) == (9, 3, 3, 2)
    assert three.progress_share == pytest.approx(5 / 9)
    assert three.median_days_to_done == 19.0
    # 6m: only the first workshop has that wave.
    assert (six.steps, six.reported, six.done) == (6, 3, 3)


def test_pooled_factors_count_people_across_workshops() -> None:
    cross = compare_workshops([workshop(), second_workshop()])
    by_factor = {f.factor_id: f for f in cross.pooled_by_factor}
    # cross_organisation: Anna's s1 and s8, Bo's s3, Cara's s6: four steps, three people.
    assert (by_factor["cross_organisation"].steps, by_factor["cross_organisation"].people) == (
        4,
        3,
    )
    assert not by_factor["cross_organisation"].hidden
    assert by_factor["other"].hidden  # Eve and Finn: two people


def test_the_pool_applies_the_strictest_minimum_and_counts_people_once() -> None:
    strict = compare_workshops([workshop(min_group_size=6), second_workshop()])
    assert (strict.min_group_size, strict.people, strict.hidden) == (6, 6, False)
    assert strict.workshops[0].hidden and not strict.workshops[1].hidden
    stricter = compare_workshops([workshop(min_group_size=7), second_workshop()])
    assert stricter.hidden and stricter.pooled == ()


# --- sentences ---------------------------------------------------------------------------------


def test_the_figures_read_as_sentences_in_danish_and_english() -> None:
    outcomes = compute_outcomes(workshop())
    two, three, _ = outcomes.waves
    assert describe_wave(two, "da") == (
        "*2 uger:* status på 4 af 6 skridt (67\xa0%) · 33\xa0% gennemført eller i gang"
    )
    assert describe_wave(three, "en") == (
        "*3 months:* status for 3 of 6 steps (50%) · 50% done or under way"
    )
    assert describe_median(two, "da") == "Median: 19 dage fra temadagen til gennemført (1 skridt)"
    assert describe_median(two, "en") == "Median: 19 days from the workshop to done (1 step)"
    assert describe_median(outcomes.by_factor[0].waves[1], "da").startswith("Median: 58 dage")
    assert percent(None, "da") == "–"


def test_a_one_step_wave_and_a_one_day_median_take_the_singular() -> None:
    one = WaveMeasure("2w", 1, 1, {"done": 1}, 1.0)
    assert (
        describe_wave(one, "en")
        == "*2 weeks:* status for 1 of 1 step (100%) · 100% done or under way"
    )
    assert describe_median(one, "da") == "Median: 1 dag fra temadagen til gennemført (1 skridt)"
    assert describe_median(one, "en") == "Median: 1 day from the workshop to done (1 step)"
    none = WaveMeasure("2w", 1, 0, {"open": 1}, None)
    assert describe_median(none, "da") == "Ingen skridt er gennemført endnu."


def test_a_half_day_median_is_written_with_a_danish_decimal_comma() -> None:
    pooled = compare_workshops([workshop(), second_workshop()]).pooled[0]
    assert describe_median(pooled, "da") == (
        "Median: 18,5 dage fra temadagen til gennemført (2 skridt)"
    )
    assert describe_median(pooled, "en") == (
        "Median: 18.5 days from the workshop to done (2 steps)"
    )


def test_movement_reads_as_a_sentence_or_says_why_it_is_hidden() -> None:
    movement = {(m.factor_id, m.wave): m for m in compute_outcomes(workshop()).movement}
    assert describe_movement(movement[("networks", "3m")], "da", 3) == (
        "Relationer og netværk mellem kommuner: 3 har vurderet igen · 2 bedre, 1 uændret, 0 værre"
    )
    assert describe_movement(movement[("political_backing", "2w")], "en", 3) == (
        "Political backing: 1 person rated it again; the breakdown is shown once at least 3 "
        "have done so, so that individuals are harder to recognise."
    )


def test_it_gives_the_digest_the_waves_up_to_its_own_with_its_movement() -> None:
    outcomes = compute_outcomes(workshop())
    two, three, _ = outcomes.waves
    movement = [m for m in outcomes.movement if m.wave == "3m"]
    assert movement
    assert digest_lines(outcomes, "3m", "en") == [
        describe_wave(two, "en"),
        describe_wave(three, "en"),
        describe_median(three, "en"),
        "",
        *(describe_movement(m, "en", outcomes.min_group_size) for m in movement),
    ]
