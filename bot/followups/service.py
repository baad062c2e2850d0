"""What a participant does with a follow-up: a status per next step, snooze, stop, questions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.followups.compose import followup_model
from bot.followups.planner import recipient_tz
from bot.followups.views import followup_blocks, followup_text, questions_view
from bot.services import Services
from bot.slack import ids
from bot.slack.gateway import SlackFailure
from bot.slack.requests import parse_int
from flows.factors import FACTORS
from flows.followups import STATUSES
from flows.i18n import format_date, t
from flows.identity import Person
from flows.outbox import MessageKind, snooze_key
from flows.templates.schema import LIGHTS
from flows.text import escape_mrkdwn, strip_control
from flows.timing import resolve_tz, snooze_until
from storage.db import UNAVAILABLE, transaction
from storage.models import NextStep, Participant, Workshop
from storage.repositories import followups as repo
from storage.repositories import outbox
from storage.repositories import participants as people

log = logging.getLogger(__name__)
TEXT_LIMIT = 1000


@dataclass(frozen=True)
class Target:
    """Which follow-up a button or modal is about: parsed from its value, checked against the
    database and the person pressing (only ever their own)."""

    participant_id: int
    wave: str
    step_id: int | None = None

    @classmethod
    def parse(cls, value: str) -> Target | None:
        parts = value.split(":")
        if len(parts) not in (2, 3):
            return None
        participant_id = parse_int(parts[0])
        wave = parts[1]
        step_id = parse_int(parts[2]) if len(parts) == 3 else None
        if (
            participant_id is None
            or not wave
            or len(wave) > 8
            or (len(parts) == 3 and step_id is None)
        ):
            return None
        return cls(participant_id, wave, step_id)


@dataclass(frozen=True)
class Place:
    channel: str
    ts: str


def _own(
    session: Session, team_id: str, user_id: str, target: Target
) -> tuple[Participant, Workshop] | None:
    return repo.own_participation(session, Person.slack(team_id, user_id), target.participant_id)


def own_step(
    session: Session, team_id: str, user_id: str, target: Target
) -> tuple[Participant, Workshop, NextStep] | None:
    """The pressed next step with its participant and workshop, only when all are the
    person's own (a forged or stale button finds nothing)."""
    own = _own(session, team_id, user_id, target)
    if own is None or target.step_id is None:
        return None
    step = people.get_next_step(session, own[0], target.step_id)
    return (*own, step) if step is not None else None


def _redraw(
    services: Services,
    session: Session,
    participant: Participant,
    workshop: Workshop,
    target: Target,
    lang: str,
    place: Place | None,
    note: str,
    *,
    show_controls: bool = True,
    ask_drop_reason: int | None = None,
) -> None:
    if place is None:
        return
    model = followup_model(
        services,
        session,
        participant,
        workshop,
        target.wave,
        lang,
        note=note,
        show_controls=show_controls,
        ask_drop_reason=ask_drop_reason,
    )
    if model is None:
        return
    try:
        services.slack_for(workshop.team_id).update_message(
            place.channel, place.ts, followup_text(model), followup_blocks(model)
        )
    except SlackFailure as failure:
        log.warning("chat.update of a follow-up failed: %s", failure)


def record_status(
    services: Services, team_id: str, user_id: str, value: str, status: str, place: Place | None
) -> bool:
    target = Target.parse(value)
    if target is None or target.step_id is None or status not in STATUSES:
        return False
    now = services.clock()
    with transaction(services.sessions) as session:
        found = own_step(session, team_id, user_id, target)
        if found is None:
            return False
        participant, workshop, step = found
        people.record_status(session, step, status, target.wave, now)
        lang = services.language(session, team_id, user_id, fetch=False)
        note = t(
            "followup.recorded",
            lang,
            status=t("status." + status, lang),
            date=format_date(now.date(), lang),
        )
        _redraw(
            services,
            session,
            participant,
            workshop,
            target,
            lang,
            place,
            note,
            ask_drop_reason=step.id if status == "dropped" else None,
        )
    return True


def snooze(services: Services, team_id: str, user_id: str, value: str, place: Place | None) -> bool:
    target = Target.parse(value)
    if target is None:
        return False
    now = services.clock()
    tz = recipient_tz(services, team_id, user_id)
    due = snooze_until(
        now, 7, tz, services.settings.sending_window, fallback_tz=services.settings.default_timezone
    )
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return False
        participant, workshop = own
        if participant.reminders_stopped_at is not None:
            return False
        outbox.enqueue(
            session,
            kind=MessageKind.FOLLOWUP,
            dedupe_key=snooze_key(participant.id, target.wave, due),
            recipient=Person.slack(team_id, user_id),
            workshop_id=workshop.id,
            participant_id=participant.id,
            payload={"participant_id": participant.id, "wave": target.wave, "snoozed": True},
            due_at=due,
            now=now,
        )
        lang = services.language(session, team_id, user_id, fetch=False)
        local_day = due.astimezone(resolve_tz(tz, services.settings.default_timezone)).date()
        note = t("followup.snoozed", lang, date=format_date(local_day, lang))
        _redraw(services, session, participant, workshop, target, lang, place, note)
    return True


def stop(services: Services, team_id: str, user_id: str, value: str, place: Place | None) -> bool:
    target = Target.parse(value)
    if target is None:
        return False
    now = services.clock()
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return False
        participant, workshop = own
        repo.stop_reminders(session, participant, now)
        outbox.cancel_pending(
            session, now=now, reason="stopped_by_participant", participant_id=participant.id
        )
        lang = services.language(session, team_id, user_id, fetch=False)
        note = t("followup.stopped", lang, title=escape_mrkdwn(workshop.title))
        _redraw(
            services,
            session,
            participant,
            workshop,
            target,
            lang,
            place,
            note,
            show_controls=False,
        )
    return True


def questions_modal(
    services: Services, team_id: str, user_id: str, value: str
) -> dict[str, Any] | None:
    target = Target.parse(value)
    if target is None:
        return None
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return None
        participant, workshop = own
        lang = services.language(session, team_id, user_id, fetch=False)
        model = followup_model(services, session, participant, workshop, target.wave, lang)
        if model is None:
            return None
        existing = repo.response_of(session, participant.id, target.wave)
        return questions_view(model, existing)


def save_questions_or_errors(
    services: Services,
    team_id: str,
    user_id: str,
    private_metadata: str,
    values: Mapping[str, object],
) -> dict[str, str] | None:
    """Save; or, when the database cannot answer, the inline errors that keep the modal and
    what the person wrote (nothing was written: the transaction rolled back)."""
    try:
        save_questions(services, team_id, user_id, private_metadata, values)
    except UNAVAILABLE:
        first = next(iter(values), None)
        if first is None:
            raise
        log.warning("follow-up answers: the database did not answer; the modal is kept")
        return {first: t("error.not_saved", services.settings.default_language)}
    return None


def save_questions(
    services: Services,
    team_id: str,
    user_id: str,
    private_metadata: str,
    values: Mapping[str, object],
) -> bool:
    target = Target.parse(private_metadata)
    if target is None:
        return False
    answer: dict[str, Any] = {}
    for key, block_id in (
        ("helped", ids.FQ_HELPED),
        ("obstacles", ids.FQ_OBSTACLES),
        ("revised", ids.FQ_REVISED),
    ):
        raw = values.get(block_id)
        text = strip_control(raw).strip()[:TEXT_LIMIT] if isinstance(raw, str) else ""
        if text:
            answer[key] = text
    lights = {
        factor.id: str(values[ids.FQ_LIGHT_PREFIX + factor.id])
        for factor in FACTORS
        if values.get(ids.FQ_LIGHT_PREFIX + factor.id) in LIGHTS
    }
    if lights:
        answer["lights"] = lights
    with transaction(services.sessions) as session:
        own = _own(session, team_id, user_id, target)
        if own is None:
            return False
        repo.save_response(session, own[0].id, target.wave, answer, services.clock())
    return True
