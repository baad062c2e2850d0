"""What a participant does with a follow-up: a status per next step, remind me later, stop, and
the questions (what helped, what stood in the way, a revised plan, the traffic lights again).

Channel-free use cases: they take a `Person` and the follow-up they answer (`FollowUpRef`) and
return what the follow-up now says; the Slack face (followups/listeners.py, followups/slack.py)
parses the buttons and modals and redraws the DM.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.followups.model import FollowUpModel, followup_model
from bot.followups.planner import recipient_tz
from bot.services import Services
from flows.followupref import FollowUpRef
from flows.followups import STATUSES
from flows.i18n import format_date, t
from flows.identity import Person
from flows.outbox import MessageKind, snooze_key
from flows.templates.schema import LIGHTS
from flows.text import answer_text, escape_mrkdwn
from flows.timing import resolve_tz, snooze_until
from storage.db import UNAVAILABLE, transaction
from storage.repositories import followups as repo
from storage.repositories import outbox, web
from storage.repositories import participants as people

log = logging.getLogger(__name__)
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class Answered:
    """How the follow-up reads after an answer: the note it ends with, whether its buttons stay,
    and the step just dropped (whose reason is asked in one tap)."""

    note: str
    show_controls: bool = True
    ask_drop_reason: int | None = None


def record_status(
    services: Services, person: Person, ref: FollowUpRef, status: str
) -> Answered | None:
    """A status for one of the person's next steps; None when nothing was recorded."""
    if ref.step_id is None or status not in STATUSES:
        return None
    now = services.clock()
    with transaction(services.sessions) as session:
        found = repo.own_step(session, person, ref.participant_id, ref.step_id)
        if found is None:
            return None
        step = found[2]
        people.record_status(session, step, status, ref.wave, now)
        lang = services.language(session, person, fetch=False)
        note = t(
            "followup.recorded",
            lang,
            status=t("status." + status, lang),
            date=format_date(now.date(), lang),
        )
        return Answered(note, ask_drop_reason=step.id if status == "dropped" else None)


def snooze(services: Services, person: Person, ref: FollowUpRef) -> Answered | None:
    """The same follow-up again in a week, within the sending window of the person's day."""
    now = services.clock()
    tz = recipient_tz(services, person.team_id, person.user_id)
    settings = services.settings
    due = snooze_until(
        now, SNOOZE_DAYS, tz, settings.sending_window, fallback_tz=settings.default_timezone
    )
    with transaction(services.sessions) as session:
        own = repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        if participant.reminders_stopped_at is not None:
            return None
        outbox.enqueue(
            session,
            kind=MessageKind.FOLLOWUP,
            dedupe_key=snooze_key(participant.id, ref.wave, due),
            recipient=person,
            workshop_id=workshop.id,
            participant_id=participant.id,
            payload={"participant_id": participant.id, "wave": ref.wave, "snoozed": True},
            due_at=due,
            now=now,
        )
        lang = services.language(session, person, fetch=False)
        local_day = due.astimezone(resolve_tz(tz, settings.default_timezone)).date()
        return Answered(t("followup.snoozed", lang, date=format_date(local_day, lang)))


def stop(services: Services, person: Person, ref: FollowUpRef) -> Answered | None:
    """No more follow-ups or reminders for this workshop; what was planned is cancelled."""
    now = services.clock()
    with transaction(services.sessions) as session:
        own = repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        repo.stop_reminders(session, participant, now)
        outbox.cancel_pending(
            session, now=now, reason="stopped_by_participant", participant_id=participant.id
        )
        lang = services.language(session, person, fetch=False)
        note = t("followup.stopped", lang, title=escape_mrkdwn(workshop.title))
        return Answered(note, show_controls=False)


@dataclass(frozen=True)
class FollowUpNow:
    followup: FollowUpModel
    team_id: str  # the workshop's workspace


def followup_now(
    services: Services, person: Person, ref: FollowUpRef, answered: Answered
) -> FollowUpNow | None:
    """The person's follow-up as it now reads, ending with the answer's note (to redraw it)."""
    with transaction(services.sessions) as session:
        own = repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        lang = services.language(session, person, fetch=False)
        model = followup_model(
            services,
            session,
            participant,
            workshop,
            ref.wave,
            lang,
            note=answered.note,
            show_controls=answered.show_controls,
            ask_drop_reason=answered.ask_drop_reason,
        )
        return FollowUpNow(model, workshop.team_id) if model is not None else None


@dataclass(frozen=True)
class Questions:
    """The follow-up the questions are about, and the person's earlier answers to its wave."""

    followup: FollowUpModel
    earlier: dict[str, Any] | None


def questions(services: Services, person: Person, ref: FollowUpRef) -> Questions | None:
    with transaction(services.sessions) as session:
        own = repo.own_participation(session, person, ref.participant_id)
        if own is None:
            return None
        participant, workshop = own
        lang = services.language(session, person, fetch=False)
        model = followup_model(services, session, participant, workshop, ref.wave, lang)
        if model is None:
            return None
        return Questions(model, repo.response_of(session, participant.id, ref.wave))


@dataclass(frozen=True)
class FollowUpAnswers:
    """The questions' answers as written (cleaned and cut here), lights by factor id."""

    helped: str = ""
    obstacles: str = ""
    revised: str = ""
    lights: Mapping[str, str] = field(default_factory=dict)


def lights_given(answers: FollowUpAnswers) -> dict[str, str]:
    """The traffic lights actually chosen (a light left empty or forged is none)."""
    return {factor: light for factor, light in answers.lights.items() if light in LIGHTS}


def save_answers(
    services: Services, person: Person, ref: FollowUpRef, answers: FollowUpAnswers
) -> str | None:
    """Keep the answers (one per wave; answering again replaces them). When the database
    cannot answer, the message to show while the person keeps what they wrote (nothing was
    written: the transaction rolled back)."""
    answer: dict[str, Any] = {}
    for key, raw in (
        ("helped", answers.helped),
        ("obstacles", answers.obstacles),
        ("revised", answers.revised),
    ):
        text = answer_text(raw)
        if text:
            answer[key] = text
    lights = lights_given(answers)
    if lights:
        answer["lights"] = lights
    try:
        with transaction(services.sessions) as session:
            own = repo.own_participation(session, person, ref.participant_id)
            if own is not None:
                repo.save_response(session, own[0].id, ref.wave, answer, services.clock())
    except UNAVAILABLE:
        log.warning("follow-up answers: the database did not answer; the modal is kept")
        return t("error.not_saved", services.settings.default_language)
    return None


@dataclass(frozen=True)
class Unsubscribed:
    """Every follow-up of the person stopped, and their e-mail address: the workshops' titles."""

    titles: tuple[str, ...]
    lang: str


def stop_everything(services: Services, person: Person) -> Unsubscribed:
    """Unsubscribe: `stop` for each of the person's workshops (pending follow-ups cancelled,
    reminders_stopped_at set) and no more mail to their address. Saying it twice is harmless."""
    now = services.clock()
    with transaction(services.sessions) as session:
        ours = people.memberships(session, person)
        lang = services.language(session, person, fetch=False)
        web.stop_mail(session, person, now)
    for participant, _ in ours:
        stop(services, person, FollowUpRef(participant.id, "stop"))
    return Unsubscribed(tuple(workshop.title for _, workshop in ours), lang)
