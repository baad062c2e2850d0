"""Planning: turn the database's state into outbox rows. Idempotent; every tick may run it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.services import Services
from flows.followups import (
    digest_moments,
    followups_for,
    parse_offsets,
    reminder_due_at,
    wave_of,
)
from flows.identity import Channel, Person
from flows.outbox import MessageKind, digest_key, followup_key, reminder_key
from flows.timing import follow_up_due_at
from storage.db import transaction
from storage.repositories import followups as repo
from storage.repositories import outbox, web
from storage.repositories.workspaces import get_profile

log = logging.getLogger(__name__)

# Workshops older than this are done following up (the longest sensible offset is a year).
HORIZON = timedelta(days=2 * 366)
REMINDER_LOOKBACK = timedelta(hours=18)


def recipient_tz(services: Services, person: Person) -> str | None:
    """The person's IANA zone, kept in their profile, whatever their channel (a web
    participant's comes from their browser). Only Slack is asked, once, for a Slack user whose
    profile was never fetched (`Services.refresh_profile`)."""
    with transaction(services.sessions) as session:
        profile = get_profile(session, person)
        if person.channel is Channel.SLACK and (profile is None or profile.fetched_at is None):
            profile = services.refresh_profile(session, person) or profile
        return profile.tz if profile else None


def reachable(services: Services, session: Session, person: Person, team_id: str) -> bool:
    """Whether a message can be delivered to the person now. A Slack Connect guest whose own
    workspace has no installation, or a web participant without a confirmed, not-stopped
    e-mail address, cannot: their follow-ups stay unplanned until they can."""
    if person.channel is Channel.WEB:
        return web.reachable_address(session, person) is not None
    return services.reaches(team_id, person.team_id)


def plan_followups(services: Services, now: datetime | None = None) -> int:
    """Enqueue each participant's follow-up waves; returns how many rows were added."""
    now = now or services.clock()
    with transaction(services.sessions) as session:
        candidates = repo.followup_candidates(session, (now - HORIZON).date())
    wanted = {
        followup_key(c.participant_id, wave_of(offset)): c
        for c in candidates
        for offset in parse_offsets(c.offsets)
    }
    with transaction(services.sessions) as session:
        have = outbox.existing_keys(session, list(wanted))
    missing = {c.participant_id: c for key, c in wanted.items() if key not in have}
    with transaction(services.sessions) as session:
        repo.settle_followups(
            session, [c.participant_id for c in candidates if c.participant_id not in missing]
        )
    # Someone out of reach stays unsettled: a Slack Connect guest is planned once their own
    # workspace installs Temadag, a web participant once they confirm an e-mail address.
    with transaction(services.sessions) as session:
        missing = {
            pid: c
            for pid, c in missing.items()
            if reachable(services, session, _recipient(c), c.team_id)
        }
    added = 0
    settings = services.settings
    for candidate in missing.values():
        # In the person's own zone, as their channel told it (the fallback zone if not).
        tz = recipient_tz(services, _recipient(candidate))
        plans = followups_for(
            candidate.workshop_day,
            candidate.offsets,
            tz,
            now,
            settings.sending_window,
            fallback_tz=settings.default_timezone,
        )
        with transaction(services.sessions) as session:
            for plan in plans:
                added += outbox.enqueue(
                    session,
                    kind=MessageKind.FOLLOWUP,
                    dedupe_key=followup_key(candidate.participant_id, plan.wave),
                    recipient=_recipient(candidate),
                    workshop_id=candidate.workshop_id,
                    participant_id=candidate.participant_id,
                    payload={"participant_id": candidate.participant_id, "wave": plan.wave},
                    due_at=plan.due_at,
                    now=now,
                )
            repo.settle_followups(session, [candidate.participant_id])
    if added:
        log.info("planned %d follow-ups", added)
    return added


def plan_reminders(services: Services, now: datetime | None = None) -> int:
    """One in-day reminder per participant who started but has not finished."""
    now = now or services.clock()
    added = 0
    with transaction(services.sessions) as session:
        for candidate in repo.reminder_candidates(session, now - REMINDER_LOOKBACK):
            recipient = _recipient(candidate)
            if not reachable(services, session, recipient, candidate.team_id):
                continue
            added += outbox.enqueue(
                session,
                kind=MessageKind.REMINDER,
                dedupe_key=reminder_key(candidate.participant_id),
                recipient=recipient,
                workshop_id=candidate.workshop_id,
                participant_id=candidate.participant_id,
                payload={"participant_id": candidate.participant_id},
                due_at=reminder_due_at(candidate.started_at, candidate.delay_minutes),
                now=now,
            )
    return added


def _recipient(candidate: repo.FollowUpCandidate | repo.ReminderCandidate) -> Person:
    """Who receives the candidate's messages: in the workspace that delivers to them."""
    return Person(candidate.deliver_team, candidate.user_id, candidate.channel)


def plan_digests(services: Services, now: datetime | None = None) -> int:
    """For each wave that went out: the latest digest moment that has come, per facilitator.

    Only the latest passed moment is enqueued, so a worker that was down for weeks sends one
    up-to-date digest, not a pile of stale ones.
    """
    now = now or services.clock()
    settings = services.settings
    window = settings.sending_window
    added = 0
    with transaction(services.sessions) as session:
        for workshop in repo.workshops_following_up(session, (now - HORIZON).date()):
            facilitators = [f.user_id for f in workshop.facilitators]
            offsets = parse_offsets(workshop.followup_offsets)
            dues = sorted(
                (
                    follow_up_due_at(
                        workshop.day, o, None, window, fallback_tz=settings.default_timezone
                    ),
                    o.code,
                )
                for o in offsets
            )
            for index, (wave_due, wave) in enumerate(dues):
                if wave_due > now:
                    break
                until = wave_due + timedelta(days=settings.digest_collect_days)
                if index + 1 < len(dues):
                    until = min(until, dues[index + 1][0])
                moments = digest_moments(
                    wave_due,
                    until,
                    after_days=settings.digest_after_days,
                    cadence_days=settings.digest_cadence_days,
                    window=window,
                    fallback_tz=settings.default_timezone,
                )
                passed = [m for m in moments if m.due_at <= now]
                if not passed:
                    continue
                moment = passed[-1]
                for facilitator in facilitators:
                    added += outbox.enqueue(
                        session,
                        kind=MessageKind.DIGEST,
                        dedupe_key=digest_key(workshop.id, wave, moment.number, facilitator),
                        recipient=Person.slack(workshop.team_id, facilitator),
                        workshop_id=workshop.id,
                        payload={"workshop_id": workshop.id, "wave": wave, "number": moment.number},
                        due_at=moment.due_at,
                        now=now,
                    )
    return added


def plan_all(services: Services, now: datetime | None = None) -> int:
    now = now or services.clock()
    return plan_reminders(services, now) + plan_followups(services, now)
