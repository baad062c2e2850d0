"""Live rounds: post one theme to the workshop channel and keep its answer count current.

The count message is updated with chat.update, at most once per THROTTLE per round. The database
decides who updates (a conditional UPDATE on rounds.shown_at), so it holds across threads and
processes; the worker's `refresh_rounds` job makes the trailing update so the final count is
right after a burst.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.facilitation.views import round_message, theme_picker
from bot.services import Job, Services
from bot.slack.gateway import SlackFailure
from bot.slack.logs import log_failure
from flows.templates.schema import Step
from storage.db import transaction
from storage.models import Workshop
from storage.repositories import rounds as repo

log = logging.getLogger(__name__)
THROTTLE = timedelta(seconds=3)
# Rounds older than this are left alone by the refresh job.
LIVE_FOR = timedelta(hours=12)


def picker_view(services: Services, workshop: Workshop, lang: str) -> dict[str, Any] | None:
    template = services.template_for(workshop)
    if not template.themes:
        return None
    return theme_picker(workshop.id, workshop.title, workshop.channel_id, template.themes, lang)


def post_round(
    services: Services, workshop: Workshop, step_id: str, user_id: str
) -> tuple[Step | None, str | None]:
    """Store the round and post it; returns the step and the Slack error if posting failed."""
    template = services.template_for(workshop)
    step = next((s for s in template.themes if s.id == step_id), None)
    if step is None:
        return None, "unknown_theme"
    now = services.clock()
    with transaction(services.sessions) as session:
        stored = repo.create_round(session, workshop, step.id, user_id, now)
        round_id = stored.id
        count = repo.answer_count(session, workshop.id, step.id)
    text, blocks = round_message(round_id, step, workshop.title, count, workshop.language)
    try:
        posted = services.slack_for(workshop.team_id).post_message(
            workshop.channel_id, text, blocks
        )
    except SlackFailure as failure:
        return step, failure.error
    with transaction(services.sessions) as session:
        repo.set_posted(session, round_id, posted.ts, count, now)
    return step, None


def note_answer(services: Services, team_id: str, round_id: int) -> bool:
    """After a round answer: update the count now if the throttle allows; True if updated."""
    now = services.clock()
    with transaction(services.sessions) as session:
        found = repo.get_round(session, team_id, round_id)
        if found is None:
            return False
        if not repo.claim_round_update(session, round_id, now, now - THROTTLE):
            return False  # someone updated recently; the refresh job makes the trailing update
    return refresh_one(services, round_id)


def refresh_one(services: Services, round_id: int) -> bool:
    """Show the round's current count (one count query, one chat.update when it changed)."""
    with transaction(services.sessions) as session:
        found = repo.get(session, round_id)
        if found is None or found.message_ts is None:
            return False
        workshop = repo.workshop_of(session, found)
        if workshop is None:
            return False
        count = repo.answer_count(session, found.workshop_id, found.step_id)
        if count == found.shown_count:
            return False
        located = services.template_for(workshop).locate(found.step_id)
        if located is None:
            return False
        text, blocks = round_message(found.id, located[1], workshop.title, count, workshop.language)
        channel, ts, team_id = found.channel_id, found.message_ts, workshop.team_id
    try:
        services.slack_for(team_id).update_message(channel, ts, text, blocks)
    except SlackFailure as failure:
        log_failure("chat.update", failure)
        return False
    with transaction(services.sessions) as session:
        repo.set_shown(session, round_id, count)
    return True


def refresh_rounds(services: Services) -> int:
    """The worker's trailing update: rounds whose shown count is behind and whose throttle
    window has passed. Returns how many messages were updated."""
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
    updated = 0
    for round_id in due:
        with transaction(services.sessions) as session:
            claimed = repo.claim_round_update(session, round_id, now, now - THROTTLE)
        if claimed and refresh_one(services, round_id):
            updated += 1
    return updated


# The trailing update of live round counts: a burst's final count shows within a few seconds.
JOBS: list[Job] = [Job("refresh_round_counts", 3, refresh_rounds)]
