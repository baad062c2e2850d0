"""Whether a follow-up or reminder row still has something to say, read at send time: the rules
every channel's renderers share (Slack's DM, the e-mail), so that each lives once.

Channel-free: a claimed row and the database as it is now in, the participant and workshop (or
the reason to skip) out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.outbox.renderers import Skip
from bot.services import Services
from flows.followups import parse_offsets, reminder_still_relevant, superseded_by
from storage.models import Participant, Reflection, Workshop
from storage.repositories import participants as people
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed


def participant_of(lookups: Lookups, row: Claimed) -> tuple[Participant, Workshop] | Skip:
    """The row's participant and workshop, unless they are gone or said stop."""
    participant = lookups.participant(row.participant_id) if row.participant_id else None
    # A Slack Connect guest's rows carry their own workspace (the one that delivers to them).
    if participant is None or row.team_id not in (participant.team_id, participant.home_team_id):
        return Skip("participant_deleted")
    if participant.reminders_stopped_at is not None:
        return Skip("stopped")
    workshop = lookups.workshop(participant.workshop_id)
    if workshop is None:
        return Skip("workshop_deleted")
    return participant, workshop


def wave_to_send(
    services: Services,
    row: Claimed,
    participant: Participant,
    workshop: Workshop,
    now: datetime,
    lookups: Lookups,
) -> str | Skip:
    """The row's wave, unless it was removed from the workshop or a newer one is due too."""
    wave = str(row.payload.get("wave") or "")
    if wave not in {offset.code for offset in parse_offsets(workshop.followup_offsets)}:
        return Skip("wave_removed")
    # The zone the planner timed the waves in: the person's own, as the reminder.
    profile = lookups.profile(people.person_of(participant))
    newer = superseded_by(
        workshop.day,
        workshop.followup_offsets,
        wave,
        profile.tz if profile is not None else None,
        now,
        services.settings.sending_window,
        fallback_tz=services.settings.default_timezone,
    )
    if newer is not None:
        return Skip(f"superseded:{newer}")
    return wave


@dataclass(frozen=True)
class Unfinished:
    """A reflection the in-day reminder is about: where the person is in it."""

    participant: Participant
    workshop: Workshop
    current_step: int  # 0-based
    total_steps: int


def unfinished_reflection(
    services: Services, session: Session, row: Claimed, now: datetime, lookups: Lookups
) -> Unfinished | Skip:
    """The reminder's reflection, unless it is finished, closed, or the day is over."""
    found = participant_of(lookups, row)
    if isinstance(found, Skip):
        return found
    participant, workshop = found
    reflection: Reflection | None = people.get_reflection(session, participant)
    if reflection is None or reflection.status == "completed":
        return Skip("completed")
    if workshop.status != "open":
        return Skip("workshop_closed")
    profile = lookups.profile(people.person_of(participant))
    tz = profile.tz if profile else None
    if not reminder_still_relevant(
        reflection.started_at, now, tz, fallback_tz=services.settings.default_timezone
    ):
        return Skip("day_over")
    return Unfinished(
        participant,
        workshop,
        reflection.current_step,
        len(services.template_for(workshop).steps),
    )
