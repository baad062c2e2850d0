"""A follow-up as a person reads it, from the database as it is now: every channel renders it
(Slack's DM in followups/views.py), and the answers to it redraw it with a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.services import Services
from flows.steps import REPLACED
from flows.timing import resolve_tz
from flows.wording import time_since
from storage.models import Participant, Workshop
from storage.repositories import participants as people
from storage.repositories.followups import Lookups


@dataclass(frozen=True)
class StepItem:
    id: int
    text: str
    target_date: date | None
    status: str  # current status; "open" until the person answers


@dataclass(frozen=True)
class FollowUpModel:
    participant_id: int
    wave: str
    ago: str  # "2 uger" / "3 months"
    title: str
    written_on: date
    steps: tuple[StepItem, ...]
    lang: str
    note: str | None = None  # trusted mrkdwn shown at the end (an acknowledgement)
    show_controls: bool = True
    ask_drop_reason: int | None = None  # the step just dropped: ask why, in one tap

    @property
    def value(self) -> str:
        return f"{self.participant_id}:{self.wave}"


def followup_model(
    services: Services,
    session: Session,
    participant: Participant,
    workshop: Workshop,
    wave: str,
    lang: str,
    *,
    note: str | None = None,
    show_controls: bool = True,
    lookups: Lookups | None = None,
    ask_drop_reason: int | None = None,
    now: datetime | None = None,
) -> FollowUpModel | None:
    """`now` is when the message is sent or re-rendered: 'for 3 weeks ago' after a snooze."""
    lookups = lookups or Lookups(session)
    # A re-planned step is followed up through its revision only (flows.steps.followed_up).
    steps = [s for s in lookups.next_steps(participant.id) if s.status != REPLACED]
    if not steps:
        return None
    profile = lookups.profile(people.person_of(participant))
    tz = resolve_tz(profile.tz if profile else None, services.settings.default_timezone)
    written = min(step.created_at for step in steps).astimezone(tz).date()
    today = (now or services.clock()).astimezone(tz).date()
    ago = time_since(workshop.day, today, lang)
    return FollowUpModel(
        participant_id=participant.id,
        wave=wave,
        ago=ago,
        title=workshop.title,
        written_on=written,
        steps=tuple(StepItem(s.id, s.text, s.target_date, s.status) for s in steps),
        lang=lang,
        note=note,
        show_controls=show_controls,
        ask_drop_reason=ask_drop_reason,
    )
