"""What an outbox row says in Slack, rendered at send time from the database as it is now.

The row's payload holds only ids and the wave, so edits made since planning show, and a deleted
participant, removed next steps or a stop press cancel the row instead of sending stale text.
`SLACK_RENDERERS` is Slack's entry in the registry of renderers (bot.followups.renderers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.followups.digest import digest_blocks, digest_chart, digest_text
from bot.followups.renderers import Renderers, Skip
from bot.followups.views import (
    FollowUpModel,
    StepItem,
    followup_blocks,
    followup_text,
    reminder_message,
)
from bot.outcomes import peers
from bot.outcomes.digest import outcome_blocks
from bot.outcomes.slack_renderers import render_help
from bot.services import Services
from bot.slack.blocks import Block, fit_message
from flows.followups import (
    DigestParticipant,
    compute_digest,
    parse_offsets,
    reminder_still_relevant,
)
from flows.i18n import t
from flows.identity import Channel
from flows.outbox import MessageKind
from flows.outcomes import compute_outcomes
from flows.steps import REPLACED
from flows.timing import resolve_tz
from flows.wording import time_since
from storage.models import Participant, Reflection, Workshop
from storage.repositories import followups as repo
from storage.repositories import outcomes as outcome_repo
from storage.repositories import participants as people
from storage.repositories import workshops as workshop_repo
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed


@dataclass(frozen=True)
class Outgoing:
    text: str
    blocks: list[Block]
    # Runs after Slack accepted the message (e.g. the digest's chart upload); best effort.
    after: Callable[[Services, str], None] | None = None
    # Posted to a group DM with these people instead of the recipient's own DM.
    conversation_with: tuple[str, ...] = ()


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


def _participant(lookups: Lookups, row: Claimed) -> tuple[Participant, Workshop] | Skip:
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


def _followup(
    services: Services,
    session: Session,
    row: Claimed,
    now: datetime,
    lang: str,
    lookups: Lookups,
) -> Outgoing | Skip:
    found = _participant(lookups, row)
    if isinstance(found, Skip):
        return found
    participant, workshop = found
    wave = str(row.payload.get("wave") or "")
    if wave not in {offset.code for offset in parse_offsets(workshop.followup_offsets)}:
        return Skip("wave_removed")
    model = followup_model(
        services, session, participant, workshop, wave, lang, lookups=lookups, now=now
    )
    if model is None:
        return Skip("no_next_steps")
    return Outgoing(followup_text(model), followup_blocks(model))


def _reminder(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    found = _participant(lookups, row)
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
    text, blocks = reminder_message(
        workshop.title,
        workshop.id,
        lang,
        current_step=reflection.current_step,
        total_steps=len(services.template_for(workshop).steps),
    )
    return Outgoing(text, blocks)


def _digest(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    workshop = (
        workshop_repo.get_workshop(session, row.team_id, row.workshop_id)
        if row.workshop_id
        else None
    )
    if workshop is None:
        return Skip("workshop_deleted")
    if not workshop_repo.is_facilitator(workshop, row.recipient):
        return Skip("not_facilitator")
    wave = str(row.payload.get("wave") or "")
    records = repo.wave_records(session, workshop.id, wave)
    digest = compute_digest(
        wave, [_digest_participant(record) for record in records], workshop.min_group_size
    )
    if digest.invited == 0:
        return Skip("nobody_invited")
    title = workshop.title
    update = int(row.payload.get("number") or 0) > 0
    blocks = digest_blocks(digest, title, lang, update=update)
    inputs = outcome_repo.workshop_inputs(session, row.team_id, [workshop.id])
    if inputs:
        figures = compute_outcomes(inputs[0])
        blocks = fit_message(
            [*blocks, *outcome_blocks(figures, wave, lang)], t("digest.overflow", lang)
        )
    chart = digest_chart(digest, title, lang)
    after = _uploader(chart, lang, row.team_id) if chart else None
    return Outgoing(digest_text(digest, title, lang), blocks, after)


def _help(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = row.payload.get("request_id")
    if not isinstance(request_id, int):
        return Skip("no_request")
    found = render_help(session, row.team_id, row.recipient_user_id, request_id, lang)
    if found is None:
        return Skip("request_gone")
    return Outgoing(*found)


def _request_id(row: Claimed) -> int | Skip:
    request_id = row.payload.get("request_id")
    return request_id if isinstance(request_id, int) else Skip("no_request")


def _peer_ask(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    asked = peers.render_ask(session, row.team_id, row.recipient_user_id, request_id, lang)
    return Skip(asked) if isinstance(asked, str) else Outgoing(*asked)


def _peer_end(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    state = str(row.payload.get("state") or "")
    ended = peers.render_ending(session, row.team_id, request_id, state, lang)
    return Skip(ended) if isinstance(ended, str) else Outgoing(*ended)


def _peer_intro(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    request_id = _request_id(row)
    if isinstance(request_id, Skip):
        return request_id
    found = peers.render_introduction(session, row.team_id, request_id, lang)
    if isinstance(found, str):
        return Skip(found)
    text, blocks, people_ = found
    team_id = row.team_id

    def introduced(services: Services, channel: str) -> None:
        peers.mark_introduced(services, team_id, request_id)

    return Outgoing(text, blocks, introduced, conversation_with=people_)


def _uploader(chart: bytes, lang: str, team_id: str) -> Callable[[Services, str], None]:
    def upload(services: Services, channel: str) -> None:
        services.slack_for(team_id).upload_file(
            channel,
            "trafiklys.png" if lang != "en" else "traffic-lights.png",
            chart,
            t("digest.chart_title", lang, title="").rstrip(" –"),
        )

    return upload


def _digest_participant(record: repo.WaveRecord) -> DigestParticipant:
    response: dict[str, Any] = record.response or {}
    lights = response.get("lights")
    return DigestParticipant(
        user_id=record.participant.user_id,
        named=record.participant.named,
        invited=record.invited,
        statuses=record.statuses,
        answered_questions=bool(record.response),
        helped=_str(response.get("helped")),
        obstacles=_str(response.get("obstacles")),
        day_lights=record.day_lights,
        followup_lights=dict(lights) if isinstance(lights, dict) else {},
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


SLACK_RENDERERS: Renderers[Outgoing] = Renderers(
    Channel.SLACK,
    {
        MessageKind.FOLLOWUP: _followup,
        MessageKind.REMINDER: _reminder,
        MessageKind.DIGEST: _digest,
        MessageKind.HELP: _help,
        MessageKind.PEER_ASK: _peer_ask,
        MessageKind.PEER_INTRO: _peer_intro,
        MessageKind.PEER_END: _peer_end,
    },
)
