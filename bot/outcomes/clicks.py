"""A follow-up mail's one-click links: what a link will record, and recording it once.

A link is a `Purpose.FOLLOWUP` token whose payload names the wave, the step and the action (a
status, dropped, need help, re-plan, the traffic lights again, remind me in a week, stop).
Reading it changes nothing (mail scanners open every link); recording spends it first, so two
clicks at once record once, then answers through the same use cases as Slack's buttons
(followups/service.py, outcomes/service.py). A dropped step's reason may follow on the spent
link while it has not expired, as Slack asks why after the tap.

Channel-free: a raw token and the person's answers in, domain values out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from sqlalchemy.orm import Session

from bot.followups import service as followups
from bot.outcomes import service
from bot.services import Services
from flows.factors import FACTORS
from flows.followupref import FollowUpRef
from flows.i18n import Language
from flows.identity import Person
from flows.steps import DONE, DROP_REASONS, DROPPED, NOT_STARTED, UNDER_WAY
from flows.steps import NEED_HELP as NEED_HELP_STATUS
from flows.templates.schema import LIGHTS
from flows.text import answer_text
from flows.timing import resolve_tz
from storage.db import transaction
from storage.repositories import followups as followup_repo
from storage.repositories import web
from storage.repositories.web import State as State  # the web face reads it here

NEED_HELP: Final = NEED_HELP_STATUS
STATUSES: Final = (DONE, UNDER_WAY, NOT_STARTED, DROPPED, NEED_HELP_STATUS)
REPLAN: Final = "replan"
LIGHTS_AGAIN: Final = "lights"
SNOOZE: Final = "snooze"
STOP: Final = "stop"
ACTIONS: Final = (*STATUSES, REPLAN, LIGHTS_AGAIN, SNOOZE, STOP)
# A personal link opened from a used one-click link lives this long (the page is one click away).
PERSONAL_DAYS: Final = 30
# Only what a web person can share: they have no name in the facilitator's Slack.
WEB_SHARE_OPTIONS: Final = ("step", "obstacle")


@dataclass(frozen=True)
class ClickedStep:
    text: str
    written_on: date
    target_date: date | None
    status: str


class HelpAnswer(StrEnum):
    """Whether the facilitators' answer to a request for help can reach the person."""

    BY_MAIL = "mail"  # to their confirmed address
    NO_ADDRESS = "none"  # no confirmed address (or it was stopped): it cannot
    MAIL_OFF = "off"  # e-mail is not switched on here


@dataclass(frozen=True)
class Click:
    """What a link stands for and what clicking it records."""

    state: State
    action: str = ""
    lang: Language | None = None
    title: str = ""
    step: ClickedStep | None = None
    workshop_code: str | None = None
    drop_reason_open: bool = False  # dropped: the reason may still be given on this link
    help_answer: HelpAnswer | None = None  # need help: how an answer would reach them


@dataclass(frozen=True)
class Answers:
    """What the page's form sent with the click (each action reads its own)."""

    reason: str = ""  # dropped
    obstacle: str = ""  # need help
    shared: frozenset[str] = frozenset()
    text: str = ""  # re-plan
    target_date: date | None = None
    lights: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Recorded:
    action: str


@dataclass(frozen=True)
class Invalid:
    errors: dict[str, str]  # by field, a key of flows/messages_web_followups ("webfu.…")


@dataclass(frozen=True)
class _Link:
    found: web.Found
    person: Person
    ref: FollowUpRef
    action: str


def _link(services: Services, raw: str) -> tuple[web.Found, _Link | None]:
    with transaction(services.sessions) as session:
        found = web.look_up(session, raw, services.clock(), web.Purpose.FOLLOWUP)
    payload = found.payload or {}
    action, wave, step_id = payload.get("action"), payload.get("wave"), payload.get("step_id")
    if (
        found.person is None
        or found.participant_id is None
        or action not in ACTIONS
        or not isinstance(wave, str)
        or not (step_id is None or isinstance(step_id, int))
    ):
        return found, None
    ref = FollowUpRef(found.participant_id, wave, step_id)
    return found, _Link(found, found.person, ref, str(action))


def _used_in_time(found: web.Found, now: datetime) -> bool:
    """Spent, and not yet expired: what follows a click (why it was dropped, the person's
    page) may still be given on it."""
    return found.state is State.USED and found.expires_at is not None and found.expires_at > now


def read(services: Services, raw: str) -> Click:
    found, link = _link(services, raw)
    if link is None:
        return Click(State.UNKNOWN if found.state is State.VALID else found.state)
    with transaction(services.sessions) as session:
        own = followup_repo.own_participation(session, link.person, link.ref.participant_id)
        if own is None:
            return Click(State.UNKNOWN)
        participant, workshop = own
        lang = services.language(session, link.person, fetch=False)
        step = None
        if link.ref.step_id is not None:
            mine = followup_repo.own_step(session, link.person, participant.id, link.ref.step_id)
            if mine is not None:
                tz = resolve_tz(None, services.settings.default_timezone)
                row = mine[2]
                step = ClickedStep(
                    row.text, row.created_at.astimezone(tz).date(), row.target_date, row.status
                )
        return Click(
            found.state,
            link.action,
            lang,
            workshop.title,
            step,
            workshop.code,
            drop_reason_open=link.action == DROPPED and _used_in_time(found, services.clock()),
            help_answer=(
                _help_answer(services, session, link.person) if link.action == NEED_HELP else None
            ),
        )


def _help_answer(services: Services, session: Session, person: Person) -> HelpAnswer:
    if not services.settings.mail_enabled:
        return HelpAnswer.MAIL_OFF
    if web.reachable_address(session, person) is None:
        return HelpAnswer.NO_ADDRESS
    return HelpAnswer.BY_MAIL


def record(services: Services, raw: str, answers: Answers) -> Recorded | Invalid | Click:
    """Record the click once; a `Click` (used, expired, unknown) when nothing was recorded."""
    found, link = _link(services, raw)
    if link is None:
        return read(services, raw)
    if _used_in_time(found, services.clock()) and link.action == DROPPED and answers.reason:
        return _drop_reason(services, link, answers.reason) or read(services, raw)
    if found.state is not State.VALID:
        return read(services, raw)
    invalid = _check(link.action, answers)
    if invalid is not None:
        return invalid
    with transaction(services.sessions) as session:
        if not web.spend(session, raw, services.clock()):
            return read(services, raw)  # a second click, a moment later
    _answer(services, link, answers)
    return Recorded(link.action)


def _check(action: str, answers: Answers) -> Invalid | None:
    """What the form must hold before the link is spent (a refused form keeps the link)."""
    if action == REPLAN and not answer_text(answers.text):
        return Invalid({"text": "webfu.replan_text_missing"})
    if action == LIGHTS_AGAIN and not followups.lights_given(
        followups.FollowUpAnswers(lights=answers.lights)
    ):
        return Invalid({"lights": "webfu.lights_missing"})
    return None


def _drop_reason(services: Services, link: _Link, reason: str) -> Recorded | None:
    if reason not in DROP_REASONS:
        return None
    noted = service.record_drop_reason(services, link.person, link.ref, reason)
    return Recorded(DROPPED) if noted is not None else None


def _answer(services: Services, link: _Link, answers: Answers) -> None:
    person, ref, action = link.person, link.ref, link.action
    if action in STATUSES:
        followups.record_status(services, person, ref, action)
        if action == DROPPED and answers.reason:
            _drop_reason(services, link, answers.reason)
        if action == NEED_HELP:
            shared = answers.shared & frozenset(WEB_SHARE_OPTIONS)
            service.ask_for_help(services, person, ref, answers.obstacle, shared)
    elif action == REPLAN:
        service.replan(services, person, ref, answers.text, answers.target_date)
    elif action == LIGHTS_AGAIN:
        _rate_again(services, person, ref, answers.lights)
    elif action == SNOOZE:
        followups.snooze(services, person, ref)
    elif action == STOP:
        followups.stop_everything(services, person)


def _rate_again(
    services: Services, person: Person, ref: FollowUpRef, lights: Mapping[str, str]
) -> None:
    """As Slack's questions modal: the wave's answers keep what was written before, the
    lights are the wave's response and the person's ratings."""
    earlier = followups.questions(services, person, ref)
    before = (earlier.earlier if earlier else None) or {}
    given = {factor.id: lights[factor.id] for factor in FACTORS if lights.get(factor.id) in LIGHTS}
    followups.save_answers(
        services,
        person,
        ref,
        followups.FollowUpAnswers(
            helped=str(before.get("helped", "")),
            obstacles=str(before.get("obstacles", "")),
            revised=str(before.get("revised", "")),
            lights=given,
        ),
    )
    service.rerate(services, person, ref, given)


def marker(raw: str) -> str:
    """A short mark of a link, for a browser to remember it just recorded it (never the link)."""
    return web.token_hash(raw)[:16]


def open_personal(services: Services, raw: str) -> str | None:
    """A new personal link (raw) for the person of a used one-click link, so the page that says
    "already noted" leads on to all their steps; None for an expired or unknown link."""
    now = services.clock()
    with transaction(services.sessions) as session:
        found = web.look_up(session, raw, now, web.Purpose.FOLLOWUP)
        if not _used_in_time(found, now) or found.person is None:
            return None
        return web.issue(
            session,
            found.person,
            web.Purpose.PERSONAL,
            now=now,
            expires_at=now + timedelta(days=PERSONAL_DAYS),
            participant_id=found.participant_id,
        )
