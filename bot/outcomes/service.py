"""What a participant does with a follow-up beyond a status: why a step was dropped, a new plan,
a request for help (and the facilitator's reply), and seeing their own traffic lights move."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.followups.service import Place, Target, _own, _redraw, own_step
from bot.outcomes import peers, views
from bot.services import Services
from bot.slack import ids
from bot.slack.listeners import send_dm
from flows.followups import parse_offsets
from flows.i18n import t
from flows.identity import Channel, Person
from flows.outbox import MessageKind, help_key
from flows.outcomes import person_movement
from flows.steps import DROP_REASONS, REPLACED
from flows.text import strip_control
from storage.db import transaction
from storage.repositories import drop_reasons, help_requests, outbox, ratings, replans
from storage.repositories import workshops as workshop_repo

log = logging.getLogger(__name__)
TEXT_LIMIT = 1000
REPLY_LIMIT = 3000


def _metadata(value: str, place: Place | None) -> str:
    return f"{value}|{place.channel}|{place.ts}" if place else value


def _unpack(metadata: str) -> tuple[Target | None, Place | None]:
    value, _, rest = metadata.partition("|")
    channel, _, ts = rest.partition("|")
    return Target.parse(value), Place(channel, ts) if channel and ts else None


def _text(raw: object, limit: int = TEXT_LIMIT) -> str:
    return strip_control(raw).strip()[:limit] if isinstance(raw, str) else ""


# --- drop reasons ----------------------------------------------------------------------------


def record_drop_reason(
    services: Services, team_id: str, user_id: str, value: str, reason: str, place: Place | None
) -> bool:
    target = Target.parse(value)
    if target is None or target.step_id is None or reason not in DROP_REASONS:
        return False
    with transaction(services.sessions) as session:
        found = own_step(session, team_id, user_id, target)
        if found is None:
            return False
        participant, workshop, _ = found
        if not drop_reasons.record_drop_reason(
            session, team_id, target.step_id, reason, services.clock()
        ):
            return False
        lang = services.language(session, team_id, user_id, fetch=False)
        note = t("drop.recorded", lang, reason=t("drop." + reason, lang).lower())
        _redraw(services, session, participant, workshop, target, lang, place, note)
    return True


# --- re-plans --------------------------------------------------------------------------------


def replan_modal(
    services: Services, team_id: str, user_id: str, value: str, place: Place | None
) -> dict[str, Any] | None:
    target = Target.parse(value)
    if target is None or target.step_id is None:
        return None
    with transaction(services.sessions) as session:
        found = own_step(session, team_id, user_id, target)
        if found is None or found[2].status == REPLACED:
            return None
        step = found[2]
        lang = services.language(session, team_id, user_id, fetch=False)
        written = step.created_at.date()
        return views.replan_view(
            step.text, step.target_date, written, lang, _metadata(value, place)
        )


def save_replan(
    services: Services, team_id: str, user_id: str, metadata: str, values: Mapping[str, object]
) -> dict[str, str] | None:
    """Write the new plan; field errors to show (None when saved or nothing to do)."""
    target, place = _unpack(metadata)
    if target is None or target.step_id is None:
        return None
    lang = services.language_of(team_id, user_id, fetch=False)
    text = _text(values.get(ids.FR_TEXT))
    if not text:
        return {ids.FR_TEXT: t("replan.text_label", lang)}
    raw_date = values.get(ids.FR_DATE)
    try:
        target_date = date.fromisoformat(raw_date) if isinstance(raw_date, str) else None
    except ValueError:
        target_date = None
    now = services.clock()
    with transaction(services.sessions) as session:
        found = own_step(session, team_id, user_id, target)
        if found is None:
            return None
        participant, workshop, _ = found
        replans.replan(session, team_id, target.step_id, text, target_date, target.wave, now)
        _redraw(
            services, session, participant, workshop, target, lang, place, t("replan.saved", lang)
        )
    return None


# --- help ------------------------------------------------------------------------------------


def help_modal(services: Services, team_id: str, user_id: str, value: str) -> dict[str, Any] | None:
    target = Target.parse(value)
    if target is None or target.step_id is None:
        return None
    with transaction(services.sessions) as session:
        found = own_step(session, team_id, user_id, target)
        if found is None:
            return None
        step = found[2]
        lang = services.language(session, team_id, user_id, fetch=False)
        return views.help_view(step.text, step.target_date, lang, value)


def _shared(state: Mapping[str, dict[str, Any]]) -> set[str]:
    element = (state.get(ids.HR_SHARE) or {}).get(ids.INPUT) or {}
    chosen = element.get("selected_options") if isinstance(element, dict) else None
    if not isinstance(chosen, list):
        return set()
    return {str(o.get("value")) for o in chosen if isinstance(o, dict)}


def save_help(
    services: Services,
    team_id: str,
    user_id: str,
    metadata: str,
    values: Mapping[str, object],
    state: Mapping[str, dict[str, Any]],
) -> dict[str, Any] | None:
    """Store the request and queue a message to each facilitator; the view to show."""
    target = Target.parse(metadata)
    if target is None or target.step_id is None:
        return None
    shared = _shared(state)
    now = services.clock()
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return None
        participant, workshop = own
        request_id = help_requests.ask_for_help(
            session,
            team_id=team_id,
            participant_id=participant.id,
            step_id=target.step_id,
            wave=target.wave,
            obstacle=_text(values.get(ids.HR_OBSTACLE)) or None,
            share_step="step" in shared,
            share_obstacle="obstacle" in shared,
            share_name="name" in shared,
            now=now,
        )
        if request_id is None:
            return None
        for facilitator in workshop.facilitators:
            outbox.enqueue(
                session,
                kind=MessageKind.HELP,
                dedupe_key=help_key(request_id, facilitator.user_id),
                recipient=Person(team_id, facilitator.user_id, Channel(facilitator.channel)),
                workshop_id=workshop.id,
                payload={"request_id": request_id},
                due_at=now,
                now=now,
            )
        lang = services.language(session, team_id, user_id, fetch=False)
        return views.done_view(t("helpreq.sent", lang, title=workshop.title), lang)


def reply_modal(
    services: Services, team_id: str, user_id: str, value: str
) -> dict[str, Any] | None:
    request_id = _facilitated_request(services, team_id, user_id, value)
    if request_id is None:
        return None
    return views.reply_view(request_id, services.language_of(team_id, user_id, fetch=False))


def _facilitated_request(services: Services, team_id: str, user_id: str, value: str) -> int | None:
    try:
        request_id = int(value)
    except ValueError:
        return None
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, team_id, request_id)
        if found is None:
            return None
        workshop = workshop_repo.get_workshop(session, team_id, found.workshop_id)
        if workshop is None or not workshop_repo.is_facilitator(
            workshop, Person.slack(team_id, user_id)
        ):
            return None
    return request_id


@dataclass(frozen=True)
class Reply:
    request_id: int
    text: str


def check_reply(
    services: Services, team_id: str, user_id: str, metadata: str, values: Mapping[str, object]
) -> Reply | None:
    request_id = _facilitated_request(services, team_id, user_id, metadata)
    text = _text(values.get(ids.HRR_TEXT), REPLY_LIMIT)
    if request_id is None or not text:
        return None
    return Reply(request_id, text)


def send_reply(services: Services, team_id: str, user_id: str, reply: Reply) -> bool:
    """DM the facilitator's answer to the participant (who stays unnamed to the facilitator)."""
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, team_id, reply.request_id)
        if found is None:
            return False
        workshop = workshop_repo.get_workshop(session, team_id, found.workshop_id)
        if workshop is None:
            return False
        lang = services.language(session, team_id, found.user_id, fetch=False)
        text, blocks = views.reply_message(workshop.title, reply.text, lang)
        participant = found.user_id
    if send_dm(services, team_id, participant, text, blocks, what="help reply") is None:
        return False
    with transaction(services.sessions) as session:
        help_requests.mark_answered(session, team_id, reply.request_id, user_id, services.clock())
    return True


# --- re-rating -------------------------------------------------------------------------------


def save_lights(
    services: Services, team_id: str, user_id: str, metadata: str, lights: Mapping[str, str]
) -> dict[str, Any] | None:
    """Store a follow-up's traffic lights; the person's own movement since the day to show."""
    target = Target.parse(metadata)
    if target is None:
        return None
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return None
        participant, workshop = own
        if lights:
            ratings.save_ratings(session, participant.id, target.wave, lights, services.clock())
        waves = [offset.code for offset in parse_offsets(workshop.followup_offsets)]
        moves = person_movement(ratings.ratings_of(session, [participant.id]), waves)
        lang = services.language(session, team_id, user_id, fetch=False)
    offer = views.peer_offer_blocks(participant.id, peers.red_factors(dict(lights)), lang)
    return views.movement_view(moves, lang, offer) if lights else None
