"""Peer introductions across municipalities: consent first, fair choice, never the same
municipality."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from flows.peers import (
    MAX_ASKS,
    Answer,
    Candidate,
    Introduction,
    InvalidTransition,
    Load,
    NotStuck,
    State,
    answer,
    ask_candidate,
    choose_candidate,
    eligible,
    introduced,
    next_step,
    request,
    tick,
    withdraw,
)

NOW = datetime(2027, 1, 20, 10, tzinfo=UTC)
FACTOR = "networks"


def new_request(now: datetime = NOW, requester: str = "UANNA") -> Introduction:
    return request(requester, 1, FACTOR, "red", now)


POOL = (
    Candidate("UBO", 2, "Aarhus", "green"),
    Candidate("UCARA", 3, "Odense", "green"),
    Candidate("UDAN", 4, "Aalborg", "green"),
    Candidate("UEVE", 5, "Vejle", "green"),
)


def test_only_a_red_factor_can_be_asked_about() -> None:
    with pytest.raises(NotStuck):
        request("UANNA", 1, FACTOR, "yellow", NOW)
    with pytest.raises(NotStuck):
        request("UANNA", 1, FACTOR, None, NOW)
    with pytest.raises(ValueError, match="unknown success factor"):
        request("UANNA", 1, "charisma", "red", NOW)
    intro = new_request()
    assert (intro.state, intro.expires_at) == (State.REQUESTED, NOW + timedelta(days=30))


def test_candidates_are_green_from_another_known_municipality_and_never_the_requester() -> None:
    pool = [
        Candidate("UANNA", 1, "Aarhus", "green"),  # the requester herself
        Candidate("USAME", 6, "Horsens", "green"),  # her own municipality
        Candidate("UYELLOW", 7, "Odense", "yellow"),
        Candidate("UNOWHERE", 8, None, "green"),
        Candidate("UBUSY", 9, "Vejle", "green", available=False),
        Candidate("UBO", 2, "Aarhus", "green"),
        Candidate("UBO", 12, "Aarhus", "green"),  # the same person from a second workshop
    ]
    assert [c.user_id for c in eligible(pool, new_request(), "Horsens")] == ["UBO"]
    assert eligible(pool, new_request(), None) == []  # her municipality unknown: no promise


def test_both_must_say_yes_before_either_is_named() -> None:
    intro = ask_candidate(new_request(), POOL[0], NOW)
    assert intro.state == State.CANDIDATE_ASKED
    assert (intro.candidate_for_requester, intro.requester_for_candidate) == (None, None)
    intro = answer(intro, "UBO", True, NOW + timedelta(days=1))
    assert intro.state == State.BOTH_ACCEPTED
    assert (intro.candidate_for_requester, intro.requester_for_candidate) == ("UBO", "UANNA")
    intro = introduced(intro, NOW + timedelta(days=1, minutes=1))
    assert intro.state == State.INTRODUCED
    assert intro.introduced_at == NOW + timedelta(days=1, minutes=1)


def test_a_no_moves_on_to_another_candidate_and_never_back_to_the_same() -> None:
    intro = ask_candidate(new_request(), POOL[0], NOW)
    intro = answer(intro, "UBO", False, NOW + timedelta(hours=1))
    assert intro.state == State.REQUESTED and intro.candidate_for_requester is None
    assert [(a.candidate, a.answer) for a in intro.asks] == [("UBO", Answer.DECLINED)]
    with pytest.raises(InvalidTransition):
        ask_candidate(intro, POOL[0], NOW + timedelta(hours=2))
    following = next_step(intro, POOL, "Horsens", {}, NOW + timedelta(hours=2))
    assert following.state == State.CANDIDATE_ASKED
    assert following.asks[-1].candidate != "UBO"


def test_after_the_last_allowed_no_the_request_ends_as_declined() -> None:
    intro = new_request()
    for index in range(MAX_ASKS):
        intro = ask_candidate(intro, POOL[index], NOW + timedelta(hours=index))
        intro = answer(intro, POOL[index].user_id, False, NOW + timedelta(hours=index, minutes=5))
    assert intro.state == State.DECLINED
    assert len(intro.asks) == MAX_ASKS


def test_nobody_eligible_ends_the_request_honestly() -> None:
    assert next_step(new_request(), [], "Horsens", {}, NOW).state == State.NO_MATCH
    declined = answer(ask_candidate(new_request(), POOL[0], NOW), "UBO", False, NOW)
    assert next_step(declined, POOL[:1], "Horsens", {}, NOW).state == State.DECLINED


def test_a_reopened_request_with_nobody_left_is_no_match_whatever_happened_before() -> None:
    first = introduced(answer(ask_candidate(new_request(), POOL[0], NOW), "UBO", True, NOW), NOW)
    later = NOW + timedelta(days=60)
    reopened = replace(first, state=State.REQUESTED, requested_at=later, introduced_at=None)
    assert next_step(reopened, POOL[:1], "Horsens", {}, later).state == State.NO_MATCH


def test_only_the_asked_candidate_can_answer_and_only_in_time() -> None:
    intro = ask_candidate(new_request(), POOL[0], NOW)
    with pytest.raises(InvalidTransition):
        answer(intro, "UCARA", True, NOW)
    with pytest.raises(InvalidTransition):
        answer(intro, "UBO", True, NOW + timedelta(days=7, seconds=1))
    with pytest.raises(InvalidTransition):
        introduced(intro, NOW)  # no skipping the candidate's yes
    with pytest.raises(InvalidTransition):
        answer(answer(intro, "UBO", True, NOW), "UBO", True, NOW)  # a double click


def test_an_unanswered_ask_expires_after_a_week_and_another_is_tried() -> None:
    intro = ask_candidate(new_request(), POOL[0], NOW)
    assert tick(intro, NOW + timedelta(days=6)) == intro
    expired = tick(intro, NOW + timedelta(days=7))
    assert expired.state == State.REQUESTED
    assert expired.asks[-1].answer == Answer.EXPIRED
    assert tick(expired, NOW + timedelta(days=7)) == expired  # idempotent


def test_a_request_not_accepted_within_its_lifetime_expires() -> None:
    intro = new_request()
    assert tick(intro, NOW + timedelta(days=30)).state == State.EXPIRED
    asked = ask_candidate(intro, POOL[0], NOW + timedelta(days=28))
    assert asked.asks[-1].answer_by == NOW + timedelta(days=30)  # never past the request's end
    ended = tick(asked, NOW + timedelta(days=30))
    assert ended.state == State.EXPIRED and ended.asks[-1].answer == Answer.EXPIRED
    accepted = answer(asked, "UBO", True, NOW + timedelta(days=29))
    assert tick(accepted, NOW + timedelta(days=40)) == accepted  # a yes is kept for sending


def test_the_requester_can_withdraw_until_both_said_yes() -> None:
    asked = ask_candidate(new_request(), POOL[0], NOW)
    withdrawn = withdraw(asked, NOW + timedelta(hours=1))
    assert withdrawn.state == State.WITHDRAWN
    assert withdrawn.asks[-1].answer == Answer.EXPIRED
    with pytest.raises(InvalidTransition):
        withdraw(answer(asked, "UBO", True, NOW), NOW)


def test_the_least_asked_candidate_goes_first_then_the_longest_ago() -> None:
    load = {
        "UBO": Load(2, NOW - timedelta(days=60)),
        "UCARA": Load(1, NOW - timedelta(days=5)),
        "UDAN": Load(1, NOW - timedelta(days=50)),
        "UEVE": Load(3, None),
    }
    chosen = choose_candidate(POOL, new_request(), "Horsens", load)
    assert chosen is not None and chosen.user_id == "UDAN"


def test_equal_candidates_take_turns_across_requests() -> None:
    # Nobody has been asked before: the tie-break differs from request to request, so no one
    # person gets every request.
    chosen: Counter[str] = Counter()
    for n in range(40):
        intro = new_request(NOW + timedelta(minutes=n), requester=f"U{n}")
        found = choose_candidate(POOL, intro, "Horsens", {})
        assert found is not None
        chosen[found.user_id] += 1
    assert set(chosen) == {"UBO", "UCARA", "UDAN", "UEVE"}
    assert max(chosen.values()) < 40 // 2


def test_load_shared_between_requests_spreads_the_asks_evenly() -> None:
    # Each ask adds to the person's load, as the repository counts it from stored asks.
    load: dict[str, Load] = {}
    for n in range(8):
        intro = new_request(NOW + timedelta(minutes=n), requester=f"U{n}")
        found = choose_candidate(POOL, intro, "Horsens", load)
        assert found is not None
        seen = load.get(found.user_id, Load())
        load[found.user_id] = Load(seen.times_asked + 1, NOW + timedelta(minutes=n))
    assert {user: seen.times_asked for user, seen in load.items()} == {
        "UBO": 2,
        "UCARA": 2,
        "UDAN": 2,
        "UEVE": 2,
    }


def test_a_candidate_is_asked_with_the_ask_recorded_for_the_request() -> None:
    intro = next_step(new_request(), POOL, "Horsens", {}, NOW)
    ask = intro.asks[-1]
    assert (ask.asked_at, ask.answer_by, ask.answer) == (
        NOW,
        NOW + timedelta(days=7),
        Answer.PENDING,
    )
    assert replace(intro, asks=()).current_ask is None
