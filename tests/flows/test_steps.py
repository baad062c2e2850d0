"""A next step's path across waves, re-plans, carried-over steps and shared help requests."""

from __future__ import annotations

from datetime import date

from flows.steps import (
    Chain,
    HelpRequest,
    can_replan,
    carry_forward,
    chain_at_waves,
    chains,
    followed_up,
    render_path,
    shared_with_facilitator,
    status_path,
    wave_of_event,
    wave_path,
    waves_of,
)
from tests.flows.outcomes_scenario import DAY, STEPS, STEPS2, WAVES, at, ev, step


def chain_of(step_id: int) -> Chain:
    return next(c for c in chains(STEPS) if any(s.step_id == step_id for s in c.steps))


def test_the_waves_begin_at_their_offsets_from_the_day() -> None:
    assert [(w.code, w.starts_on) for w in waves_of(DAY, ["6m", "2w", "3m", "14d", "bad"])] == [
        ("2w", date(2026, 10, 29)),
        ("3m", date(2027, 1, 15)),
        ("6m", date(2027, 4, 15)),
    ]


def test_a_status_given_outside_a_follow_up_belongs_to_the_wave_begun_that_day() -> None:
    waves = waves_of(DAY, WAVES)
    assert wave_of_event(ev("done", at(2027, 4, 17), None), waves) == "6m"
    assert wave_of_event(ev("done", at(2027, 4, 14), None), waves) == "3m"
    assert wave_of_event(ev("done", at(2026, 10, 20), None), waves) is None
    # Its own wave wins over the date (a late answer to the 2w follow-up in January).
    assert wave_of_event(ev("done", at(2027, 1, 20), "2w"), waves) == "2w"
    # 28 October 23:30 UTC is already 29 October in Copenhagen: the 2w wave has begun.
    assert wave_of_event(ev("done", at(2026, 10, 28, 23, 30), None), waves) == "2w"


def test_a_re_planned_step_and_its_revision_are_one_plan() -> None:
    plans = chains(STEPS)
    assert [[s.step_id for s in c.steps] for c in plans] == [[1], [2], [3], [4, 5], [6], [7]]
    assert [s.step_id for s in followed_up(STEPS)] == [1, 2, 3, 5, 6, 7]


def test_only_the_latest_revision_can_be_re_planned() -> None:
    old, new = chain_of(4).steps
    assert not can_replan(old, STEPS)
    assert can_replan(new, STEPS)


def test_a_replacement_shows_in_the_path_even_when_none_was_recorded() -> None:
    old = step(20, 1, 1, "Gammel plan", ev("under_way", at(2026, 11, 2), "2w"))
    new = step(21, 1, 1021, "Ny plan", replaces=20, created_at=at(2027, 1, 18))
    (plan,) = chains([new, old])
    assert status_path(plan) == ("under_way", "replaced")
    assert plan.status == "open"  # the new plan has no status yet


def test_the_path_reads_as_the_person_sees_it_on_the_home_tab() -> None:
    triple = step(
        30,
        3,
        1,
        "Præsentere planen",
        ev("not_started", at(2026, 11, 2), "2w"),
        ev("not_started", at(2026, 11, 9), "2w"),
        ev("under_way", at(2027, 1, 19), "3m"),
        ev("done", at(2027, 4, 19), "6m"),
    )
    (plan,) = chains([triple])
    assert render_path(status_path(plan), "da") == "ikke startet → i gang → gennemført"
    assert render_path(status_path(plan), "en") == "not started → under way → done"
    assert render_path(status_path(chain_of(4)), "da") == (
        "har brug for hjælp → erstattet af en ny plan → i gang → gennemført"
    )
    assert render_path((), "da") == "ingen status endnu"


def test_a_status_carries_over_to_later_waves_until_a_new_one_is_given() -> None:
    waves = waves_of(DAY, WAVES)
    assert wave_path(chain_of(1), waves) == (("2w", "under_way"), ("3m", "done"), ("6m", "done"))
    assert wave_path(chain_of(4), waves) == (
        ("2w", "need_help"),
        ("3m", "under_way"),
        ("6m", "done"),
    )
    assert wave_path(chain_of(7), waves) == (("2w", "open"), ("3m", "open"), ("6m", "open"))
    states = chain_at_waves(chain_of(6), waves)
    assert [(s.wave, s.reported) for s in states] == [("2w", False), ("3m", True), ("6m", True)]


def test_a_step_done_and_reopened_is_done_from_its_last_completion() -> None:
    waves = waves_of(DAY, WAVES)
    reopened = step(
        40,
        1,
        1,
        "Evaluere",
        ev("done", at(2026, 11, 2), "2w"),
        ev("under_way", at(2027, 1, 19), "3m"),
        ev("done", at(2027, 4, 19), "6m"),
    )
    (plan,) = chains([reopened])
    done_on = [s.done_on for s in chain_at_waves(plan, waves)]
    assert done_on == [date(2026, 11, 2), None, date(2027, 4, 19)]


def test_open_steps_from_earlier_workshops_are_carried_into_a_new_reflection() -> None:
    # Cara's step is under way; Anna's are done and dropped; Bo's revision is done; Dan's has
    # no status. A third workshop on 1 May 2027 asks Cara and Dan first, oldest first.
    everyone = STEPS + STEPS2
    carried = carry_forward(everyone, workshop_id=3, workshop_day=date(2027, 5, 1))
    assert [s.step_id for s in carried] == [6, 7, 9, 10]
    # Starting the second workshop, only the first one's open steps come along.
    at_second = carry_forward(everyone, workshop_id=2, workshop_day=date(2027, 1, 14))
    assert [s.step_id for s in at_second] == [6, 7]


def test_a_carried_step_shows_its_latest_revision_and_leaves_once_answered() -> None:
    old = step(50, 2, 1, "Tale med chefen", ev("need_help", at(2026, 11, 3), "2w"))
    new = step(51, 2, 1050, "Booke møde med direktøren", replaces=50, created_at=at(2027, 1, 18))
    started = at(2027, 5, 1, 9)
    assert [
        s.step_id for s in carry_forward([old, new], workshop_id=9, workshop_day=date(2027, 5, 1))
    ] == [51]
    answered = step(
        51,
        2,
        1050,
        "Booke møde med direktøren",
        ev("under_way", at(2027, 5, 1, 9, 2), None),
        replaces=50,
        created_at=at(2027, 1, 18),
    )
    assert (
        carry_forward(
            [old, answered], workshop_id=9, workshop_day=date(2027, 5, 1), answered_since=started
        )
        == []
    )


def test_carrying_forward_stops_at_the_limit() -> None:
    many = [step(60 + n, 1, n + 1, f"Skridt {n}") for n in range(12)]
    assert len(carry_forward(many, workshop_id=9, workshop_day=date(2027, 5, 1), limit=10)) == 10


def test_the_facilitator_sees_only_what_the_person_chose_to_share() -> None:
    request = HelpRequest(
        request_id=7,
        user_id="UANNA",
        step_text="Få ledelsens opbakning",
        obstacle="  Chefen har ikke tid  ",
        share_step=True,
        share_obstacle=True,
        share_name=False,
    )
    shared = shared_with_facilitator(request)
    assert (shared.step_text, shared.obstacle, shared.user_id) == (
        "Få ledelsens opbakning",
        "Chefen har ikke tid",
        None,
    )
    assert shared.anonymous
    nothing = shared_with_facilitator(
        HelpRequest(7, "UANNA", "Få opbakning", "x", False, False, True)
    )
    assert (nothing.step_text, nothing.obstacle, nothing.user_id) == (None, None, "UANNA")


def test_a_web_participant_is_never_named_to_the_facilitator_only_shown_as_on_the_web() -> None:
    # Even a request stored with "name" ticked: a web id is no name, and no Slack mention.
    everything = (True, True, True)
    web = shared_with_facilitator(
        HelpRequest(7, "wMette000000000000000000", "Få opbakning", "x", *everything, "web")
    )
    slack = shared_with_facilitator(HelpRequest(8, "UANNA", "Få opbakning", "x", *everything))

    assert (web.user_id, web.on_web, web.step_text) == (None, True, "Få opbakning")
    assert (slack.user_id, slack.on_web) == ("UANNA", False)
