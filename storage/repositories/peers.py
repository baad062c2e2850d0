"""Peer introduction requests and the consents of the people asked (flows.peers decides).

A request row holds the state; each candidate asked is a row with their answer. The state
machine lives in flows.peers: load an `Introduction`, apply a transition, `save` it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from flows.identity import Channel, Person
from flows.outcomes import current_lights
from flows.peers import ENDED, REQUEST_LIFETIME, Answer, Ask, Candidate, Introduction, Load, State
from storage.db import insert
from storage.models import Answer as AnswerRow
from storage.models import Participant, PeerAsk, PeerRequest, UserProfile
from storage.repositories.ratings import ratings_of

# Introductions are made in Slack DMs: only Slack participants are asked, or counted as asked.
_SLACK_ONLY = Participant.channel == Channel.SLACK

MUNICIPALITY_QUESTION = "municipality"
_ACTIVE = (State.REQUESTED.value, State.CANDIDATE_ASKED.value)


@dataclass(frozen=True)
class Opened:
    request_id: int
    created: bool  # False: an active request for this factor existed already (a double click)


def open_request(
    session: Session,
    *,
    team_id: str,
    requester_participant_id: int,
    factor_id: str,
    now: datetime,
    lifetime: timedelta = REQUEST_LIFETIME,
) -> Opened:
    """Create the request, or reopen an ended one for the same factor (its earlier asks stay, so
    nobody who was asked before is asked again); an active one is left as it is."""
    fresh = {
        "state": State.REQUESTED.value,
        "requested_at": now,
        "expires_at": now + lifetime,
        "introduced_at": None,
        "updated_at": now,
    }
    base = insert(session, PeerRequest).values(
        team_id=team_id,
        requester_participant_id=requester_participant_id,
        factor_id=factor_id,
        **fresh,
    )
    statement = base.on_conflict_do_update(
        index_elements=["requester_participant_id", "factor_id"],
        set_=fresh,
        where=PeerRequest.state.in_([state.value for state in ENDED]),
    ).returning(PeerRequest.id)
    request_id = session.execute(statement).scalar()
    if request_id is not None:
        return Opened(int(request_id), created=True)
    existing = session.scalar(
        select(PeerRequest.id).where(
            PeerRequest.requester_participant_id == requester_participant_id,
            PeerRequest.factor_id == factor_id,
        )
    )
    assert existing is not None
    return Opened(int(existing), created=False)


def load(session: Session, team_id: str, request_id: int) -> Introduction | None:
    row = session.execute(
        select(PeerRequest, Participant.user_id)
        .join(Participant, Participant.id == PeerRequest.requester_participant_id)
        .where(PeerRequest.id == request_id, PeerRequest.team_id == team_id)
    ).first()
    if row is None:
        return None
    request, requester = row
    asks = [
        Ask(
            candidate=user_id,
            candidate_participant_id=ask.candidate_participant_id,
            asked_at=ask.asked_at,
            answer_by=ask.answer_by,
            answer=Answer(ask.answer),
            answered_at=ask.answered_at,
        )
        for ask, user_id in session.execute(
            select(PeerAsk, Participant.user_id)
            .join(Participant, Participant.id == PeerAsk.candidate_participant_id)
            .where(PeerAsk.request_id == request.id)
            .order_by(PeerAsk.asked_at, PeerAsk.id)
        )
    ]
    state = State(request.state)
    # A candidate who deleted their data takes their ask with them: look for someone else.
    expected = {State.CANDIDATE_ASKED: Answer.PENDING, State.BOTH_ACCEPTED: Answer.ACCEPTED}
    if state in expected and (not asks or asks[-1].answer != expected[state]):
        state = State.REQUESTED
    return Introduction(
        requester=requester,
        requester_participant_id=request.requester_participant_id,
        factor_id=request.factor_id,
        state=state,
        requested_at=request.requested_at,
        expires_at=request.expires_at,
        asks=tuple(asks),
        introduced_at=request.introduced_at,
        request_id=request.id,
    )


def save(session: Session, intro: Introduction, now: datetime) -> None:
    """Store the introduction's state and its asks (new asks inserted, answers updated)."""
    if intro.request_id is None:
        raise ValueError("save an introduction loaded from storage (open_request, then load)")
    request = session.get(PeerRequest, intro.request_id)
    if request is None:
        raise LookupError("the peer request is gone (its requester deleted their data)")
    request.state = intro.state.value
    request.expires_at = intro.expires_at
    request.introduced_at = intro.introduced_at
    request.updated_at = now
    for ask in intro.asks:
        values = {
            "answer_by": ask.answer_by,
            "answer": ask.answer.value,
            "answered_at": ask.answered_at,
        }
        statement = insert(session, PeerAsk).values(
            request_id=intro.request_id,
            candidate_participant_id=ask.candidate_participant_id,
            asked_at=ask.asked_at,
            **values,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["request_id", "candidate_participant_id"], set_=values
            )
        )
    session.flush()


def request_for(
    session: Session, team_id: str, requester_participant_id: int, factor_id: str
) -> Introduction | None:
    request_id = session.scalar(
        select(PeerRequest.id).where(
            PeerRequest.team_id == team_id,
            PeerRequest.requester_participant_id == requester_participant_id,
            PeerRequest.factor_id == factor_id,
        )
    )
    return load(session, team_id, request_id) if request_id is not None else None


def due_for_tick(session: Session, now: datetime) -> list[tuple[str, int]]:
    """(team, request) of active requests whose ask or lifetime has run out, for the worker."""
    pending_late = select(PeerAsk.request_id).where(
        PeerAsk.answer == Answer.PENDING.value, PeerAsk.answer_by <= now
    )
    rows = session.execute(
        select(PeerRequest.team_id, PeerRequest.id)
        .where(
            PeerRequest.state.in_(_ACTIVE),
            or_(PeerRequest.expires_at <= now, PeerRequest.id.in_(pending_late)),
        )
        .order_by(PeerRequest.id)
    )
    return [(team, int(request_id)) for team, request_id in rows]


def awaiting_a_candidate(session: Session) -> list[tuple[str, int]]:
    """(team, request) of requests in state requested: someone must be asked (or none found)."""
    rows = session.execute(
        select(PeerRequest.team_id, PeerRequest.id)
        .where(PeerRequest.state == State.REQUESTED.value)
        .order_by(PeerRequest.id)
    )
    return [(team, int(request_id)) for team, request_id in rows]


def awaiting_introduction(session: Session) -> list[tuple[str, int]]:
    """(team, request) of requests both said yes to, not yet recorded as introduced."""
    rows = session.execute(
        select(PeerRequest.team_id, PeerRequest.id)
        .where(PeerRequest.state == State.BOTH_ACCEPTED.value)
        .order_by(PeerRequest.id)
    )
    return [(team, int(request_id)) for team, request_id in rows]


# --- who can be asked -------------------------------------------------------------------------


def municipality_of(session: Session, participant_id: int) -> str | None:
    value = session.scalar(
        select(AnswerRow.value).where(
            AnswerRow.participant_id == participant_id,
            AnswerRow.question_id == MUNICIPALITY_QUESTION,
        )
    )
    option = value.get("option") if isinstance(value, dict) else None
    return str(option) if option else None


def candidate_pool(session: Session, team_id: str, factor_id: str) -> list[Candidate]:
    """Everyone in the team with a light on the factor, one entry per person: their latest
    light (on the day or re-rated), the municipality of their latest participation, and
    whether they can be asked now (reachable, not waiting to answer another ask)."""
    participations = session.execute(
        select(Participant.id, Participant.user_id, Participant.joined_at)
        .where(Participant.team_id == team_id, _SLACK_ONLY)
        .order_by(Participant.joined_at, Participant.id)
    ).all()
    if not participations:
        return []
    latest_participation: dict[str, int] = {}
    for pid, user_id, _ in participations:
        latest_participation[user_id] = pid  # ordered by joining: the last one wins
    lights = current_lights(ratings_of(session, [pid for pid, _, _ in participations]))
    municipalities: dict[int, str] = {}
    for pid, value in session.execute(
        select(AnswerRow.participant_id, AnswerRow.value).where(
            AnswerRow.participant_id.in_([pid for pid, _, _ in participations]),
            AnswerRow.question_id == MUNICIPALITY_QUESTION,
        )
    ):
        option = value.get("option") if isinstance(value, dict) else None
        if option:
            municipalities[pid] = str(option)
    unreachable = set(
        session.scalars(
            select(UserProfile.user_id).where(
                UserProfile.team_id == team_id,
                UserProfile.channel == Channel.SLACK,
                UserProfile.unreachable_at.is_not(None),
            )
        )
    )
    busy = set(
        session.scalars(
            select(Participant.user_id)
            .join(PeerAsk, PeerAsk.candidate_participant_id == Participant.id)
            .where(
                Participant.team_id == team_id,
                _SLACK_ONLY,
                PeerAsk.answer == Answer.PENDING.value,
            )
        )
    )
    by_user: dict[str, list[int]] = defaultdict(list)
    for pid, user_id, _ in participations:
        by_user[user_id].append(pid)
    pool: list[Candidate] = []
    for user_id, pid in latest_participation.items():
        light = lights.get(user_id, {}).get(factor_id)
        if light is None:
            continue
        municipality = next(
            (municipalities[p] for p in reversed(by_user[user_id]) if p in municipalities), None
        )
        pool.append(
            Candidate(
                user_id=user_id,
                participant_id=pid,
                municipality=municipality,
                light=light,
                available=user_id not in unreachable and user_id not in busy,
            )
        )
    return pool


def load_by_person(session: Session, team_id: str) -> dict[str, Load]:
    """How often each person of the team has been asked, and when last: fairness."""
    rows = session.execute(
        select(Participant.user_id, func.count(PeerAsk.id), func.max(PeerAsk.asked_at))
        .join(PeerAsk, PeerAsk.candidate_participant_id == Participant.id)
        .where(Participant.team_id == team_id, _SLACK_ONLY)
        .group_by(Participant.user_id)
    )
    return {user_id: Load(int(count), last) for user_id, count, last in rows}


def pending_asks_for(session: Session, person: Person) -> list[tuple[int, str]]:
    """(request, factor) of the asks waiting for this person's answer."""
    rows = session.execute(
        select(PeerRequest.id, PeerRequest.factor_id)
        .join(PeerAsk, PeerAsk.request_id == PeerRequest.id)
        .join(Participant, Participant.id == PeerAsk.candidate_participant_id)
        .where(
            PeerRequest.team_id == person.team_id,
            Participant.channel == person.channel,
            Participant.user_id == person.user_id,
            PeerAsk.answer == Answer.PENDING.value,
            PeerRequest.state == State.CANDIDATE_ASKED.value,
        )
        .order_by(PeerRequest.id)
    )
    return [(int(request_id), factor) for request_id, factor in rows]
