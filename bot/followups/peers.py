"""Peers across municipalities (success factor 7), wired to Slack: a request from the movement
view, the worker asking candidates one at a time, the candidate's answer, and the introduction
in a group DM once both have said yes (flows.peers decides every step).

Nobody is named before both said yes: the ask carries neither name nor municipality, and the
introduction is rendered only from `both_accepted`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.failure_log import log_failure
from bot.followups import outcome_views as views
from bot.slack.blocks import Block, message_modal, mrkdwn, section
from bot.slack.gateway import SlackFailure
from bot.slack.services import SlackServices
from flows import peers as flow
from flows.factors import FACTORS, factor_by_id
from flows.i18n import t
from flows.identity import Person
from flows.outbox import MessageKind, peer_ask_key, peer_end_key, peer_intro_key
from flows.outcomes import current_lights
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.models import Participant
from storage.repositories import outbox, ratings
from storage.repositories import peers as repo

log = logging.getLogger(__name__)

# What the requester is told when a request ends without an introduction.
_ENDINGS = (flow.State.DECLINED, flow.State.EXPIRED, flow.State.NO_MATCH)


def red_factors(lights: dict[str, str]) -> list[str]:
    """The factors just rated red, in the catalogue's order: those a peer may be offered for."""
    return [factor.id for factor in FACTORS if lights.get(factor.id) == "red"]


# --- the requester ---------------------------------------------------------------------------


def _parse_request(value: str) -> tuple[int, str] | None:
    pid, _, factor_id = value.partition(":")
    if not pid.isdigit() or factor_id not in {f.id for f in FACTORS}:
        return None
    return int(pid), factor_id


def request_peer(
    services: SlackServices, team_id: str, user_id: str, value: str, view_id: str
) -> flow.State | None:
    """Open (or keep) the person's request for the factor; the state it is in, or None when the
    press is not theirs. The modal the button sat in says what happens next."""
    parsed = _parse_request(value)
    if parsed is None:
        return None
    participant_id, factor_id = parsed
    now = services.clock()
    with transaction(services.sessions) as session:
        participant = session.get(Participant, participant_id)
        if participant is None or participant.user_id != user_id:
            return None
        if team_id not in (participant.team_id, participant.home_team_id):
            return None
        lang = services.language(session, Person.slack(team_id, user_id), fetch=False)
        light = (
            current_lights(ratings.ratings_of(session, [participant_id]))
            .get(user_id, {})
            .get(factor_id)
        )
        try:
            flow.request(user_id, participant_id, factor_id, light, now)
        except flow.NotStuck:
            state, note = None, t("peer.not_stuck", lang)
        else:
            opened = repo.open_request(
                session,
                team_id=participant.team_id,
                requester_participant_id=participant_id,
                factor_id=factor_id,
                now=now,
            )
            intro = repo.load(session, participant.team_id, opened.request_id)
            state = intro.state if intro else None
            note = t("peer.requested", lang)
    if view_id:
        try:
            services.slack_for(team_id).update_view(
                view_id, message_modal(t("fq.title", lang), note, t("fq.close", lang))
            )
        except SlackFailure as failure:
            log_failure("peer request view", failure)
    return state


# --- the worker ------------------------------------------------------------------------------


def _tell_requester(
    session: Session, team_id: str, intro: flow.Introduction, now: datetime
) -> None:
    if intro.state not in _ENDINGS or intro.request_id is None:
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


def _advance(services: SlackServices, team_id: str, request_id: int, now: datetime) -> bool:
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


def advance_all(services: SlackServices) -> int:
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


def answer_peer(
    services: SlackServices,
    team_id: str,
    user_id: str,
    value: str,
    accepted: bool,
    place: tuple[str, str] | None,
) -> flow.State | None:
    """The asked candidate's yes or no (`place`: the ask's channel and ts, to redraw it); a
    stale or foreign press changes nothing (None)."""
    if not value.isdigit():
        return None
    now = services.clock()
    with transaction(services.sessions) as session:
        intro = repo.load(session, team_id, int(value))
        if intro is None:
            return None
        try:
            answered = flow.answer(intro, user_id, accepted, now)
        except flow.InvalidTransition:
            return None
        repo.save(session, answered, now)
        if answered.state == flow.State.BOTH_ACCEPTED:
            outbox.enqueue(
                session,
                kind=MessageKind.PEER_INTRO,
                dedupe_key=_intro_key(answered),
                recipient=Person.slack(team_id, answered.requester),
                participant_id=answered.requester_participant_id,
                payload={"request_id": answered.request_id},
                due_at=now,
                now=now,
            )
        else:
            _tell_requester(session, team_id, answered, now)
        lang = services.language(session, Person.slack(team_id, user_id), fetch=False)
    text = t("peer.candidate_accepted" if accepted else "peer.candidate_declined", lang)
    if place is not None:
        try:
            channel, ts = place
            services.slack_for(team_id).update_message(channel, ts, text, [section(mrkdwn(text))])
        except SlackFailure as failure:
            log_failure("peer answer", failure)
    return answered.state


# --- rendering the outbox's peer rows (followups.compose calls these) ------------------------


def render_ask(
    session: Session, team_id: str, recipient: str, request_id: int, lang: str
) -> tuple[str, list[Block]] | str:
    """The ask, or why it is no longer to be sent."""
    intro = repo.load(session, team_id, request_id)
    ask = intro.current_ask if intro else None
    if intro is None or intro.state != flow.State.CANDIDATE_ASKED or ask is None:
        return "peer_ask_stale"
    if ask.candidate != recipient or ask.answer != flow.Answer.PENDING:
        return "peer_ask_stale"
    return views.peer_ask_message(request_id, intro.factor_id, ask.answer_by.date(), lang)


def render_introduction(
    session: Session, team_id: str, request_id: int, lang: str
) -> tuple[str, list[Block], tuple[str, str]] | str:
    """The introduction and the two people it goes to: only once both said yes."""
    intro = repo.load(session, team_id, request_id)
    if intro is None or intro.state != flow.State.BOTH_ACCEPTED:
        return "peer_not_accepted"
    candidate = intro.candidate_for_requester
    requester = intro.requester_for_candidate
    ask = intro.current_ask
    if candidate is None or requester is None or ask is None:
        return "peer_not_accepted"
    unknown = t("peer.unknown_municipality", lang)
    text = t(
        "peer.introduction",
        lang,
        requester=requester,
        candidate=candidate,
        factor=escape_mrkdwn(factor_by_id(intro.factor_id).short(lang)),
        requester_municipality=repo.municipality_of(session, intro.requester_participant_id)
        or unknown,
        candidate_municipality=repo.municipality_of(session, ask.candidate_participant_id)
        or unknown,
    )
    return text, [section(mrkdwn(text))], (requester, candidate)


def mark_introduced(services: SlackServices, team_id: str, request_id: int) -> None:
    """After the introduction was posted. Best effort: the worker records it if this fails."""
    now = services.clock()
    try:
        with transaction(services.sessions) as session:
            intro = repo.load(session, team_id, request_id)
            if intro is not None and intro.state == flow.State.BOTH_ACCEPTED:
                repo.save(session, flow.introduced(intro, now), now)
    except Exception:
        log.exception("peer request %s: introduction sent but not recorded yet", request_id)


def render_ending(
    session: Session, team_id: str, request_id: int, state: str, lang: str
) -> tuple[str, list[Block]] | str:
    intro = repo.load(session, team_id, request_id)
    if intro is None or intro.state.value != state or intro.state not in _ENDINGS:
        return "peer_state_changed"
    factor = escape_mrkdwn(factor_by_id(intro.factor_id).short(lang))
    text = t("peer." + state, lang, factor=factor)
    return text, [section(mrkdwn(text))]
