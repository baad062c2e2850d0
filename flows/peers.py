"""Peers across municipalities (success factor 7): a person stuck on a factor asks to be put in
touch with someone from another municipality who has that factor green.

An introduction is a small state machine, one request per person and factor:

    requested ──ask──▶ candidate_asked ──candidate says yes──▶ both_accepted ──▶ introduced
        ▲                    │
        └── says no / no answer in time (another candidate is tried, up to MAX_ASKS) ──┘

    ending early: declined (the last candidate said no), expired (no answer in time, or the
    request outlived its lifetime), no_match (nobody eligible), withdrawn (the requester).

The request itself is the requester's yes; the candidate's yes is the second. Nobody is named to
the other before both have said yes: `candidate_for_requester` and `requester_for_candidate`
return None until then, and the message that asks a candidate carries neither name nor
municipality. Every transition takes `now` and returns a new value; a transition that does not
fit the state raises `InvalidTransition`, so a stale button press cannot skip a consent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from flows.factors import FACTORS

ANSWER_WITHIN: Final = timedelta(days=7)
REQUEST_LIFETIME: Final = timedelta(days=30)
MAX_ASKS: Final = 3


class State(StrEnum):
    REQUESTED = "requested"
    CANDIDATE_ASKED = "candidate_asked"
    BOTH_ACCEPTED = "both_accepted"
    INTRODUCED = "introduced"
    DECLINED = "declined"
    EXPIRED = "expired"
    NO_MATCH = "no_match"
    WITHDRAWN = "withdrawn"


ENDED: Final = frozenset(
    {State.INTRODUCED, State.DECLINED, State.EXPIRED, State.NO_MATCH, State.WITHDRAWN}
)


class Answer(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class InvalidTransition(ValueError):
    """The introduction is not in a state where this can happen (a stale or forged press)."""


class NotStuck(ValueError):
    """Only a factor the person last rated red can be asked about."""


@dataclass(frozen=True)
class Ask:
    """One candidate asked for one request, and what they answered."""

    candidate: str  # Slack user id
    candidate_participant_id: int
    asked_at: datetime
    answer_by: datetime
    answer: Answer = Answer.PENDING
    answered_at: datetime | None = None


@dataclass(frozen=True)
class Introduction:
    requester: str
    requester_participant_id: int
    factor_id: str
    state: State
    requested_at: datetime
    expires_at: datetime
    asks: tuple[Ask, ...] = ()
    introduced_at: datetime | None = None
    request_id: int | None = None  # the stored row, when loaded from storage

    @property
    def current_ask(self) -> Ask | None:
        """The ask waiting for an answer, or the accepted one."""
        if self.state in (State.CANDIDATE_ASKED, State.BOTH_ACCEPTED, State.INTRODUCED):
            return self.asks[-1] if self.asks else None
        return None

    @property
    def asked(self) -> frozenset[str]:
        return frozenset(ask.candidate for ask in self.asks)

    @property
    def both_said_yes(self) -> bool:
        return self.state in (State.BOTH_ACCEPTED, State.INTRODUCED)

    @property
    def candidate_for_requester(self) -> str | None:
        """The candidate's id as the requester may see it: only once both said yes."""
        ask = self.current_ask
        return ask.candidate if ask and self.both_said_yes else None

    @property
    def requester_for_candidate(self) -> str | None:
        return self.requester if self.both_said_yes else None


# --- transitions -----------------------------------------------------------------------------


def request(
    requester: str,
    requester_participant_id: int,
    factor_id: str,
    light: str | None,
    now: datetime,
    *,
    lifetime: timedelta = REQUEST_LIFETIME,
) -> Introduction:
    """A new request; `light` is the requester's latest light on the factor."""
    if factor_id not in {f.id for f in FACTORS}:
        raise ValueError(f"unknown success factor {factor_id!r}")
    if light != "red":
        raise NotStuck(factor_id)
    return Introduction(
        requester=requester,
        requester_participant_id=requester_participant_id,
        factor_id=factor_id,
        state=State.REQUESTED,
        requested_at=now,
        expires_at=now + lifetime,
    )


def _require(intro: Introduction, *states: State) -> None:
    if intro.state not in states:
        raise InvalidTransition(f"{intro.state} is not one of {', '.join(states)}")


def ask_candidate(
    intro: Introduction,
    candidate: Candidate,
    now: datetime,
    *,
    answer_within: timedelta = ANSWER_WITHIN,
) -> Introduction:
    _require(intro, State.REQUESTED)
    if candidate.user_id == intro.requester or candidate.user_id in intro.asked:
        raise InvalidTransition("this person cannot be asked for this request")
    ask = Ask(
        candidate=candidate.user_id,
        candidate_participant_id=candidate.participant_id,
        asked_at=now,
        answer_by=min(now + answer_within, intro.expires_at),
    )
    return replace(intro, state=State.CANDIDATE_ASKED, asks=(*intro.asks, ask))


def no_candidate(intro: Introduction, now: datetime) -> Introduction:
    """Nobody eligible is left to ask: the request ends as no_match, or as declined/expired
    when candidates were asked and none said yes."""
    _require(intro, State.REQUESTED)
    # Asks of an earlier round of a reopened request are history, not this round's answers.
    this_round = [ask for ask in intro.asks if ask.asked_at >= intro.requested_at]
    if not this_round:
        return replace(intro, state=State.NO_MATCH)
    last = this_round[-1].answer
    return replace(intro, state=State.DECLINED if last == Answer.DECLINED else State.EXPIRED)


def answer(intro: Introduction, candidate: str, accepted: bool, now: datetime) -> Introduction:
    """The asked candidate says yes or no. A no sends the request back to look for another
    candidate, unless MAX_ASKS have been asked (then it ends as declined)."""
    _require(intro, State.CANDIDATE_ASKED)
    ask = intro.asks[-1]
    if ask.candidate != candidate:
        raise InvalidTransition("only the asked candidate can answer")
    if now > ask.answer_by:
        raise InvalidTransition("the answer came after the deadline")
    answered = replace(
        ask, answer=Answer.ACCEPTED if accepted else Answer.DECLINED, answered_at=now
    )
    asks = (*intro.asks[:-1], answered)
    if accepted:
        return replace(intro, state=State.BOTH_ACCEPTED, asks=asks)
    state = State.DECLINED if len(asks) >= MAX_ASKS else State.REQUESTED
    return replace(intro, state=state, asks=asks)


def introduced(intro: Introduction, now: datetime) -> Introduction:
    """The introduction message went out to both."""
    _require(intro, State.BOTH_ACCEPTED)
    return replace(intro, state=State.INTRODUCED, introduced_at=now)


def withdraw(intro: Introduction, now: datetime) -> Introduction:
    """The requester changes their mind; possible until both have said yes."""
    _require(intro, State.REQUESTED, State.CANDIDATE_ASKED)
    asks = intro.asks
    if intro.state == State.CANDIDATE_ASKED:
        asks = (*asks[:-1], replace(asks[-1], answer=Answer.EXPIRED, answered_at=now))
    return replace(intro, state=State.WITHDRAWN, asks=asks)


def tick(intro: Introduction, now: datetime) -> Introduction:
    """Time passing: an unanswered ask expires at its deadline (another candidate may then be
    asked); a request not accepted by its expiry ends as expired. Idempotent."""
    if intro.state in ENDED or intro.state == State.BOTH_ACCEPTED:
        return intro
    asks = intro.asks
    state = intro.state
    if state == State.CANDIDATE_ASKED and now >= asks[-1].answer_by:
        asks = (*asks[:-1], replace(asks[-1], answer=Answer.EXPIRED, answered_at=now))
        state = State.EXPIRED if len(asks) >= MAX_ASKS else State.REQUESTED
    if state in (State.REQUESTED, State.CANDIDATE_ASKED) and now >= intro.expires_at:
        if state == State.CANDIDATE_ASKED:
            asks = (*asks[:-1], replace(asks[-1], answer=Answer.EXPIRED, answered_at=now))
        state = State.EXPIRED
    return replace(intro, state=state, asks=asks)


# --- choosing a candidate fairly -------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person who might be asked: their latest light on the factor and their municipality."""

    user_id: str
    participant_id: int
    municipality: str | None
    light: str | None
    available: bool = True  # reachable, has not stopped reminders, not asked right now


@dataclass(frozen=True)
class Load:
    """How often a person has been asked before (any request), and when last."""

    times_asked: int = 0
    last_asked_at: datetime | None = None


def eligible(
    pool: Iterable[Candidate], intro: Introduction, requester_municipality: str | None
) -> list[Candidate]:
    """Green on the factor, from another (known) municipality, not the requester, not asked
    before for this request, and available. One entry per person."""
    if not requester_municipality:
        return []  # "another municipality" cannot be promised without knowing theirs
    seen: set[str] = set()
    found: list[Candidate] = []
    for candidate in pool:
        if (
            candidate.user_id in seen
            or candidate.user_id == intro.requester
            or candidate.user_id in intro.asked
            or not candidate.available
            or candidate.light != "green"
            or not candidate.municipality
            or candidate.municipality == requester_municipality
        ):
            continue
        seen.add(candidate.user_id)
        found.append(candidate)
    return found


def choose_candidate(
    pool: Iterable[Candidate],
    intro: Introduction,
    requester_municipality: str | None,
    load: Mapping[str, Load],
) -> Candidate | None:
    """The eligible person asked least often, then longest ago; ties are broken by a hash of
    the request and the person, so equal candidates take turns across requests instead of the
    same one always coming first."""
    candidates = eligible(pool, intro, requester_municipality)
    if not candidates:
        return None
    never = datetime.min.replace(tzinfo=intro.requested_at.tzinfo)

    def key(candidate: Candidate) -> tuple[int, datetime, str]:
        seen = load.get(candidate.user_id, Load())
        turn = f"{intro.requester}:{intro.factor_id}:{intro.requested_at.isoformat()}:"
        digest = hashlib.sha256((turn + candidate.user_id).encode()).hexdigest()
        return (seen.times_asked, seen.last_asked_at or never, digest)

    return min(candidates, key=key)


def next_step(
    intro: Introduction,
    pool: Iterable[Candidate],
    requester_municipality: str | None,
    load: Mapping[str, Load],
    now: datetime,
) -> Introduction:
    """From `requested`: ask the fairest eligible candidate, or end the request."""
    chosen = choose_candidate(pool, intro, requester_municipality, load)
    if chosen is None:
        return no_candidate(intro, now)
    return ask_candidate(intro, chosen, now)
