"""Live rounds, the facilitator's half: a theme posted to the workshop channel, and the answer
count its message shows, kept current.

The count is shown again at most once per THROTTLE per round. The database decides who shows it
(a conditional UPDATE on rounds.shown_at), so it holds across threads and processes; the
worker's trailing refresh makes the last update so the final count is right after a burst.
Showing the message is the channel's part (bot/facilitation/slack.py); the participant's half
(what a round asks, answering it) is bot/reflection/rounds.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import Services
from flows.identity import Person
from flows.templates.schema import Step
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import rounds as repo

THROTTLE = timedelta(seconds=3)
# Rounds older than this are left alone by the refresh.
LIVE_FOR = timedelta(hours=12)


@dataclass(frozen=True)
class RoundCount:
    """What a live round's message shows, and where it is."""

    round_id: int
    step: Step
    workshop_title: str
    count: int
    lang: str  # the workshop's language: the whole room reads the message
    team_id: str
    channel_id: str
    message_ts: str | None = None
    at: datetime | None = None  # when the round was stored


def themes(services: Services, workshop: Workshop) -> tuple[Step, ...]:
    """The themes a round can be about, as this workshop runs its template."""
    return tuple(services.template_for(workshop).themes)


def start_round(
    services: Services, person: Person, workshop: Workshop, step_id: str
) -> RoundCount | None:
    """Store a round of one of the workshop's themes; None for a theme it does not have."""
    step = next((s for s in themes(services, workshop) if s.id == step_id), None)
    if step is None:
        return None
    now = services.clock()
    with transaction(services.sessions) as session:
        stored = repo.create_round(session, workshop, step.id, person.user_id, now)
        round_id = stored.id
        count = repo.answer_count(session, workshop.id, step.id)
    return RoundCount(
        round_id,
        step,
        workshop.title,
        count,
        workshop.language,
        workshop.team_id,
        workshop.channel_id,
        at=now,
    )


def posted(services: Services, shown: RoundCount, message_ts: str) -> None:
    """The round's message is in the channel, showing its count."""
    assert shown.at is not None
    with transaction(services.sessions) as session:
        repo.set_posted(session, shown.round_id, message_ts, shown.count, shown.at)


def claim_after_answer(services: Services, team_id: str, round_id: int) -> bool:
    """After a round answer: whether the count is to be shown now (the throttle allows it)."""
    now = services.clock()
    with transaction(services.sessions) as session:
        if repo.get_round(session, team_id, round_id) is None:
            return False
        # False: someone showed it recently; the trailing refresh shows the rest.
        return repo.claim_round_update(session, round_id, now, now - THROTTLE)


def changed_count(services: Services, round_id: int) -> RoundCount | None:
    """The round's message as it should read now; None when it already shows that count."""
    with transaction(services.sessions) as session:
        found = repo.get(session, round_id)
        if found is None or found.message_ts is None:
            return None
        workshop = repo.workshop_of(session, found)
        if workshop is None:
            return None
        count = repo.answer_count(session, found.workshop_id, found.step_id)
        if count == found.shown_count:
            return None
        located = services.template_for(workshop).locate(found.step_id)
        if located is None:
            return None
        return RoundCount(
            found.id,
            located[1],
            workshop.title,
            count,
            workshop.language,
            workshop.team_id,
            found.channel_id,
            found.message_ts,
        )


def shown(services: Services, shown: RoundCount) -> None:
    with transaction(services.sessions) as session:
        repo.set_shown(session, shown.round_id, shown.count)


def due_rounds(services: Services) -> tuple[datetime, list[int]]:
    """The trailing refresh: when it runs, and the rounds whose shown count is behind and whose
    throttle window has passed (each to be claimed with `claim_due` before it is shown)."""
    now = services.clock()
    with transaction(services.sessions) as session:
        live = repo.recent_rounds(session, now - LIVE_FOR)
        counts = repo.answer_counts(session, live)
        due = [
            r.id
            for r in live
            if counts.get(r.id, 0) != r.shown_count
            and (r.shown_at is None or r.shown_at <= now - THROTTLE)
        ]
    return now, due


def claim_due(services: Services, round_id: int, now: datetime) -> bool:
    """Take the right to show a due round's count; False when another process took it."""
    with transaction(services.sessions) as session:
        return repo.claim_round_update(session, round_id, now, now - THROTTLE)
