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

from sqlalchemy.orm import Session

from bot.builders.reflection import StepMeta
from bot.builders.summary import round_message, theme_picker
from bot.listeners.common import log_failure
from bot.services import Services
from bot.slack_api import SlackFailure
from bot.usecases import reflection as reflection_uc
from flows.i18n import t
from flows.templates.schema import Step, Template
from flows.text import escape_mrkdwn
from storage.db import transaction
from storage.models import Round, Workshop
from storage.repositories import participants as people
from storage.repositories import summaries as repo
from storage.repositories import workspaces

log = logging.getLogger(__name__)
THROTTLE = timedelta(seconds=3)
# Rounds older than this are left alone by the refresh job.
LIVE_FOR = timedelta(hours=12)


def picker_view(services: Services, workshop: Workshop, lang: str) -> dict[str, Any] | None:
    template = reflection_uc.template_for(services, workshop)
    if not template.themes:
        return None
    return theme_picker(workshop.id, workshop.title, workshop.channel_id, template.themes, lang)


def post_round(
    services: Services, workshop: Workshop, step_id: str, user_id: str
) -> tuple[Step | None, str | None]:
    """Store the round and post it; returns the step and the Slack error if posting failed."""
    template = reflection_uc.template_for(services, workshop)
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
        posted = services.slack.post_message(workshop.channel_id, text, blocks)
    except SlackFailure as failure:
        return step, failure.error
    with transaction(services.sessions) as session:
        found = session.get(Round, round_id)
        if found is not None:
            found.message_ts = posted.ts
            found.shown_count = count
            found.shown_at = now
    return step, None


def round_step(template: Template, found: Round) -> tuple[int, Step] | None:
    for index, step in enumerate(template.all_steps):
        if step.id == found.step_id:
            return index, step
    return None


def open_view(
    services: Services, session: Session, team_id: str, user_id: str, round_id: int, lang: str
) -> dict[str, Any] | str:
    """The modal with just the round's questions, joining the person if needed; else a message
    saying why not."""
    found = repo.get_round(session, team_id, round_id)
    workshop = session.get(Workshop, found.workshop_id) if found is not None else None
    if found is None or workshop is None or workshop.team_id != team_id:
        return t("round.unknown", lang)
    if workshop.status != "open":
        return t("join.closed", lang, title=escape_mrkdwn(workshop.title))
    template = reflection_uc.template_for(services, workshop)
    located = round_step(template, found)
    if located is None:
        return t("round.unknown", lang)
    workspaces.ensure_workspace(session, team_id, services.clock())
    participant, _ = people.join(session, workshop, user_id, services.clock())
    membership = reflection_uc.Membership(participant, workshop, template)
    meta = StepMeta(workshop.id, located[0], round_id=found.id)
    return reflection_uc.step_at(services, session, membership, meta, lang)


def is_valid_submission(services: Services, session: Session, team_id: str, meta: StepMeta) -> bool:
    """A round submission must name a round of this workshop and that round's step."""
    if meta.round_id is None:
        return True
    found = repo.get_round(session, team_id, meta.round_id)
    if found is None or found.workshop_id != meta.workshop_id:
        return False
    workshop = session.get(Workshop, found.workshop_id)
    if workshop is None:
        return False
    located = round_step(reflection_uc.template_for(services, workshop), found)
    return located is not None and located[0] == meta.index


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
        found = session.get(Round, round_id)
        if found is None or found.message_ts is None:
            return False
        workshop = session.get(Workshop, found.workshop_id)
        if workshop is None:
            return False
        count = repo.answer_count(session, found.workshop_id, found.step_id)
        if count == found.shown_count:
            return False
        located = round_step(reflection_uc.template_for(services, workshop), found)
        if located is None:
            return False
        text, blocks = round_message(found.id, located[1], workshop.title, count, workshop.language)
        channel, ts = found.channel_id, found.message_ts
    try:
        services.slack.update_message(channel, ts, text, blocks)
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
