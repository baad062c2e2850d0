"""Peers across municipalities (success factor 7): a request from the movement view, the worker
asking candidates one at a time, the candidate's answer, and the introduction once both have
said yes (flows.peers decides every step). Channel-free: what is sent goes through the outbox,
rendered per channel (Slack's renderers: outcomes/slack_renderers.py).

Nobody is named before both said yes: the ask carries neither name nor municipality, and the
introduction is rendered only from `both_accepted`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services import Services
from flows import peers as flow
from flows.factors import FACTORS
from flows.i18n import t
from flows.identity import Channel, Person
from flows.outbox import MessageKind, peer_ask_key, peer_end_key, peer_intro_key
from flows.outcomes import current_lights
from storage.db import transaction
from storage.models import Participant
from storage.repositories import outbox, ratings
from storage.repositories import peers as repo

log = logging.getLogger(__name__)

# What the requester is told when a request ends without an introduction.
ENDINGS = (flow.State.DECLINED, flow.State.EXPIRED, flow.State.NO_MATCH)


def red_factors(lights: dict[str, str]) -> list[str]:
    """The factors just rated red, in the catalogue's order: those a peer may be offered for."""
    return [factor.id for factor in FACTORS if lights.get(factor.id) == "red"]


# --- the requester ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What became of a press: the request's state (None: not opened, the light is not red)
    and the note that tells the person so."""

    state: flow.State | None
    note: str
    lang: str


def request_peer(
    services: Services, person: Person, participant_id: int, factor_id: str
) -> Asked | None:
    """Open (or keep) the person's request for the factor; None when the participant is not
    theirs or the factor is none of the catalogue's."""
    if factor_id not in {f.id for f in FACTORS}:
        return None
    if person.channel is not Channel.SLACK:
        # Introductions are Slack group DMs: a web participant is neither offered nor asked.
        return None
    now = services.clock()
    with transaction(services.sessions) as session:
        participant = session.get(Participant, participant_id)
        if participant is None or participant.user_id != person.user_id:
            return None
        if person.team_id not in (participant.team_id, participant.home_team_id):
            return None
        lang = services.language(session, person, fetch=False)
        light = (
            current_lights(ratings.ratings_of(session, [participant_id]))
            .get(person.user_id, {})
            .get(factor_id)
        )
        try:
            flow.request(person.user_id, participant_id, factor_id, light, now)
        except flow.NotStuck:
            return Asked(None, t("peer.not_stuck", lang), lang)
        opened = repo.open_request(
            session,
            team_id=participant.team_id,
            requester_participant_id=participant_id,
            factor_id=factor_id,
            now=now,
        )
        intro = repo.load(session, participant.team_id, opened.request_id)
        return Asked(intro.state if intro else None, t("peer.requested", lang), lang)


# --- the worker ------------------------------------------------------------------------------


def _tell_requester(
    session: Session, team_id: str, intro: flow.Introduction, now: datetime
) -> None:
    if intro.state not in ENDINGS or intro.request_id is None:
        return
    outbox.enqueue(
        session,
        kind=MessageKind.PEER_END,
        dedupe_key=peer_end_key(intro.request_id, intro.requested_at),
        recipient=Person.slack(team_id, intro.requester),
        participant_id=intro.requester_participant_id,
        payload={"request_id": intro.request_id, "state": intro.state.value},
        due_at=now,
        now=now,
    )


def _ask(session: Session, team_id: str, intro: flow.Introduction, now: datetime) -> None:
    ask = intro.asks[-1]
    outbox.enqueue(
        session,
        kind=MessageKind.PEER_ASK,
        dedupe_key=peer_ask_key(intro.request_id, ask.candidate_participant_id),
        recipient=Person.slack(team_id, ask.candidate),
        participant_id=ask.candidate_participant_id,
        payload={"request_id": intro.request_id},
        due_at=now,
        now=now,
    )


def _intro_key(intro: flow.Introduction) -> str:
    return peer_intro_key(intro.request_id, intro.requested_at)


def _advance(services: Services, team_id: str, request_id: int, now: datetime) -> bool:
    """Let time pass for one request, then ask someone if it waits for a candidate."""
    with transaction(services.sessions) as session:
        intro = repo.load(session, team_id, request_id)
        if intro is None:
            return False
        if intro.state == flow.State.BOTH_ACCEPTED:
            # The introduction went out but was not recorded (a crash, or found in Slack on a
            # retry): record it now.
            row = outbox.find_by_key(session, _intro_key(intro))
            if row is None or row.sent_at is None:
                return False
            repo.save(session, flow.introduced(intro, now), now)
            return True
        moved = flow.tick(intro, now)
        if moved.state == flow.State.REQUESTED:
            moved = flow.next_step(
                moved,
                repo.candidate_pool(session, team_id, moved.factor_id),
                repo.municipality_of(session, moved.requester_participant_id),
                repo.load_by_person(session, team_id),
                now,
            )
            if moved.state == flow.State.CANDIDATE_ASKED:
                repo.save(session, moved, now)
                _ask(session, team_id, moved, now)
                return True
        if moved == intro:
            return False
        repo.save(session, moved, now)
        _tell_requester(session, team_id, moved, now)
        return True


def advance_all(services: Services) -> int:
    """The worker's job: expire what ran out, ask the next candidate; how many requests moved.
    One transaction per request, so one bad row does not hold up the rest."""
    now = services.clock()
    with transaction(services.sessions) as session:
        due = (
            repo.due_for_tick(session, now)
            + repo.awaiting_a_candidate(session)
            + repo.awaiting_introduction(session)
        )
    moved = 0
    for team_id, request_id in dict.fromkeys(due):
        try:
            moved += _advance(services, team_id, request_id, now)
        except Exception:
            log.exception("peer request %s could not move on", request_id)
    return moved


# --- the candidate ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    state: flow.State
    note: str  # what the ask now says, in place of its buttons


def answer_peer(
    services: Services, person: Person, request_id: int, accepted: bool
) -> Answered | None:
    """The asked candidate's yes or no; a stale or foreign answer changes nothing (None)."""
    now = services.clock()
    with transaction(services.sessions) as session:
        intro = repo.load(session, person.team_id, request_id)
        if intro is None:
            return None
        try:
            answered = flow.answer(intro, person.user_id, accepted, now)
        except flow.InvalidTransition:
            return None
        repo.save(session, answered, now)
        if answered.state == flow.State.BOTH_ACCEPTED:
            outbox.enqueue(
                session,
                kind=MessageKind.PEER_INTRO,
                dedupe_key=_intro_key(answered),
                recipient=Person.slack(person.team_id, answered.requester),
                participant_id=answered.requester_participant_id,
                payload={"request_id": answered.request_id},
                due_at=now,
                now=now,
            )
        else:
            _tell_requester(session, person.team_id, answered, now)
        lang = services.language(session, person, fetch=False)
    text = t("peer.candidate_accepted" if accepted else "peer.candidate_declined", lang)
    return Answered(answered.state, text)


# --- after the introduction was sent ---------------------------------------------------------


def mark_introduced(services: Services, team_id: str, request_id: int) -> None:
    """After the introduction was posted. Best effort: the worker records it if this fails."""
    now = services.clock()
    try:
        with transaction(services.sessions) as session:
            intro = repo.load(session, team_id, request_id)
            if intro is not None and intro.state == flow.State.BOTH_ACCEPTED:
                repo.save(session, flow.introduced(intro, now), now)
    except Exception:
        log.exception("peer request %s: introduction sent but not recorded yet", request_id)
