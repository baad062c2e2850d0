"""What a participant does with a follow-up beyond a status: why a step was dropped, a new plan,
a request for help (and the facilitator's reply), and seeing their own traffic lights move.

Channel-free use cases: they take a `Person` and the follow-up they answer (`FollowUpRef`) and
return what to show; the Slack face (outcomes/listeners.py, outcomes/slack.py) parses Slack's
payloads and renders. A help request reaches the facilitators through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.outcomes.peers import red_factors
from bot.services import Services
from flows.followupref import FollowUpRef
from flows.followups import parse_offsets
from flows.i18n import t
from flows.identity import Channel, Person
from flows.outbox import MessageKind, help_key, help_reply_key
from flows.outcomes import PersonMove, person_movement
from flows.steps import DROP_REASONS, REPLACED
from flows.text import answer_text, escape_mrkdwn
from storage.db import UNAVAILABLE, transaction
from storage.repositories import drop_reasons, help_requests, outbox, ratings, replans, web
from storage.repositories import followups as followup_repo
from storage.repositories import workshops as workshop_repo

log = logging.getLogger(__name__)
REPLY_LIMIT = 3000
# What a participant may choose to share with the facilitator when asking for help.
SHARE_OPTIONS = ("step", "obstacle", "name")


T = TypeVar("T")


def _lang(services: Services, person: Person) -> str:
    return services.language_of(person, fetch=False)


# --- drop reasons ----------------------------------------------------------------------------


def record_drop_reason(
    services: Services, person: Person, ref: FollowUpRef, reason: str
) -> str | None:
    """Why the person dropped a step; the note the follow-up now ends with (None: nothing
    recorded, the step is not theirs or already has a reason)."""
    if ref.step_id is None or reason not in DROP_REASONS:
        return None
    with transaction(services.sessions) as session:
        found = followup_repo.own_step(session, person, ref.participant_id, ref.step_id)
        if found is None:
            return None
        if not drop_reasons.record_drop_reason(
            session, person.team_id, ref.step_id, reason, services.clock()
        ):
            return None
        lang = services.language(session, person, fetch=False)
        return t("drop.recorded", lang, reason=t("drop." + reason, lang).lower())


# --- re-plans --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepToReplan:
    text: str
    target_date: date | None
    written_on: date
    lang: str


def step_to_replan(services: Services, person: Person, ref: FollowUpRef) -> StepToReplan | None:
    """The step as written, to be planned anew; None when it is not theirs or already was."""
    if ref.step_id is None:
        return None
    with transaction(services.sessions) as session:
        found = followup_repo.own_step(session, person, ref.participant_id, ref.step_id)
        if found is None or found[2].status == REPLACED:
            return None
        step = found[2]
        lang = services.language(session, person, fetch=False)
        return StepToReplan(step.text, step.target_date, step.created_at.date(), lang)


@dataclass(frozen=True)
class Replanned:
    note: str  # what the follow-up now ends with


@dataclass(frozen=True)
class Invalid:
    errors: dict[str, str]  # by field ("text"), the message to show there


def _unless_database_down(
    services: Services, what: str, field: str, save: Callable[[], T]
) -> T | Invalid:
    """`save()`, or, when the database cannot answer (nothing was written: the transaction
    rolled back), "not saved, your text is still here" at `field`, as the reflection's steps
    say it: the person's text stays where they wrote it, to be sent again."""
    try:
        return save()
    except UNAVAILABLE:
        log.warning("%s: the database did not answer; the text is kept", what)
        return Invalid({field: t("error.not_saved", services.settings.default_language)})


def replan(
    services: Services, person: Person, ref: FollowUpRef, text: str, target_date: date | None
) -> Replanned | Invalid | None:
    """Write the new plan (None: nothing to do, the step is not theirs)."""
    return _unless_database_down(
        services, "new plan", "text", lambda: _replan(services, person, ref, text, target_date)
    )


def _replan(
    services: Services, person: Person, ref: FollowUpRef, text: str, target_date: date | None
) -> Replanned | Invalid | None:
    if ref.step_id is None:
        return None
    lang = _lang(services, person)
    text = answer_text(text)
    if not text:
        return Invalid({"text": t("replan.text_label", lang)})
    with transaction(services.sessions) as session:
        found = followup_repo.own_step(session, person, ref.participant_id, ref.step_id)
        if found is None:
            return None
        replans.replan(
            session, person.team_id, ref.step_id, text, target_date, ref.wave, services.clock()
        )
    return Replanned(t("replan.saved", lang))


# --- help ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInNeed:
    text: str
    target_date: date | None
    lang: str


def step_in_need(services: Services, person: Person, ref: FollowUpRef) -> StepInNeed | None:
    """The step the person wants help with, to ask what stands in the way."""
    if ref.step_id is None:
        return None
    with transaction(services.sessions) as session:
        found = followup_repo.own_step(session, person, ref.participant_id, ref.step_id)
        if found is None:
            return None
        lang = services.language(session, person, fetch=False)
        return StepInNeed(found[2].text, found[2].target_date, lang)


@dataclass(frozen=True)
class Told:
    """A message to show the person, in their language."""

    text: str
    lang: str


def ask_for_help(
    services: Services,
    person: Person,
    ref: FollowUpRef,
    obstacle: str,
    shared: frozenset[str],
) -> Told | Invalid | None:
    """Store the request and queue a message to each facilitator, who sees only what the
    person chose to share (`shared`: of SHARE_OPTIONS); None when it is not theirs; Invalid
    (at "obstacle") when the database did not answer."""
    return _unless_database_down(
        services,
        "help request",
        "obstacle",
        lambda: _ask_for_help(services, person, ref, obstacle, shared),
    )


def _ask_for_help(
    services: Services,
    person: Person,
    ref: FollowUpRef,
    obstacle: str,
    shared: frozenset[str],
) -> Told | None:
    if ref.step_id is None:
        return None
    now = services.clock()
    with transaction(services.sessions) as session:
        own = followup_repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        request_id = help_requests.ask_for_help(
            session,
            team_id=person.team_id,
            participant_id=participant.id,
            step_id=ref.step_id,
            wave=ref.wave,
            obstacle=answer_text(obstacle) or None,
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
                recipient=Person(person.team_id, facilitator.user_id, Channel(facilitator.channel)),
                workshop_id=workshop.id,
                payload={"request_id": request_id},
                due_at=now,
                now=now,
            )
        lang = services.language(session, person, fetch=False)
        return Told(t("helpreq.sent", lang, title=escape_mrkdwn(workshop.title)), lang)


def facilitated_request(services: Services, person: Person, request_id: int) -> int | None:
    """The help request, only for a facilitator of its workshop."""
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, person.team_id, request_id)
        if found is None or (
            workshop_repo.facilitated_workshop(session, person.team_id, found.workshop_id, person)
            is None
        ):
            return None
    return request_id


class Route(StrEnum):
    """How a facilitator's answer reaches the person who asked."""

    SLACK = "slack"  # a DM, sent at once
    MAIL = "mail"  # a web participant: an e-mail through the outbox, to their confirmed address
    NONE = "none"  # a web participant with no confirmed address (or mail off): it cannot


@dataclass(frozen=True)
class Reply:
    request_id: int
    text: str
    lang: str  # the facilitator's, to confirm it in
    route: Route = Route.SLACK


def check_reply(
    services: Services, person: Person, request_id: int, text: str
) -> Reply | Invalid | None:
    """The facilitator's answer to a help request, if they may give it and wrote something,
    with the way it can reach the person; Invalid (at "text") when the database did not
    answer."""
    return _unless_database_down(
        services, "help reply", "text", lambda: _check_reply(services, person, request_id, text)
    )


def _check_reply(services: Services, person: Person, request_id: int, text: str) -> Reply | None:
    text = answer_text(text, REPLY_LIMIT)
    if facilitated_request(services, person, request_id) is None or not text:
        return None
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, person.team_id, request_id)
        if found is None:
            return None
        route = _route(services, session, _asker(person.team_id, found))
    return Reply(request_id, text, _lang(services, person), route)


def _asker(team_id: str, found: help_requests.HelpRequestRecord) -> Person:
    return Person(team_id, found.user_id, Channel(found.channel))


def _route(services: Services, session: Session, asker: Person) -> Route:
    if asker.channel == Channel.SLACK:
        return Route.SLACK
    if services.settings.mail_enabled and web.reachable_address(session, asker) is not None:
        return Route.MAIL
    return Route.NONE


@dataclass(frozen=True)
class ReplyToSend:
    """The facilitator's answer as the participant is to read it (they stay unnamed to the
    facilitator, who never learns who asked unless told)."""

    to: Person
    title: str
    text: str
    lang: str


def reply_to_send(services: Services, person: Person, reply: Reply) -> ReplyToSend | None:
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, person.team_id, reply.request_id)
        if found is None:
            return None
        workshop = workshop_repo.get_workshop(session, person.team_id, found.workshop_id)
        if workshop is None:
            return None
        asker = _asker(person.team_id, found)
        lang = services.language(session, asker, fetch=False)
        return ReplyToSend(asker, workshop.title, reply.text, lang)


def reply_sent(services: Services, person: Person, reply: Reply) -> None:
    """Once the participant has the answer: the request is answered, by this facilitator."""
    with transaction(services.sessions) as session:
        help_requests.mark_answered(
            session, person.team_id, reply.request_id, person.user_id, services.clock()
        )


def mail_reply(services: Services, person: Person, reply: Reply) -> bool:
    """A web participant's answer, queued as an e-mail (`MessageKind.HELP_REPLY`) to their
    confirmed address and recorded as answered; False when they cannot be reached by mail
    (no confirmed address, stopped, or mail switched off), and nothing is queued."""
    now = services.clock()
    with transaction(services.sessions) as session:
        found = help_requests.get_help_request(session, person.team_id, reply.request_id)
        if found is None:
            return False
        asker = _asker(person.team_id, found)
        if _route(services, session, asker) is not Route.MAIL:
            return False
        outbox.enqueue(
            session,
            kind=MessageKind.HELP_REPLY,
            dedupe_key=help_reply_key(reply.request_id, person.user_id, reply.text),
            recipient=asker,
            workshop_id=found.workshop_id,
            participant_id=found.participant_id,
            # The answer's words live only here until it is sent (the request keeps who and
            # when): the row goes with the person's data and the workshop's.
            payload={"request_id": reply.request_id, "text": reply.text},
            due_at=now,
            now=now,
        )
        help_requests.mark_answered(session, person.team_id, reply.request_id, person.user_id, now)
    return True


# --- re-rating -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Movement:
    """A person's own traffic lights since the day, and the factors they just rated red (a
    peer may be offered for each)."""

    participant_id: int
    moves: tuple[PersonMove, ...]
    red_factors: list[str]
    lang: str


def rerate(
    services: Services, person: Person, ref: FollowUpRef, lights: Mapping[str, str]
) -> Movement | None:
    """Store a follow-up's traffic lights; the person's movement (None when none were given or
    the follow-up is not theirs)."""
    if not lights:
        return None
    with transaction(services.sessions) as session:
        own = followup_repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        ratings.save_ratings(session, participant.id, ref.wave, dict(lights), services.clock())
        waves = [offset.code for offset in parse_offsets(workshop.followup_offsets)]
        moves = person_movement(ratings.ratings_of(session, [participant.id]), waves)
        lang = services.language(session, person, fetch=False)
    return Movement(participant.id, moves, red_factors(dict(lights)), lang)
