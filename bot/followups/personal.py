"""The person's own follow-up, read from a link of theirs rather than from a message: who a
personal or unsubscribe link stands for, and their next steps with the latest status, so they
can answer without the mail (the answers go through followups/service.py as any channel's).

Channel-free: a raw link token or a `Person` in, domain values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services import Services
from flows.followupref import FollowUpRef
from flows.i18n import Language
from flows.identity import Person
from flows.steps import REPLACED, waves_of
from flows.timing import resolve_tz
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import followups as followup_repo
from storage.repositories import participants as people
from storage.repositories import web


@dataclass(frozen=True)
class Holder:
    """Who a link stands for, and the workshop it was given in."""

    state: web.State
    person: Person | None = None
    participant_id: int | None = None
    lang: Language | None = None
    workshop_code: str | None = None


def holder(services: Services, raw: str, purpose: web.Purpose) -> Holder:
    """What a link of `purpose` stands for, read without spending it."""
    with transaction(services.sessions) as session:
        found = web.look_up(session, raw, services.clock(), purpose)
        if found.person is None:
            return Holder(found.state)
        own = (
            followup_repo.own_participation(session, found.person, found.participant_id)
            if found.participant_id is not None
            else None
        )
        code = own[1].code if own is not None else None
        return Holder(
            found.state,
            found.person,
            found.participant_id,
            services.language(session, found.person, fetch=False),
            code,
        )


def current_wave(workshop: Workshop, today: date) -> str | None:
    """The wave an answer given today belongs to: the latest begun, else the first to come
    (flows.steps.wave_of_event reads it the same way); None when there are no follow-ups."""
    waves = waves_of(workshop.day, workshop.followup_offsets or ())
    if not waves:
        return None
    begun = [wave for wave in waves if wave.starts_on <= today]
    return (begun[-1] if begun else waves[0]).code


@dataclass(frozen=True)
class OwnStep:
    id: int
    text: str
    written_on: date
    target_date: date | None
    status: str  # "open" until the person answers


@dataclass(frozen=True)
class OwnFollowUp:
    title: str
    wave: str | None
    steps: tuple[OwnStep, ...]
    stopped: bool  # they said stop: no more follow-ups
    begun: bool  # a follow-up has gone out (so "remind me in a week" means something)

    def ref(self, participant_id: int, step_id: int | None = None) -> FollowUpRef | None:
        return FollowUpRef(participant_id, self.wave, step_id) if self.wave else None


def own_followup(services: Services, person: Person, participant_id: int) -> OwnFollowUp | None:
    with transaction(services.sessions) as session:
        own = followup_repo.own_participation(session, person, participant_id)
        if own is None:
            return None
        participant, workshop = own
        tz = resolve_tz(None, services.settings.default_timezone)
        today = services.clock().astimezone(tz).date()
        steps = tuple(
            OwnStep(s.id, s.text, s.created_at.astimezone(tz).date(), s.target_date, s.status)
            for s in people.next_steps_of(session, participant.id)
            if s.status != REPLACED
        )
        waves = waves_of(workshop.day, workshop.followup_offsets or ())
        return OwnFollowUp(
            workshop.title,
            current_wave(workshop, today),
            steps,
            participant.reminders_stopped_at is not None,
            any(wave.starts_on <= today for wave in waves),
        )
