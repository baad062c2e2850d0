"""What an outbox row says in Slack, rendered at send time from the database as it is now.

The row's payload holds only ids and the wave, so edits made since planning show, and a deleted
participant, removed next steps or a stop press cancel the row instead of sending stale text.
`FOLLOWUP_RENDERERS` are the follow-up kinds' part of Slack's registry (bot/composition.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.followups.due import participant_of, unfinished_reflection, wave_to_send
from bot.followups.model import followup_model
from bot.followups.slack_digest import digest_blocks, digest_chart, digest_text, outcome_blocks
from bot.followups.views import followup_blocks, followup_text, reminder_message
from bot.outbox.renderers import Renderer, Skip
from bot.outbox.slack_transport import Outgoing
from bot.services import Services
from bot.slack.blocks import fit_message
from bot.slack.services import SlackServices
from flows.followups import DigestParticipant, compute_digest
from flows.i18n import t
from flows.identity import person_key
from flows.outbox import MessageKind
from flows.outcomes import compute_outcomes
from storage.repositories import followups as repo
from storage.repositories import outcomes as outcome_repo
from storage.repositories import workshops as workshop_repo
from storage.repositories.followups import Lookups
from storage.repositories.outbox import Claimed


def _followup(
    services: Services,
    session: Session,
    row: Claimed,
    now: datetime,
    lang: str,
    lookups: Lookups,
) -> Outgoing | Skip:
    found = participant_of(lookups, row)
    if isinstance(found, Skip):
        return found
    participant, workshop = found
    wave = wave_to_send(services, row, participant, workshop, now, lookups)
    if isinstance(wave, Skip):
        return wave
    model = followup_model(
        services, session, participant, workshop, wave, lang, lookups=lookups, now=now
    )
    if model is None:
        return Skip("no_next_steps")
    return Outgoing(followup_text(model), followup_blocks(model))


def _reminder(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    found = unfinished_reflection(services, session, row, now, lookups)
    if isinstance(found, Skip):
        return found
    text, blocks = reminder_message(
        found.workshop.title,
        found.workshop.id,
        lang,
        current_step=found.current_step,
        total_steps=found.total_steps,
    )
    return Outgoing(text, blocks)


def _digest(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Outgoing | Skip:
    if not row.workshop_id:
        return Skip("workshop_deleted")
    workshop = workshop_repo.facilitated_workshop(
        session, row.team_id, row.workshop_id, row.recipient
    )
    if workshop is None:
        # Gone, or the recipient no longer facilitates it: the same rule either way.
        return Skip(
            "not_facilitator"
            if workshop_repo.get_workshop(session, row.team_id, row.workshop_id)
            else "workshop_deleted"
        )
    wave = str(row.payload.get("wave") or "")
    records = repo.wave_records(session, workshop.id, wave)
    digest = compute_digest(
        wave, [_digest_participant(record) for record in records], workshop.min_group_size
    )
    if digest.invited == 0:
        return Skip("nobody_invited")
    title = workshop.title
    update = int(row.payload.get("number") or 0) > 0
    inputs = outcome_repo.workshop_inputs(session, row.team_id, [workshop.id])
    figures = (
        compute_outcomes(inputs[0], tz_name=services.settings.default_timezone) if inputs else None
    )
    blocks = digest_blocks(digest, title, lang, update=update, outcomes=figures)
    if figures is not None:
        blocks = fit_message(
            [*blocks, *outcome_blocks(figures, wave, lang)], t("digest.overflow", lang)
        )
    chart = digest_chart(digest, title, lang)
    after = _uploader(chart, lang, row.team_id) if chart else None
    return Outgoing(digest_text(digest, title, lang), blocks, after)


def _uploader(chart: bytes, lang: str, team_id: str) -> Callable[[SlackServices, str], None]:
    def upload(services: SlackServices, channel: str) -> None:
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
        user_id=person_key(record.participant.channel, record.participant.user_id),
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


# Slack's renderers of the follow-up kinds; the composition root registers them with the
# outcomes' (help, peers) in the one Slack registry.
def _not_for_slack(
    services: Services, session: Session, row: Claimed, now: datetime, lang: str, lookups: Lookups
) -> Skip:
    """An e-mail address is confirmed by e-mail: a Slack row of this kind is never written."""
    return Skip("not_for_slack")


FOLLOWUP_RENDERERS: dict[MessageKind, Renderer[Outgoing]] = {
    MessageKind.FOLLOWUP: _followup,
    MessageKind.REMINDER: _reminder,
    MessageKind.DIGEST: _digest,
    MessageKind.MAIL_CONFIRM: _not_for_slack,
}
